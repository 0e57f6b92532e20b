"""The extension points: how an area (accounts, consultations, surveys, roundtables,
moderation) plugs into the platform without the core importing it.

An area describes itself with one ``Area`` value; ``create_app`` registers each area
explicitly with ``register_area`` (no signals, no discovery). What an area gives:

* ``blueprint`` (and ``api_blueprint``, made with ``inspraak.api.api_blueprint`` so it
  shares token authentication, CORS and caching): its pages and JSON endpoints. Its
  template helpers come with the blueprint (``bp.app_context_processor``).
* ``personal_data``: providers that export and erase one person's data in this area,
  used by the privacy self-service ("download my data", "delete my account").
* ``openapi``: a function returning this area's part of the OpenAPI document
  (``{"paths": {...}, "schemas": {...}}``, paths relative to ``/api/v1``).
* ``navigation``: links for the main menu, each shown when its ``visible(user)`` is true.
* ``commands``: click commands added to the ``inspraak`` command.
* ``consultation_closed``: functions called with a consultation's id after it closed
  (after the commit), e.g. to queue the analysis of its responses.
* ``retention``: ``RetentionTask``s that ``inspraak purge`` runs (personal data kept no
  longer than needed: unverified accounts, address hashes, diet answers, ...).

Background work goes through ``inspraak.jobs.enqueue``; it needs no registration.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click
from flask import Blueprint, Flask, current_app

EXTENSION_KEY = "inspraak.areas"


def _always(user) -> bool:
    return True


@dataclass(frozen=True)
class PersonalDataProvider:
    """One area's part of the privacy self-service (GDPR articles 15 and 17).

    ``export(user)`` returns JSON-serialisable data; ``erase(user)`` removes or
    anonymises it inside the caller's transaction (it must not commit).
    """

    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


@dataclass(frozen=True)
class RetentionTask:
    """``run(now)`` removes what has been kept long enough (it commits) and returns how many."""

    description: str
    run: Callable[[Any], int]


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: Any  # a lazy_gettext string
    visible: Callable[[Any], bool] = _always
    order: int = 50


@dataclass(frozen=True)
class Area:
    name: str
    blueprint: Blueprint | None = None
    api_blueprint: Blueprint | None = None
    personal_data: tuple[PersonalDataProvider, ...] = ()
    openapi: Callable[[], dict] | None = None
    navigation: tuple[NavItem, ...] = ()
    commands: tuple[click.Command, ...] = ()
    retention: tuple[RetentionTask, ...] = ()
    consultation_closed: tuple[Callable[[int], None], ...] = ()


@dataclass
class Registry:
    areas: list[Area] = field(default_factory=list)

    @property
    def personal_data(self) -> list[PersonalDataProvider]:
        return [provider for area in self.areas for provider in area.personal_data]

    @property
    def retention(self) -> list[RetentionTask]:
        return [task for area in self.areas for task in area.retention]

    @property
    def consultation_closed(self) -> list[Callable[[int], None]]:
        return [hook for area in self.areas for hook in area.consultation_closed]

    @property
    def openapi_parts(self) -> list[dict]:
        return [area.openapi() for area in self.areas if area.openapi is not None]

    def navigation_for(self, user) -> list[NavItem]:
        items = [item for area in self.areas for item in area.navigation]
        return [item for item in sorted(items, key=lambda i: i.order) if item.visible(user)]


def register_area(app: Flask, area: Area) -> None:
    from inspraak.extensions import csrf

    registry: Registry = app.extensions.setdefault(EXTENSION_KEY, Registry())
    if any(known.name == area.name for known in registry.areas):
        raise RuntimeError(f"area {area.name!r} is registered twice")
    registry.areas.append(area)
    if area.blueprint is not None:
        app.register_blueprint(area.blueprint)
    if area.api_blueprint is not None:
        app.register_blueprint(area.api_blueprint)
        # Token-authenticated JSON, no cookies: CSRF tokens do not apply.
        csrf.exempt(area.api_blueprint)
    for command in area.commands:
        app.cli.add_command(command)


def registry(app: Flask | None = None) -> Registry:
    return (app or current_app).extensions.setdefault(EXTENSION_KEY, Registry())
