"""Test data made through the real services: one module per area.

Each module lists its builder functions in ``__all__``; the ``build`` fixture offers
them all (``build.user(...)``, ``build.consultation(...)``). A new area adds its module
to ``AREAS``.
"""
from __future__ import annotations

from types import SimpleNamespace

from tests.builders import accounts, consultations, moderation, roundtables, surveys

AREAS = (accounts, consultations, surveys, roundtables, moderation)


def builders() -> SimpleNamespace:
    functions = {}
    for module in AREAS:
        for name in module.__all__:
            if name in functions:
                raise RuntimeError(f"two areas define the builder {name!r}")
            functions[name] = getattr(module, name)
    return SimpleNamespace(**functions)
