"""Who is speaking: the organisation that runs this installation, from the settings.

Shown in the header (logo), the footer (name and contact), and the privacy and
accessibility statements. Everything comes from ``config.py`` (``INSPRAAK_ORGANISATION_*``,
``INSPRAAK_CONTACT_*``, ``INSPRAAK_PRIVACY_CONTACT``, ``INSPRAAK_DPO_EMAIL``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@dataclass(frozen=True)
class Organisation:
    name: str
    contact_email: str
    postal_address: str
    privacy_email: str
    dpo_email: str
    logo_path: Path | None

    @property
    def has_logo(self) -> bool:
        return self.logo_path is not None


def installation_organisation() -> Organisation:
    config = current_app.config
    logo = config.get("ORGANISATION_LOGO")
    logo_path = Path(logo) if logo and Path(logo).suffix.lower() in LOGO_TYPES and Path(logo).is_file() else None
    return Organisation(
        name=config["ORGANISATION_NAME"], contact_email=config["ORGANISATION_CONTACT_EMAIL"],
        postal_address=config["ORGANISATION_POSTAL_ADDRESS"], privacy_email=config["PRIVACY_CONTACT_EMAIL"],
        dpo_email=config["DATA_PROTECTION_OFFICER_EMAIL"], logo_path=logo_path)
