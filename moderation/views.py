"""Moderation pages for staff (under /moderatie): the queue per consultation, one item
with its findings and decisions, the dashboard, the decision log and its CSV export,
and the moderators of a consultation. The public pages (the "Reacties" of a
consultation, reports) are in ``moderation.public_views``, on this blueprint."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, \
    stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from inspraak.consultations import services as consultation_services
from inspraak.database import utcnow
from inspraak.exports import csv_lines
from inspraak.extensions import db
from inspraak.forms import EmptyForm, domain_errors, select_choices, with_own_ids
from inspraak.web import acting_user, page_number
from moderation import queries, services
from moderation.cli import analyse_file, analyse_survey, screen_responses
from moderation.forms import AssignForm, BulkApproveForm, HideForm, NoteForm, RedactForm
from moderation.models import FindingKind, ItemKind, ItemStatus, ModeratorAssignment, ReportReason
from moderation.permissions import can_assign_moderators, can_moderate, can_use_moderation, can_view_moderation
from surveys.models import respondent_categories
from surveys.services import paper_path

bp = Blueprint("moderation", __name__, cli_group=None)
bp.cli.add_command(analyse_file)
bp.cli.add_command(analyse_survey)
bp.cli.add_command(screen_responses)


@bp.app_context_processor
def moderation_template_helpers() -> dict:
    """This area's permission functions, and the consultation page's link to its responses."""
    from moderation import permissions
    from moderation.publication import published_answer_count

    helpers = {name: getattr(permissions, name) for name in permissions.__all__}
    helpers["published_response_count"] = published_answer_count
    helpers["report_reason_label"] = lambda value: ReportReason(value).label if value in ReportReason.values() else value
    return helpers


@bp.app_template_filter("finding_label")
def finding_label(kind: str):
    return FindingKind(kind).label if kind in FindingKind.values() else kind


def _consultation(slug: str):
    consultation = consultation_services.consultation_by_slug(slug)
    if consultation is None or consultation.is_draft:
        abort(404)
    if not can_view_moderation(current_user, consultation):
        abort(403)
    return consultation


def _item(consultation, item_id: int, *, for_update: bool = False):
    item = queries.item_in(consultation, item_id, for_update=for_update)
    if item is None:
        abort(404)
    return item


def _to_item(consultation, item):
    return redirect(url_for("moderation.show_item", slug=consultation.slug, item_id=item.id))


def segments(text: str, findings) -> list[tuple[str, str | None]]:
    """The text in pieces, each with the finding kind that covers it (for <mark>)."""
    marks = sorted((f.start, f.end, f.kind) for f in findings if not f.in_document and f.kind not in ("campaign", "repeat"))
    pieces, position = [], 0
    for start, end, kind in marks:
        if start < position:
            continue
        pieces.append((text[position:start], None))
        pieces.append((text[start:end], kind))
        position = end
    pieces.append((text[position:], None))
    return [(piece, kind) for piece, kind in pieces if piece]


@bp.get("/moderatie/")
@login_required
def list_consultations():
    if not can_use_moderation(current_user):
        abort(403)
    consultations = queries.consultations_for(current_user)
    return render_template("moderation/index.html", consultations=consultations,
                           sizes=queries.queue_sizes([c.id for c in consultations]))


def _filters() -> queries.QueueFilters:
    status = request.args.get("status", ItemStatus.PENDING.value)
    if status not in ItemStatus.values():
        status = ItemStatus.PENDING.value
    question = request.args.get("vraag", "")
    category = request.args.get("categorie") or None
    finding = request.args.get("bevinding") or None
    if finding not in (None, "none") and finding not in FindingKind.values():
        finding = None
    if category not in {value for value, _label in respondent_categories()}:
        category = None
    return queries.QueueFilters(status=status, question_id=int(question) if question.isdigit() and len(question) < 19 else None,
                                category=category, finding=finding)


@bp.get("/moderatie/<slug>/")
@login_required
def show_queue(slug: str):
    consultation = _consultation(slug)
    filters = _filters()
    result = queries.queue(consultation, filters, page_number(request.args.get("pagina")))
    return render_template("moderation/queue.html", consultation=consultation, result=result, filters=filters,
                           questions=queries.questions_of(consultation), categories=respondent_categories(),
                           finding_kinds=FindingKind.choices(), statuses=ItemStatus.choices(),
                           form=BulkApproveForm(), may_act=can_moderate(current_user, consultation))


@bp.post("/moderatie/<slug>/goedkeuren")
@login_required
def bulk_approve(slug: str):
    consultation = _consultation(slug)
    if not can_moderate(current_user, consultation):
        abort(403)
    form = BulkApproveForm()
    if form.validate_on_submit():
        with domain_errors() as outcome:
            count = services.bulk_approve(acting_user(), consultation, form.items.data or [], utcnow())
        if outcome.ok:
            flash(_("%(count)d reactie(s) goedgekeurd en gepubliceerd.", count=count), "success")
    return redirect(url_for("moderation.show_queue", slug=consultation.slug, **{
        k: v for k, v in request.args.items() if k in ("vraag", "categorie", "bevinding")}))


def _item_page(consultation, item, **forms):
    redact_form = forms.get("redact_form") or RedactForm(formdata=None)
    if not redact_form.spans.data:
        redact_form.spans.data = [f"{start}-{end}" for start, end in item.redactions or []]
    span_choices = _span_choices(item)
    status = 400 if any(form.errors for form in forms.values()) else 200
    decision_forms = {
        "approve_form": forms.get("approve_form") or NoteForm(formdata=None, prefix="approve"),
        "restore_form": forms.get("restore_form") or NoteForm(formdata=None, prefix="restore"),
        "hide_form": with_own_ids(forms.get("hide_form") or HideForm(formdata=None), "hide"),
        "redact_form": with_own_ids(redact_form, "redact")}
    seen = services.last_decision(item)
    for form in decision_forms.values():
        # A refused decision is taken again against what the page now shows (raw_data would
        # otherwise render the value that was sent).
        form.seen.data, form.seen.raw_data = seen, None
    return render_template(
        "moderation/item.html", consultation=consultation, item=item, response=item.answer.response,
        segments=segments(item.original_text, item.findings) if item.kind == ItemKind.TEXT.value else [],
        decisions=queries.decisions_of_item(item), may_act=can_moderate(current_user, consultation),
        span_choices=span_choices, reason_label=queries.hide_reason_label, **decision_forms), status


def _span_choices(item) -> list[tuple[str, str, str]]:
    """(value, label, kind) per span a moderator can tick: findings first, then earlier redactions."""
    text = item.original_text
    choices, seen = [], set()
    for finding in item.findings:
        if finding.in_document or finding.kind in ("campaign", "repeat") or finding.end <= finding.start:
            continue
        value = f"{finding.start}-{finding.end}"
        if value not in seen:
            seen.add(value)
            choices.append((value, text[finding.start:finding.end], FindingKind(finding.kind).label))
    for start, end in item.redactions or []:
        value = f"{start}-{end}"
        if value not in seen:
            seen.add(value)
            choices.append((value, text[start:end], _("eerder onleesbaar gemaakt")))
    return choices


@bp.get("/moderatie/<slug>/reacties/<int:item_id>")
@login_required
def show_item(slug: str, item_id: int):
    consultation = _consultation(slug)
    return _item_page(consultation, _item(consultation, item_id))


def _acting_on(slug: str, item_id: int):
    consultation = _consultation(slug)
    if not can_moderate(current_user, consultation):
        abort(403)
    return consultation, _item(consultation, item_id, for_update=True)


@bp.post("/moderatie/<slug>/reacties/<int:item_id>/goedkeuren")
@login_required
def approve_item(slug: str, item_id: int):
    consultation, item = _acting_on(slug, item_id)
    form = NoteForm(prefix="approve")
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.approve(acting_user(), item, utcnow(), note=form.note.data, seen=form.seen.data)
        if outcome.ok:
            flash(_("De reactie is goedgekeurd en gepubliceerd."), "success")
            return _next_in_queue(consultation, item)
    return _item_page(consultation, item, approve_form=form)


def _parse_spans(values) -> list[list[int]]:
    spans = []
    for value in values or []:
        start, _sep, end = str(value).partition("-")
        if start.isdigit() and end.isdigit():
            spans.append([int(start), int(end)])
    return spans


@bp.post("/moderatie/<slug>/reacties/<int:item_id>/onleesbaar-maken")
@login_required
def redact_item(slug: str, item_id: int):
    consultation, item = _acting_on(slug, item_id)
    form = RedactForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            passages = [line.strip("\r") for line in (form.passages.data or "").split("\n") if line.strip()]
            spans = _parse_spans(form.spans.data) + services.spans_of_passages(item.original_text, passages)
            services.redact(acting_user(), item, spans, utcnow(), note=form.note.data, seen=form.seen.data)
        if outcome.ok:
            flash(_("De gekozen passages zijn onleesbaar gemaakt voor het publiek."), "success")
            return _to_item(consultation, item)
    return _item_page(consultation, item, redact_form=form)


@bp.post("/moderatie/<slug>/reacties/<int:item_id>/verbergen")
@login_required
def hide_item(slug: str, item_id: int):
    consultation, item = _acting_on(slug, item_id)
    form = HideForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.hide(acting_user(), item, form.reason.data, utcnow(), note=form.note.data, seen=form.seen.data)
        if outcome.ok:
            flash(_("De reactie is verborgen."), "success")
            return _next_in_queue(consultation, item)
    return _item_page(consultation, item, hide_form=form)


@bp.post("/moderatie/<slug>/reacties/<int:item_id>/terugzetten")
@login_required
def restore_item(slug: str, item_id: int):
    consultation, item = _acting_on(slug, item_id)
    form = NoteForm(prefix="restore")
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.restore(acting_user(), item, utcnow(), note=form.note.data, seen=form.seen.data)
        if outcome.ok:
            flash(_("De reactie staat weer in de wachtrij."), "success")
            return _to_item(consultation, item)
    return _item_page(consultation, item, restore_form=form)


def _next_in_queue(consultation, item):
    """After a decision: the next waiting item (oldest first), or the queue when it is empty."""
    result = queries.queue(consultation, queries.QueueFilters(), 1)
    following = next((i for i in result.items if i.id != item.id), None)
    if following is None:
        return redirect(url_for("moderation.show_queue", slug=consultation.slug))
    return _to_item(consultation, following)


@bp.get("/moderatie/<slug>/reacties/<int:item_id>/bestand")
@login_required
def download_paper(slug: str, item_id: int):
    """The uploaded position paper, for staff (it may hold what the public must not see)."""
    consultation = _consultation(slug)
    return _send_paper(_item(consultation, item_id))


def _send_paper(item):
    value = item.answer.value if isinstance(item.answer.value, dict) else {}
    path = paper_path(value) if item.kind == ItemKind.FILE.value else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=value.get("filename") or "position-paper.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/moderatie/<slug>/dashboard")
@login_required
def show_dashboard(slug: str):
    consultation = _consultation(slug)
    return render_template("moderation/dashboard.html", consultation=consultation,
                           stats=queries.dashboard(consultation), decision_actions=queries.decision_actions())


@bp.get("/moderatie/<slug>/besluiten")
@login_required
def show_decisions(slug: str):
    consultation = _consultation(slug)
    return render_template("moderation/decisions.html", consultation=consultation,
                           result=queries.decision_log(consultation, page_number(request.args.get("pagina"))),
                           reason_label=queries.hide_reason_label)


@bp.get("/moderatie/<slug>/besluiten.csv")
@login_required
def export_decisions(slug: str):
    consultation = _consultation(slug)
    response = Response(stream_with_context(csv_lines(queries.CSV_HEADER, queries.decision_rows(consultation))),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{consultation.slug}-moderatiebesluiten.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/moderatie/<slug>/moderatoren", methods=["GET", "POST"])
@login_required
def manage_moderators(slug: str):
    consultation = _consultation(slug)
    if not can_assign_moderators(current_user, consultation):
        abort(403)
    form = AssignForm()
    candidates = queries.assignable_moderators(consultation)
    form.moderator.choices = select_choices([(0, _("Kies een moderator"))] + [(p.id, f"{p.name} ({p.email})") for p in candidates])
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.assign_moderator(acting_user(), consultation, queries.user_by_id(form.moderator.data), utcnow())
        if outcome.ok:
            flash(_("De moderator is aangewezen."), "success")
            return redirect(url_for("moderation.manage_moderators", slug=consultation.slug))
    return render_template("moderation/moderators.html", consultation=consultation, form=form,
                           assignments=consultation.moderator_assignments, remove_form=EmptyForm())


@bp.post("/moderatie/<slug>/moderatoren/<int:assignment_id>/intrekken")
@login_required
def unassign_moderator(slug: str, assignment_id: int):
    consultation = _consultation(slug)
    if not can_assign_moderators(current_user, consultation):
        abort(403)
    assignment = db.get_or_404(ModeratorAssignment, assignment_id)
    if assignment.consultation_id != consultation.id:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        with domain_errors() as outcome:
            services.unassign_moderator(acting_user(), consultation, assignment)
        if outcome.ok:
            flash(_("De moderator is niet langer aangewezen."), "success")
    return redirect(url_for("moderation.manage_moderators", slug=consultation.slug))


from moderation import public_views  # noqa: E402,F401  (the public pages' routes on this blueprint)
