"""A full disk and a second process: clear refusals, nothing half-made, nothing lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from kiosk.ui.wording import describe
from kiosk.vault.errors import VaultInUse
from kiosk.vault.gatekeeper.gate import Gatekeeper, VaultState
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY

ROOT = Path(__file__).resolve().parents[2]

# The child gets a file-size limit so every write that grows a file fails with EFBIG, the same
# path a full disk takes (ENOSPC); SIGXFSZ is ignored so the write returns an error instead.
FULL_DISK_CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from kiosk.ui.wording import describe
    from kiosk.vault.errors import StorageFull, VaultError
    from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
    from kiosk.vault.kdf import KdfParams
    tiny = KdfParams(8, 1, 1)
    data = Path(sys.argv[1])
    keeper = Gatekeeper(data, data / "gatekeeper" / "kiosk.secret",
                        kdf=KdfPolicy(pin=tiny, recovery=tiny, floor=tiny))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    for label, action in (
        ("unlock", lambda: keeper.unlock("river-stone", "100001")),
        ("provision", lambda: keeper.provision("new-vault", "402917", "402917")),
    ):
        try:
            action()
            print(label, "succeeded")
        except VaultError as error:
            print(label, type(error).__name__, describe(error))
    """
)


def test_full_disk_refuses_clearly_and_leaves_nothing_half_made(data_dir: Path) -> None:
    secret = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret)
    keeper = Gatekeeper(data_dir, secret, kdf=FAST_POLICY)
    keeper.provision("river-stone", "583920", "583920")
    folders_before = sorted((data_dir / "vaults").iterdir())
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    # The wrong PIN is not even checked when its count cannot be saved first.
    assert lines[0].startswith("unlock StorageFull"), result.stdout
    assert lines[1].startswith("provision StorageFull"), result.stdout
    assert "storage is full" in lines[0]
    assert sorted((data_dir / "vaults").iterdir()) == folders_before
    # with space again, everything works and nothing was lost
    with VaultService(keeper).open("river-stone", "583920") as vault:
        assert vault.full_check()
    keeper.provision("new-vault", "402917", "402917")


HOLDER_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
    from kiosk.vault.kdf import KdfParams
    from kiosk.vault.service import VaultService
    tiny = KdfParams(8, 1, 1)
    data = Path(sys.argv[1])
    keeper = Gatekeeper(data, data / "gatekeeper" / "kiosk.secret",
                        kdf=KdfPolicy(pin=tiny, recovery=tiny, floor=tiny))
    vault = VaultService(keeper).open("river-stone", "583920")
    print("open", flush=True)
    sys.stdin.readline()
    vault.close()
    """
)


def test_a_vault_open_in_another_process_is_in_use(data_dir: Path) -> None:
    secret = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret)
    keeper = Gatekeeper(data_dir, secret, kdf=FAST_POLICY)
    keeper.provision("river-stone", "583920", "583920")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_CHILD, str(data_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        started = time.monotonic()
        try:
            VaultService(keeper).open("river-stone", "583920")
        except VaultInUse as error:
            assert "already open" in describe(error)
        else:
            raise AssertionError("a second opener got in")
        assert time.monotonic() - started < 5
        assert [s.state for s in keeper.list_vaults()] == [VaultState.OPEN]
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with VaultService(keeper).open("river-stone", "583920"):
        pass
