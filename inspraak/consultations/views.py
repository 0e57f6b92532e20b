"""Public consultation pages and the policy officers' management pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_datetime, gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from inspraak.accounts.permissions import is_admin
from inspraak.caching import public_page
from inspraak.consultations import services
from inspraak.consultations.forms import ConsultationForm, DocumentForm, ReportForm
from inspraak.consultations.models import PUBLIC_STATUSES, Consultation, Document, ConsultationStatus
from inspraak.consultations.permissions import can_create_consultation, can_edit_consultation, can_view_consultation
from inspraak.database import utcnow
from inspraak.extensions import db
from inspraak.forms import EmptyForm, domain_errors
from inspraak.web import acting_user, page_number

bp = Blueprint("consultations", __name__, url_prefix="/consultaties")


@bp.app_context_processor
def consultations_template_helpers() -> dict:
    """This area's permission functions, for every template (e.g. the navigation)."""
    from inspraak.consultations import permissions

    return {name: getattr(permissions, name) for name in permissions.__all__}


def _load(slug: str) -> Consultation:
    consultation = services.consultation_by_slug(slug)
    # A draft is not found for anyone who may not see it: its existence is not revealed.
    if consultation is None or not can_view_consultation(current_user, consultation):
        abort(404)
    return consultation


def _load_for_edit(slug: str) -> Consultation:
    consultation = _load(slug)
    if not can_edit_consultation(current_user, consultation):
        abort(403)
    return consultation


# What the public pages read (inspraak.caching): a write to any of these renews them.
LIST_TABLES = ("consultation", "topic")
DETAIL_TABLES = ("consultation", "topic", "consultation_document", "survey", "roundtable")


@bp.get("/")
@public_page(*LIST_TABLES)
def list_consultations():
    topic_slug = request.args.get("onderwerp") or None
    status_value = request.args.get("status") or None
    topic = services.topic_by_slug(topic_slug) if topic_slug else None
    status = ConsultationStatus(status_value) if status_value in {s.value for s in PUBLIC_STATUSES} else None
    result = services.public_consultations(topic=topic, status=status, page=page_number(request.args.get("pagina")))
    return render_template("consultations/list.html", result=result, topics=services.topics(),
                           statuses=PUBLIC_STATUSES, topic=topic, status=status)


@bp.get("/<slug>")
@public_page(*DETAIL_TABLES)
def show_consultation(slug: str):
    consultation = _load(slug)
    return render_template("consultations/detail.html", consultation=consultation,
                           can_edit=can_edit_consultation(current_user, consultation))


@bp.get("/<slug>/documenten/<int:document_id>")
def download_document(slug: str, document_id: int):
    consultation = _load(slug)
    document = db.get_or_404(Document, document_id)
    if document.consultation_id != consultation.id:
        abort(404)
    response = send_file(services.document_path(document), mimetype="application/pdf", as_attachment=False,
                         download_name=document.download_name, max_age=3600 if consultation.is_public else 0)
    if not consultation.is_public:
        response.headers["Cache-Control"] = "private, no-store"
    return response


# --- management ------------------------------------------------------------

@bp.get("/beheer")
@login_required
def manage_consultations():
    if not can_create_consultation(current_user):
        abort(403)
    consultations = (services.all_consultations() if is_admin(current_user)
                     else services.consultations_owned_by(current_user))
    return render_template("consultations/manage.html", consultations=consultations)


def _consultation_form(**kwargs) -> ConsultationForm:
    form = ConsultationForm(**kwargs)
    form.topic.choices = [SelectChoice("", _("Kies een onderwerp"))] + [SelectChoice(t.slug, t.name) for t in services.topics()]
    return form


def _fields(form: ConsultationForm) -> services.ConsultationFields | None:
    topic = services.topic_by_slug(form.topic.data)
    if topic is None:
        form.topic.errors = list(form.topic.errors) + [_("Kies een onderwerp.")]
        return None
    return services.ConsultationFields(
        title=form.title.data, topic=topic, summary=form.summary.data, body_markdown=form.body.data or "",
        opens_at=form.opens_at.data, closes_at=form.closes_at.data, plain_summary=form.plain_summary.data,
        department=form.department.data, contact_email=form.contact_email.data)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def create_consultation():
    if not can_create_consultation(current_user):
        abort(403)
    form = _consultation_form()
    if form.validate_on_submit() and (fields := _fields(form)) is not None:
        with domain_errors(form) as outcome:
            consultation = services.create_consultation(acting_user(), fields)
        if outcome.ok:
            flash(_("De consultatie is opgeslagen als concept. Alleen u en beheerders kunnen haar zien."), "success")
            return redirect(url_for("consultations.edit_consultation", slug=consultation.slug))
    return render_template("consultations/form.html", form=form, consultation=None)


@bp.route("/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit_consultation(slug: str):
    consultation = _load_for_edit(slug)
    form = _consultation_form() if request.method == "POST" else _edit_form_for(consultation)
    if form.validate_on_submit() and (fields := _fields(form)) is not None:
        with domain_errors(form) as outcome:
            services.update_consultation(acting_user(), consultation, fields)
        if outcome.ok:
            flash(_("De wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for("consultations.edit_consultation", slug=consultation.slug))
    return _render_edit_page(consultation, form=form)


@bp.post("/<slug>/status/<target>")
@login_required
def change_status(slug: str, target: str):
    consultation = _load_for_edit(slug)
    if not EmptyForm().validate_on_submit() or target not in (ConsultationStatus.OPEN.value, ConsultationStatus.CLOSED.value):
        abort(400)
    with domain_errors() as outcome:
        services.change_status(acting_user(), consultation, ConsultationStatus(target))
    if outcome.ok:
        if consultation.is_upcoming(utcnow()):
            # Open before the start date: the public page says "Binnenkort open", so must this.
            flash(_("De consultatie is vrijgegeven. Reageren kan vanaf %(date)s; tot dan staat zij als "
                    "‘Binnenkort open’ op de publieke pagina.", date=format_datetime(consultation.opens_at,
                                                                                  "d MMMM yyyy, HH:mm")), "success")
        else:
            flash(_("De status is nu: %(status)s.", status=consultation.status_label), "success")
    return redirect(url_for("consultations.edit_consultation", slug=consultation.slug))


@bp.get("/<slug>/sluiten")
@login_required
def confirm_close(slug: str):
    """Closing ends the responses: a page that asks first (no JavaScript needed)."""
    consultation = _load_for_edit(slug)
    if ConsultationStatus.CLOSED not in consultation.allowed_transitions():
        abort(404)
    return render_template(
        "consultations/confirm.html", consultation=consultation, empty_form=EmptyForm(),
        title=_("Consultatie sluiten?"),
        explanation=_("Na het sluiten kan niemand meer reageren, ook als de sluitingsdatum nog niet is bereikt. "
                      "U kunt de consultatie daarna opnieuw openen zolang er geen verslag is."),
        action=url_for("consultations.change_status", slug=consultation.slug, target=ConsultationStatus.CLOSED.value),
        button=_("Ja, sluit de consultatie"))


@bp.get("/<slug>/documenten/<int:document_id>/verwijderen")
@login_required
def confirm_remove_document(slug: str, document_id: int):
    consultation = _load_for_edit(slug)
    document = db.get_or_404(Document, document_id)
    if document.consultation_id != consultation.id:
        abort(404)
    return render_template(
        "consultations/confirm.html", consultation=consultation, empty_form=EmptyForm(),
        title=_("Document verwijderen?"),
        explanation=_("U verwijdert ‘%(title)s’ (%(file)s). Dit kan niet ongedaan worden gemaakt.",
                      title=document.title, file=document.original_filename),
        action=url_for("consultations.remove_document", slug=consultation.slug, document_id=document.id),
        button=_("Ja, verwijder het document"))


@bp.post("/<slug>/verslag")
@login_required
def publish_report(slug: str):
    consultation = _load_for_edit(slug)
    form = ReportForm(prefix="report")
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.publish_report(acting_user(), consultation, form.report.data)
        if outcome.ok:
            flash(_("Het verslag is gepubliceerd."), "success")
            return redirect(url_for("consultations.show_consultation", slug=consultation.slug))
    return _render_edit_page(consultation, report_form=form), 400


@bp.post("/<slug>/documenten")
@login_required
def add_document(slug: str):
    consultation = _load_for_edit(slug)
    form = _document_form()
    if form.validate_on_submit():
        upload = form.file.data
        with domain_errors(form) as outcome:
            services.add_document(acting_user(), consultation, form.title.data,
                                  upload.filename or "document.pdf", upload.read())
        if outcome.ok:
            flash(_("Het document is toegevoegd."), "success")
            return redirect(url_for("consultations.edit_consultation", slug=consultation.slug))
    return _render_edit_page(consultation, document_form=form), 400


@bp.post("/<slug>/documenten/<int:document_id>/verwijderen")
@login_required
def remove_document(slug: str, document_id: int):
    consultation = _load_for_edit(slug)
    document = db.get_or_404(Document, document_id)
    if document.consultation_id != consultation.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        services.remove_document(acting_user(), document)
    if outcome.ok:
        flash(_("Het document is verwijderd."), "success")
    return redirect(url_for("consultations.edit_consultation", slug=consultation.slug))


def _render_edit_page(consultation: Consultation, *, form=None, document_form=None, report_form=None):
    """The edit page with its three forms; the one that was just submitted keeps its input and errors."""
    return render_template(
        "consultations/form.html", consultation=consultation, empty_form=EmptyForm(),
        form=form or _edit_form_for(consultation), document_form=document_form or _document_form(),
        report_form=report_form or ReportForm(prefix="report"))


def _document_form() -> DocumentForm:
    form = DocumentForm(prefix="doc")
    form.file.description = _("Alleen PDF, maximaal %(mb)d MB. Zorg dat het document toegankelijk is (PDF/UA).",
                              mb=current_app.config["MAX_DOCUMENT_BYTES"] // (1024 * 1024))
    return form


def _edit_form_for(consultation: Consultation) -> ConsultationForm:
    return _consultation_form(formdata=None, data={
        "title": consultation.title, "topic": consultation.topic.slug, "summary": consultation.summary,
        "body": consultation.body_markdown, "opens_at": consultation.opens_at, "closes_at": consultation.closes_at,
        "plain_summary": consultation.plain_summary, "department": consultation.department,
        "contact_email": consultation.contact_email,
    })
