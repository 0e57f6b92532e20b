"""Plain dicts for the API; their shape is described in openapi.py and tested against it."""
from __future__ import annotations

from flask import url_for

from inspraak.consultations.models import Consultation, Document
from inspraak.database import utcnow


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def document(doc: Document, consultation: Consultation) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "filename": doc.download_name,
        "size_bytes": doc.size_bytes,
        "page_count": doc.page_count,
        "sha256": doc.sha256,
        "url": url_for("consultations.download_document", slug=consultation.slug, document_id=doc.id, _external=True),
    }


def consultation_summary(c: Consultation) -> dict:
    now = utcnow()
    return {
        "slug": c.slug,
        "title": c.title,
        "summary": c.summary,
        "topic": {"slug": c.topic.slug, "name_nl": c.topic.name_nl, "name_en": c.topic.name_en},
        "status": c.status,
        # What the pages say: an opened consultation whose period has not begun is "upcoming".
        "phase": c.phase(now),
        "accepting_responses": c.is_accepting_responses(now),
        "opens_at": _iso(c.opens_at),
        "closes_at": _iso(c.closes_at),
        "url": url_for("consultations.show_consultation", slug=c.slug, _external=True),
        "api_url": url_for("consultations_api.get_consultation", slug=c.slug, _external=True),
    }


def consultation_detail(c: Consultation) -> dict:
    return {
        **consultation_summary(c),
        "body_html": c.body_html,
        "opened_at": _iso(c.opened_at),
        "closed_at": _iso(c.closed_at),
        "reported_at": _iso(c.reported_at),
        "report_html": c.report_html if c.is_reported else None,
        "documents": [document(d, c) for d in c.documents],
        "plain_summary": c.plain_summary,
        "department": c.department,
        "contact_email": c.contact_email,
    }
