"""The surveys area as the platform registers it (see ``inspraak.areas``)."""
from __future__ import annotations

from inspraak.areas import Area
from surveys.views import bp

AREA = Area(name="surveys", blueprint=bp)
