"""What a renderer is sent must not be readable by another process of the kiosk's user.

The session is not dumpable, so a process of the same user cannot open its descriptors. The
renderer makes itself not dumpable too, but only once its interpreter has started; the
request (a recovery slip's code, later a diary) is already waiting in its stdin pipe by then,
and ``/proc/<renderer>/fd/0`` opens for any process of the same user in that window.

Run as an ordinary user would be: as root, every capability is dropped first (setpriv), so
that the kernel's same-user rules apply and not root's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.e2e.harness import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CODE = "SECRET-RECOVERY-CODE"

# The session stand-in (not dumpable, as kiosk.session.hardening makes a session) starts a
# renderer; a process of the same user, already running, opens the renderer's stdin at once.
_SCRIPT = textwrap.dedent(
    f"""
    import os, time
    from kiosk.session.hardening import forbid_core_dumps
    from kiosk.printing.documents import RecoverySlip, encode_request
    from kiosk.printing.renderer import RenderError, RenderProcess

    forbid_core_dumps()
    ready, tell = os.pipe()
    other = os.fork()
    if other == 0:  # another process of the same user
        os.close(tell)
        pid = int(os.read(ready, 32))
        try:
            fd = os.open(f"/proc/{{pid}}/fd/0", os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            os.write(1, b"refused\\n")
            os._exit(0)
        stolen = b""
        deadline = time.monotonic() + 20
        while not stolen and time.monotonic() < deadline:
            try:
                stolen = os.read(fd, 65536)
            except BlockingIOError:
                time.sleep(0.001)
        os.write(1, b"read: " + stolen + b"\\n")
        os._exit(0)
    os.close(ready)
    renderer = RenderProcess()
    os.write(tell, str(renderer.pid).encode())
    os.close(tell)
    try:
        renderer.run(encode_request(RecoverySlip(name="river-stone", code="{CODE}"), "en"))
    except RenderError:
        pass
    os.waitpid(other, 0)
    """
)


def as_ordinary_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        skip_or_fail("setpriv (util-linux) is needed to drop root's capabilities")
    return [
        setpriv,
        "--bounding-set=-all",
        "--inh-caps=-all",
        "--securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked",
        *command,
    ]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux /proc")
def test_another_process_of_the_kiosk_user_cannot_read_what_the_renderer_is_sent() -> None:
    result = subprocess.run(
        as_ordinary_user([sys.executable, "-c", _SCRIPT]),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert CODE.encode() not in result.stdout
    assert result.stdout == b"refused\n"
