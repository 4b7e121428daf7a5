"""Build the kiosk's services from a checked config. Nothing here runs at import time."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import Config
from kiosk.helplines.loader import load_directory
from kiosk.helplines.model import Directory
from kiosk.printing.cups import CupsPrinter, Printer
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.gatekeeper import Gatekeeper, KdfPolicy, SprayLimit
from kiosk.vault.kdf import KIB_PER_MIB, KdfParams, default_parallelism, standard
from kiosk.vault.service import VaultService


@dataclass(frozen=True)
class Services:
    vaults: VaultService
    staff: StaffAccounts
    directory: Directory
    printer: Printer

    @property
    def gatekeeper(self) -> Gatekeeper:
        return self.vaults.gatekeeper


def pin_kdf_for(config: Config) -> KdfParams:
    kdf = config.kdf
    if kdf.profile == "custom":
        lanes = kdf.parallelism or default_parallelism()
        return KdfParams(kdf.memory_mib * KIB_PER_MIB, kdf.iterations, lanes)
    if kdf.profile == "calibrated":
        calibrated = Gatekeeper.load_calibration(config.data_path())
        if calibrated is not None:
            return calibrated
    return standard()


def build_gatekeeper(config: Config, *, kdf: KdfPolicy | None = None) -> Gatekeeper:
    return Gatekeeper(
        config.data_path(),
        config.secret_path(),
        kdf=kdf or KdfPolicy(pin=pin_kdf_for(config)),
        spray=SprayLimit(
            failures_per_hour=config.lockout.kiosk_failures_per_hour,
            pause_seconds=float(config.lockout.kiosk_pause_seconds),
        ),
    )


def build_services(config: Config, *, kdf: KdfPolicy | None = None) -> Services:
    return Services(
        vaults=VaultService(build_gatekeeper(config, kdf=kdf)),
        staff=StaffAccounts(config.data_path()),
        directory=load_directory(config.helplines_path()),
        printer=CupsPrinter(queue=config.printing.printer, server=config.printing.cups_server),
    )
