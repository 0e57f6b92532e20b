"""Consultation use cases: create, edit, move through the statuses, documents, lists."""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from inspraak.accounts.models import User
from inspraak.consultations.models import PUBLIC_STATUSES, Consultation, Document, ConsultationStatus, Topic
from inspraak.database import paginate, utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.pdfcheck import check_pdf
from inspraak.text import is_blank, markdown_to_html


@dataclass(frozen=True)
class ConsultationFields:
    title: str
    topic: Topic
    summary: str
    body_markdown: str
    opens_at: datetime
    closes_at: datetime
    plain_summary: str | None = None
    department: str | None = None
    contact_email: str | None = None


def slugify(text: str) -> str:
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")
    return slug[:80].rstrip("-") or "consultatie"


# Paths under /consultaties/ that are pages, not consultations.
RESERVED_SLUGS = frozenset({"beheer", "nieuw"})


def _unique_slug(title: str) -> str:
    base = slugify(title)
    taken = set(db.session.scalars(db.select(Consultation.slug).where(
        db.or_(Consultation.slug == base, Consultation.slug.like(f"{base}-%"))))) | RESERVED_SLUGS
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _check_period(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise DomainError(_l("De sluitingsdatum moet na de openingsdatum liggen."), field="closes_at")


def _apply(consultation: Consultation, fields: ConsultationFields) -> None:
    _check_period(fields.opens_at, fields.closes_at)
    consultation.title = fields.title.strip()
    consultation.topic = fields.topic
    consultation.summary = fields.summary.strip()
    consultation.body_markdown = fields.body_markdown
    consultation.body_html = markdown_to_html(fields.body_markdown)
    consultation.opens_at = fields.opens_at
    consultation.closes_at = fields.closes_at
    consultation.plain_summary = (fields.plain_summary or "").replace("\r\n", "\n").strip() or None
    consultation.department = (fields.department or "").strip() or None
    consultation.contact_email = (fields.contact_email or "").strip() or None


DRAFT_SLUG_PREFIX = "concept-"


def _draft_slug() -> str:
    """A draft's address says nothing about it: a readable slug derived from the title
    would reveal, through the ``-2`` of a later namesake, that a hidden draft exists."""
    return DRAFT_SLUG_PREFIX + secrets.token_hex(6)


def create_consultation(actor: User, fields: ConsultationFields) -> Consultation:
    consultation = Consultation(owner=actor, updated_by=actor, status=ConsultationStatus.DRAFT.value)
    _apply(consultation, fields)
    consultation.slug = _draft_slug()
    db.session.add(consultation)
    db.session.commit()
    return consultation


def _commit_with_public_slug(consultation: Consultation) -> None:
    """Commit; a consultation opened for the first time gets its readable slug now.

    The slug is unique among all slugs; drafts have random ones, so the choice reveals
    nothing hidden. Two openings racing for the same slug: the loser retries.
    """
    if not consultation.slug.startswith(DRAFT_SLUG_PREFIX) or consultation.is_draft:
        db.session.commit()
        return
    for attempt in range(3):
        consultation.slug = (_unique_slug(consultation.title) if attempt == 0
                             else f"{slugify(consultation.title)}-{secrets.token_hex(3)}")
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
    raise DomainError(_l("De consultatie kon niet worden geopend. Probeer het opnieuw."))


def update_consultation(actor: User, consultation: Consultation, fields: ConsultationFields) -> None:
    consultation.check_editable()
    if not consultation.is_draft and is_blank(fields.body_markdown):
        raise DomainError(_l("Een geopende consultatie moet een toelichting houden."), field="body")
    _apply(consultation, fields)
    consultation.updated_by = actor
    db.session.commit()


def open_consultation(actor: User, consultation: Consultation) -> None:
    consultation.open(utcnow())
    consultation.updated_by = actor
    _commit_with_public_slug(consultation)


def close_consultation(actor: User, consultation: Consultation) -> None:
    consultation.close(utcnow())
    consultation.updated_by = actor
    db.session.commit()
    _announce_closed([consultation.id])


def close_expired_consultations(now: datetime) -> list[Consultation]:
    """Close every open consultation whose period has ended; run it from cron or a timer."""
    stmt = db.select(Consultation).where(Consultation.status == ConsultationStatus.OPEN.value, Consultation.closes_at <= now)
    closed = list(db.session.scalars(stmt))
    for consultation in closed:
        consultation.close(now)
    db.session.commit()
    _announce_closed([c.id for c in closed])
    return closed


def _announce_closed(consultation_ids: list[int]) -> None:
    """Tell the areas that asked (``Area.consultation_closed``), e.g. to analyse the responses."""
    from inspraak.areas import registry

    for consultation_id in consultation_ids:
        for hook in registry().consultation_closed:
            hook(consultation_id)


def publish_report(actor: User, consultation: Consultation, report_markdown: str) -> None:
    consultation.publish_report(report_markdown, markdown_to_html(report_markdown), utcnow())
    consultation.updated_by = actor
    db.session.commit()


def change_status(actor: User, consultation: Consultation, target: ConsultationStatus) -> None:
    """The status buttons: open (also reopen) or close."""
    if target is ConsultationStatus.OPEN:
        open_consultation(actor, consultation)
    elif target is ConsultationStatus.CLOSED:
        close_consultation(actor, consultation)
    else:
        raise DomainError(_l("Deze statuswijziging bestaat niet."))


# --- documents -------------------------------------------------------------

def _validated_pdf(data: bytes) -> int:
    """Return the page count of a real, readable, unencrypted PDF, or refuse it.

    The file is parsed in a child process with memory and time limits (``inspraak.pdfcheck``),
    so a decompression bomb costs this worker a bounded wait, not its memory.
    """
    max_bytes = current_app.config["MAX_DOCUMENT_BYTES"]
    if not data:
        raise DomainError(_l("Het bestand is leeg."), field="file")
    if len(data) > max_bytes:
        raise DomainError(_l("Het bestand is groter dan %(mb)d MB.", mb=max_bytes // (1024 * 1024)), field="file")
    if not data.lstrip()[:5] == b"%PDF-":
        raise DomainError(_l("Het bestand is geen PDF. Alleen PDF-bestanden kunnen worden toegevoegd."), field="file")
    check = check_pdf(data)
    if check.outcome == "encrypted":
        raise DomainError(_l("Het PDF-bestand is beveiligd met een wachtwoord. Voeg een onbeveiligde versie toe."), field="file")
    if check.outcome == "too_large":
        raise DomainError(_l("Het PDF-bestand is te groot of te ingewikkeld om te controleren. "
                             "Sla het opnieuw op als gewone PDF (bijvoorbeeld met ‘Afdrukken als PDF’) en probeer het nog eens."),
                          field="file")
    if check.outcome != "ok":
        raise DomainError(_l("Het PDF-bestand is beschadigd of kan niet worden gelezen."), field="file")
    if check.pages < 1:
        raise DomainError(_l("Het PDF-bestand heeft geen pagina's."), field="file")
    return check.pages


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_document(actor: User, consultation: Consultation, title: str, filename: str, data: bytes) -> Document:
    consultation.check_editable()
    pages = _validated_pdf(data)
    stored_name = secrets.token_hex(16) + ".pdf"
    path = upload_folder() / stored_name
    path.write_bytes(data)
    document = Document(
        consultation=consultation, title=title.strip(), stored_name=stored_name,
        original_filename=_display_filename(filename), size_bytes=len(data), page_count=pages,
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=actor.id,
    )
    db.session.add(document)
    consultation.updated_by = actor
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    return document


def _display_filename(filename: str) -> str:
    # Only shown and offered as the download name; never used as a path.
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "document.pdf"
    return name[:255]


def remove_document(actor: User, document: Document) -> None:
    document.consultation.check_editable()
    path = upload_folder() / document.stored_name
    document.consultation.updated_by = actor
    db.session.delete(document)
    db.session.commit()
    path.unlink(missing_ok=True)


def document_path(document: Document) -> Path:
    return upload_folder() / document.stored_name


# --- queries -----------------------------------------------------------------

def topics() -> list[Topic]:
    return list(db.session.scalars(db.select(Topic).order_by(Topic.name_nl)))


def topic_by_slug(slug: str) -> Topic | None:
    return db.session.scalar(db.select(Topic).where(Topic.slug == slug))


def public_consultations(*, topic: Topic | None = None, status: ConsultationStatus | None = None,
                         page: int = 1, per_page: int = 20):
    return consultations_visible_to(None, topic=topic, status=status, page=page, per_page=per_page)


def _public_order():
    """One order for the home page, the list and the API: latest closing date first."""
    return (Consultation.closes_at.desc(), Consultation.id.desc())


def open_consultations(limit: int) -> list[Consultation]:
    stmt = (db.select(Consultation).where(Consultation.status == ConsultationStatus.OPEN.value)
            .order_by(*_public_order()).limit(limit))
    return list(db.session.scalars(stmt))


def consultations_owned_by(actor: User) -> list[Consultation]:
    stmt = (db.select(Consultation).where(Consultation.owner_id == actor.id)
            .order_by(Consultation.updated_at.desc()))
    return list(db.session.scalars(stmt))


def all_consultations() -> list[Consultation]:
    return list(db.session.scalars(db.select(Consultation).order_by(Consultation.updated_at.desc())))


def consultation_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(db.select(Consultation).where(Consultation.slug == slug))


def consultations_visible_to(viewer: User | None, *, topic: Topic | None = None, status: ConsultationStatus | None = None,
                             page: int = 1, per_page: int = 20):
    """Like ``public_consultations``, plus the drafts ``viewer`` may see.

    Mirrors ``permissions.can_view_consultation`` in SQL: admins see every draft,
    anyone else only their own.
    """
    from inspraak.accounts.permissions import is_admin

    visible = Consultation.status.in_([s.value for s in PUBLIC_STATUSES])
    if viewer is not None and is_admin(viewer):
        visible = db.true()
    elif viewer is not None:
        visible = db.or_(visible, Consultation.owner_id == viewer.id)
    stmt = db.select(Consultation).where(visible)
    if topic is not None:
        stmt = stmt.where(Consultation.topic_id == topic.id)
    if status is not None:
        stmt = stmt.where(Consultation.status == status.value)
    stmt = stmt.order_by(*_public_order())
    return paginate(stmt, page=page, per_page=per_page)
