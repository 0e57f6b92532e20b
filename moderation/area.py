"""The moderation area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from inspraak.areas import Area
from moderation.views import bp

AREA = Area(name="moderation", blueprint=bp)
