"""The public pages: a consultation's "Reacties" (approved answers only, redactions
applied) and reporting a published answer. Registered on moderation's blueprint."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspraak.consultations import services as consultation_services
from inspraak.consultations.permissions import can_view_consultation
from inspraak.database import utcnow
from inspraak.extensions import limiter
from inspraak.forms import domain_errors
from inspraak.web import page_number
from moderation import publication, queries, services
from moderation.forms import ReportForm
from moderation.views import _send_paper, bp
from surveys.models import respondent_categories

PAGE_SIZE = 20
SEARCH_LIMIT = 200


def _public_consultation(slug: str):
    consultation = consultation_services.consultation_by_slug(slug)
    if consultation is None or consultation.is_draft or not can_view_consultation(current_user, consultation):
        abort(404)
    return consultation


def public_filters(args) -> tuple[int | None, str | None, str]:
    """(question id, category, search) from a query string; unknown values are ignored."""
    question = args.get("vraag", "")
    category = args.get("categorie") or None
    if category not in {value for value, _label in respondent_categories()}:
        category = None
    search = (args.get("zoek") or "").strip()[:SEARCH_LIMIT]
    return (int(question) if question.isdigit() and len(question) < 19 else None), category, search


@bp.get("/consultaties/<slug>/reacties")
def list_responses(slug: str):
    consultation = _public_consultation(slug)
    question_id, category, search = public_filters(request.args)
    result = publication.published_answers(consultation, question_id=question_id, category=category,
                                           search=search or None, page=page_number(request.args.get("pagina")),
                                           per_page=PAGE_SIZE)
    questions = queries.questions_of(consultation)
    return render_template("moderation/responses.html", consultation=consultation, result=result,
                           questions=questions, categories=respondent_categories(), question_id=question_id,
                           category=category, search=search)


@bp.get("/consultaties/<slug>/reacties/<int:item_id>/bestand")
def download_published_paper(slug: str, item_id: int):
    consultation = _public_consultation(slug)
    item = publication.published_file_item(consultation, item_id)
    if item is None:
        abort(404)
    return _send_paper(item)


@bp.route("/consultaties/<slug>/reacties/<int:item_id>/melden", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REPORT_RATE_LIMIT"], methods=["POST"])
def report_response(slug: str, item_id: int):
    consultation = _public_consultation(slug)
    item = publication.published_item(item_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        reporter = services.reporter_hash(current_user, request.remote_addr)
        with domain_errors(form) as outcome:
            services.report_item(item, reason=form.reason.data, note=form.note.data or "", reporter=reporter,
                                 now=utcnow())
        if outcome.ok:
            flash(_("Dank u wel. Een moderator bekijkt uw melding."), "success")
            return redirect(url_for("moderation.list_responses", slug=consultation.slug))
    return render_template("moderation/report.html", consultation=consultation, item=item, form=form,
                           text=item.published_text, author=publication.author_label(item.answer.response),
                           question=item.answer.question), 400 if form.errors else 200
