"""An area plugs in through ``inspraak.areas`` without the core importing it: template
helpers, a personal-data provider, an OpenAPI part, navigation and a background job."""
from __future__ import annotations

import threading

from flask import Blueprint, render_template_string
from flask_babel import lazy_gettext as _l

from inspraak.accounts import services as account_services
from inspraak.areas import Area, NavItem, PersonalDataProvider, register_area, registry
from inspraak.extensions import db
from inspraak.jobs import enqueue
from tests.builders import builders
from tests.helpers import PASSWORD, make_app, sign_in

probe_bp = Blueprint("probe", __name__, url_prefix="/probe")
ERASED: list[int] = []
DONE: dict[str, object] = {}
FINISHED = threading.Event()


@probe_bp.app_context_processor
def probe_helpers():
    return {"probe_greeting": lambda name: f"Hallo {name}"}


@probe_bp.get("/")
def show_probe():
    return render_template_string("{{ probe_greeting('wereld') }}")


def export_probe(user):
    return {"notes": [f"note of {user.id}"]}


def erase_probe(user):
    ERASED.append(user.id)


def probe_job(value: int) -> None:
    from flask import current_app

    DONE["value"] = value * 2
    DONE["app"] = current_app.name
    FINISHED.set()


def probe_openapi() -> dict:
    return {"schemas": {"Probe": {"type": "object"}},
            "paths": {"/probe": {"get": {"responses": {"200": {"description": "ok"}}}}}}


PROBE = Area(name="probe", blueprint=probe_bp,
             personal_data=(PersonalDataProvider("probe", export_probe, erase_probe),),
             openapi=probe_openapi,
             navigation=(NavItem("probe.show_probe", _l("Proef"), order=20),))


def _app_with_probe(tmp_path, **overrides):
    app = make_app(tmp_path, create_schema=False, **overrides)
    register_area(app, PROBE)
    with app.app_context():
        from inspraak.consultations.topics import ensure_topics

        db.create_all()
        ensure_topics()
    return app


def test_an_area_adds_template_helpers_navigation_and_openapi(tmp_path):
    app = _app_with_probe(tmp_path)
    client = app.test_client()
    assert client.get("/probe/").get_data(as_text=True) == "Hallo wereld"
    home = client.get("/").get_data(as_text=True)
    assert 'href="/probe/"' in home and "Proef" in home
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/probe" in spec["paths"] and "Probe" in spec["components"]["schemas"]
    assert "/consultations" in spec["paths"]  # the core's own part is still there


def test_the_privacy_self_service_exports_and_erases_the_areas_data(tmp_path):
    app = _app_with_probe(tmp_path)
    with app.app_context():
        user = builders().user()
        user_id = user.id
        client = app.test_client()
        sign_in(client, user)
        data = client.get("/account/mijn-gegevens.json").get_json()
        assert data["probe"] == {"notes": [f"note of {user_id}"]}
        assert data["account"]["email"] == user.email
        ERASED.clear()
        response = client.post("/account/verwijderen", data={"password": PASSWORD})
        assert response.status_code == 302
        assert ERASED == [user_id]


def test_erasure_runs_areas_before_the_account(tmp_path):
    """An area's eraser still sees the user it erases (the account goes last)."""
    seen = []
    area = Area(name="order-probe", personal_data=(
        PersonalDataProvider("order", lambda u: None, lambda u: seen.append(u.deleted_at)),))
    app = make_app(tmp_path)
    register_area(app, area)
    with app.app_context():
        user = builders().user()
        account_services.delete_account(user, PASSWORD)
        assert seen == [None]


def test_a_job_runs_inline_in_tests_and_on_a_thread_by_default(tmp_path):
    app = _app_with_probe(tmp_path)
    with app.app_context():
        assert enqueue(probe_job, 21).backend == "inline"
        assert DONE == {"value": 42, "app": app.name}
    DONE.clear()
    FINISHED.clear()
    threaded = _app_with_probe(tmp_path / "t", JOBS_BACKEND="thread")
    with threaded.app_context():
        assert enqueue(probe_job, 5).backend == "thread"
    assert FINISHED.wait(10)
    assert DONE == {"value": 10, "app": threaded.name}


def test_only_module_level_functions_can_be_queued(app):
    import pytest

    def local_job():
        pass

    with pytest.raises(ValueError):
        enqueue(local_job)
    with pytest.raises(ValueError):
        enqueue(lambda: None)


def test_the_registry_lists_areas_in_order(app):
    names = [area.name for area in registry().areas]
    assert names[:3] == ["main", "accounts", "consultations"]
    assert "surveys" in names and "moderation" in names
