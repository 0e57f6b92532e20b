"""Inspraak: the platform core. ``create_app`` is the composition root.

The design card calls this package ``platform``; a top-level package of that name
would shadow Python's standard-library ``platform`` module, which SQLAlchemy and
Flask import, so the core lives in ``inspraak``.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from flask import Flask
from werkzeug.routing import IntegerConverter

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def asset_dir(name: str) -> Path:
    """``templates`` or ``static``: inside the package in an installed wheel, at the
    repository's top level in a checkout (see setup.py)."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else ROOT / name


def config_module() -> ModuleType:
    """The settings module: ``inspraak._config`` in an installed wheel (setup.py copies
    config.py there, so no global ``config`` module is installed), else the repository's
    top-level ``config.py``, loaded once under the name ``config``."""
    try:
        from inspraak import _config

        return _config
    except ImportError:
        pass
    module = sys.modules.get("config")
    source = ROOT / "config.py"
    if module is not None and Path(getattr(module, "__file__", "")).resolve() == source:
        return module
    spec = importlib.util.spec_from_file_location("config", source)
    if spec is None or not source.exists():
        raise RuntimeError(f"Inspraak's settings module is missing: neither inspraak/_config.py nor {source}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["config"] = module
    spec.loader.exec_module(module)
    return module


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` in every route: at most 2**63 - 1 (a database integer), and written
    one way only, in ASCII digits without leading zeros, so ``/rondetafels/00002`` or
    Arabic-Indic digits are not a second address of ``/rondetafels/2`` (Werkzeug's
    ``\\d+`` takes any Unicode digit)."""

    regex = r"(?:0|[1-9][0-9]*)"

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(config=None) -> Flask:
    """Build the application. ``config`` is a Config instance or class; default: from INSPRAAK_ENV."""
    settings = config_module()
    Config, config_from_env = settings.Config, settings.config_from_env

    if config is None:
        config = config_from_env()
    elif isinstance(config, type) and issubclass(config, Config):
        config = config()
    config.validate()

    app = Flask(
        "inspraak",
        template_folder=str(asset_dir("templates")),
        static_folder=str(asset_dir("static")),
        instance_path=str(config.INSTANCE_PATH),
    )
    # Ids in URLs fit the database's 64-bit integers; a larger one is simply not found
    # (instead of an overflow deep in the driver).
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.config.from_object(config)
    app.config["INSPRAAK_ENV"] = config.ENV_NAME
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from inspraak import caching, logs, security
    from inspraak.areas import register_area
    from inspraak.errors import register_error_handlers
    from inspraak.extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    caching.init_app(app)  # after security: its after_request must run first
    logs.install(app)
    register_error_handlers(app)

    from inspraak.cli import register_commands
    from inspraak.templating import init_templating

    init_templating(app)
    register_commands(app)
    for area in _areas():
        register_area(app, area)
    return app


def _areas() -> list:
    """Every area, in the order the platform registers them (see ``inspraak.areas``).

    The only place where the core reaches into surveys and moderation.
    """
    from inspraak.accounts.area import AREA as accounts
    from inspraak.api.area import AREA as api
    from inspraak.consultations.area import AREA as consultations
    from inspraak.roundtables.area import AREA as roundtables
    from inspraak.views import AREA as main
    from moderation.area import AREA as moderation
    from moderation.summaries.area import AREA as summaries
    from surveys.area import AREA as surveys

    return [main, accounts, consultations, roundtables, api, surveys, moderation, summaries]
