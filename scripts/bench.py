"""Benchmarks for Harbour, printed as one table. Run through ``scripts/bench``.

Timing claims live here, never in unit tests: for example that an unknown vault name costs
about the same as a wrong PIN, which is what keeps names from being probed by timing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.vault.errors import VaultError  # noqa: E402
from kiosk.vault.gatekeeper import Gatekeeper, KdfPolicy  # noqa: E402
from kiosk.vault.kdf import FLOOR, KdfParams, standard, stretch  # noqa: E402
from kiosk.vault.pin_policy import refused_share  # noqa: E402
from kiosk.vault.service import VaultService  # noqa: E402

Row = tuple[str, str, str]


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(VaultError):
            action()
        samples.append(time.perf_counter() - start)
    return samples


def describe(samples: list[float]) -> str:
    median = statistics.median(samples) * 1000
    spread = (max(samples) - min(samples)) * 1000
    return f"{median:8.1f} ms median (n={len(samples)}, spread {spread:.1f} ms)"


def kdf_rows(repeats: int) -> list[Row]:
    rows = []
    for label, params in (("floor / recovery slot", FLOOR), ("standard PIN slot", standard())):
        stretch(b"warm-up", b"\0" * 16, params)
        samples = timed(lambda p=params: stretch(b"583920", b"\1" * 16, p), repeats)
        rows.append((f"Argon2id, {label}", params.describe(), describe(samples)))
    return rows


def unlock_rows(repeats: int, params: KdfParams) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        secret = data / "gatekeeper" / "kiosk.secret"
        Gatekeeper.initialise(data, secret)
        clock = [1_790_000_000.0]
        gatekeeper = Gatekeeper(data, secret, kdf=KdfPolicy(pin=params), clock=lambda: clock[0])
        gatekeeper.provision("river-stone", "583920", "583920")
        service = VaultService(gatekeeper)

        def right() -> None:
            service.open("river-stone", "583920").close()

        def wrong_pin() -> None:
            clock[0] += 7200  # step past any lock-out so every attempt does the full work
            gatekeeper.unlock("river-stone", f"7{int(clock[0]) % 100000:05d}")

        def unknown_name() -> None:
            clock[0] += 7200
            gatekeeper.unlock("no-such-vault", f"7{int(clock[0]) % 100000:05d}")

        right()
        right_samples = timed(right, repeats)
        wrong_samples = timed(wrong_pin, repeats)
        unknown_samples = timed(unknown_name, repeats)
        gap = abs(statistics.median(unknown_samples) / statistics.median(wrong_samples) - 1)
        return [
            ("Unlock and open, right PIN", params.describe(), describe(right_samples)),
            ("Unlock, wrong PIN", params.describe(), describe(wrong_samples)),
            ("Unlock, unknown name", params.describe(), describe(unknown_samples)),
            ("Unknown name vs wrong PIN", "median difference", f"{gap * 100:8.1f} %"),
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.umask(0o077)
    rows: list[Row] = []
    rows += kdf_rows(args.repeats)
    rows += unlock_rows(args.repeats, standard())
    start = time.perf_counter()
    share = refused_share(6)
    rows.append(
        (
            "PIN policy",
            "6-digit PINs refused",
            f"{share * 100:8.1f} % (checked in {time.perf_counter() - start:.1f} s)",
        )
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("Peak memory of this run", "resident", f"{peak:8.0f} MiB"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    header = ("measure", "setting", "result")
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
