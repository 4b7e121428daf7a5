"""A process killed in the middle of a guess has already paid for it (CVE-2014-4451)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from kiosk.vault.gatekeeper.gate import Gatekeeper
from tests.conftest import FAST_POLICY

ROOT = Path(__file__).resolve().parents[2]

# The child unlocks with a deliberately slow KDF (many passes over little memory) so that the
# parent has time to see the counter on disk and kill the child before the check finishes.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
    from kiosk.vault.kdf import KdfParams
    slow = KdfParams(memory_kib=8, iterations=400_000, parallelism=1)
    tiny = KdfParams(memory_kib=8, iterations=1, parallelism=1)
    data = Path(sys.argv[1])
    keeper = Gatekeeper(data, data / "gatekeeper" / "kiosk.secret",
                        kdf=KdfPolicy(pin=tiny, recovery=tiny, floor=tiny))
    import kiosk.vault.crypto as crypto
    real = crypto.stretch
    crypto.stretch = lambda secret, salt, params: real(secret, salt, slow)
    keeper.unlock("river-stone", sys.argv[2])
    """
)


def failures_on_disk(data_dir: Path, vault_id: str) -> int:
    try:
        document = json.loads((data_dir / "gatekeeper" / "counters.json").read_bytes())
    except FileNotFoundError:
        return 0
    return int(document.get("pin", {}).get(vault_id, [0, 0])[0])


def test_killed_during_unlock_still_counts(data_dir: Path) -> None:
    secret = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret)
    made = Gatekeeper(data_dir, secret, kdf=FAST_POLICY).provision(
        "river-stone", "583920", "583920"
    )
    for attempt in range(1, 4):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), f"70046{attempt}"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while failures_on_disk(data_dir, made.vault_id) < attempt:
            assert child.poll() is None, "the child finished before counting"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert child.poll() is None, "the guess finished before the kill; slow KDF too fast"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
        assert failures_on_disk(data_dir, made.vault_id) == attempt
