"""Events in the open data API (GET only): seats, confirmed, left and waitlisted per category."""
from __future__ import annotations

from flask import g, jsonify, request, url_for

from inspraak.api import api_blueprint, page_arguments, page_items
from inspraak.caching import public_page
from inspraak.errors import render_error
from inspraak.roundtables import services
from inspraak.roundtables.models import Roundtable
from inspraak.roundtables.permissions import can_view_roundtable

bp = api_blueprint("roundtables_api", __name__)


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def roundtable_json(roundtable: Roundtable, counts: dict | None = None) -> dict:
    counts = services.counts(roundtable) if counts is None else counts
    return {
        "id": roundtable.id,
        "title": roundtable.title,
        "kind": roundtable.kind,
        "mode": roundtable.mode,
        "starts_at": _iso(roundtable.starts_at),
        "ends_at": _iso(roundtable.ends_at),
        "signup_opens_at": _iso(roundtable.signup_opens_at),
        "signup_closes_at": _iso(roundtable.signup_closes_at),
        "is_online": roundtable.online_url is not None,
        "max_per_organisation": roundtable.max_per_organisation,
        "consultation": roundtable.consultation.slug if roundtable.consultation else None,
        "topic": roundtable.topic.slug if roundtable.topic else None,
        "categories": [{"category": category, **{k: v for k, v in numbers.items() if k != "applied"}}
                       for category, numbers in counts.items()],
        "summary_published": roundtable.has_summary,
        "url": url_for("roundtables.show_roundtable", roundtable_id=roundtable.id, _external=True),
        "api_url": url_for("roundtables_api.get_roundtable", roundtable_id=roundtable.id, _external=True),
    }


# What the event lists and pages read (inspraak.caching).
TABLES = ("roundtable", "roundtable_seat", "roundtable_registration", "topic", "consultation")


@bp.get("/roundtables")
@public_page(*TABLES)
def list_roundtables():
    page, per_page = page_arguments()
    result = services.published_page(page, per_page)
    items = page_items(result, page)
    counts = services.counts_for(items)
    return jsonify({"items": [roundtable_json(r, counts[r.id]) for r in items], "page": page, "per_page": per_page,
                    "total": result.total or 0, "pages": result.pages})


@bp.get("/roundtables/<int:roundtable_id>")
@public_page(*TABLES)
def get_roundtable(roundtable_id: int):
    roundtable = services.roundtable_by_id(roundtable_id)
    if roundtable is None or not can_view_roundtable(g.api_user, roundtable):
        return render_error(404, "No such event.")
    return jsonify(roundtable_json(roundtable))
