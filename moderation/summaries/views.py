"""The summary pages for policy teams, under /moderatie/samenvattingen. Thin: load, check
the permission on the server for every object, one service call, flash and redirect."""
from __future__ import annotations

import io
import json

from flask import Blueprint, Response as HttpResponse, abort, flash, redirect, render_template, request, send_file
from flask import stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from inspraak import exports
from inspraak.accounts.permissions import is_admin
from inspraak.consultations import services as consultation_services
from inspraak.consultations.permissions import can_view_consultation
from inspraak.forms import EmptyForm, domain_errors, select_choices
from wtforms.fields.choices import SelectChoice
from inspraak.web import acting_user, page_number
from moderation.summaries import corrections, data, lookups, report, runs
from moderation.summaries.figures import effective_theme
from moderation.summaries.dashboard import SENTIMENT_LABELS, STANCE_LABELS, build_summary
from moderation.summaries.forms import AnswerCorrectionForm, MergeThemeForm, RenameThemeForm, SplitThemeForm
from moderation.summaries.permissions import can_correct_summary, can_view_summaries, can_view_summary
from moderation.summaries.quotes import public_text

bp = Blueprint("summaries", __name__, url_prefix="/moderatie/samenvattingen")

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "json": "application/json",
}


@bp.app_context_processor
def summaries_template_helpers() -> dict:
    return {"can_view_summary": can_view_summary, "sentiment_labels": SENTIMENT_LABELS, "stance_labels": STANCE_LABELS}


def _load(slug: str):
    consultation = consultation_services.consultation_by_slug(slug)
    if consultation is None or not can_view_consultation(current_user, consultation):
        abort(404)  # a draft others may not see leaves no trace here either
    if not can_view_summary(current_user, consultation):
        abort(403)
    return consultation


def _dashboard(consultation, **args) -> str:
    return url_for("summaries.show_summary", slug=consultation.slug, **args)


@bp.get("/")
@login_required
def list_summaries():
    if not can_view_summaries(current_user):
        abort(403)
    consultations = (consultation_services.all_consultations() if is_admin(current_user)
                     else consultation_services.consultations_owned_by(current_user))
    return render_template("moderation/summaries/list.html", consultations=lookups.summarisable(consultations))


@bp.get("/<slug>")
@login_required
def show_summary(slug: str):
    consultation = _load(slug)
    question_id = request.args.get("vraag", type=int)
    category = request.args.get("groep") or None
    summary = build_summary(consultation, category=category, question_id=question_id)
    if question_id is not None and not any(q == question_id for q, _t in summary.all_questions):
        flash(_("Die vraag hoort niet bij deze consultatie; alle vragen worden getoond."), "error")
        summary = build_summary(consultation, category=summary.category)
    if category is not None and summary.category is None:
        flash(_("Van die groep zijn geen reacties; alle groepen worden getoond."), "error")
    return render_template("moderation/summaries/dashboard.html", summary=summary, form=EmptyForm())


@bp.post("/<slug>/analyseren")
@login_required
def start_analysis(slug: str):
    consultation = _load(slug)
    form = EmptyForm()
    if form.validate_on_submit():
        with domain_errors() as outcome:
            runs.start_analysis(acting_user(), consultation)
        if outcome.ok:
            flash(_("De analyse is gestart. Vernieuw deze pagina om de voortgang te zien."), "success")
    return redirect(_dashboard(consultation))


@bp.get("/<slug>/vragen/<int:question_id>/themas")
@login_required
def manage_themes(slug: str, question_id: int):
    consultation = _load(slug)
    question = lookups.question_of(consultation, question_id)
    if question is None:
        abort(404)
    summary = build_summary(consultation, question_id=question.id, quotes_per_theme=0)
    themes = lookups.themes_of(question.id)
    forms = {}
    for theme in themes:
        merge = MergeThemeForm(prefix=f"merge{theme.id}")
        merge.target.choices = select_choices([(0, _("Kies een thema"))] + [(t.id, t.name) for t in themes if t.id != theme.id])
        forms[theme.id] = (RenameThemeForm(prefix=f"rename{theme.id}", data={"name": theme.name}), merge)
    return render_template("moderation/summaries/themes.html", consultation=consultation, question=question,
                           summary=summary, themes=themes, forms=forms)


def _theme(consultation, theme_id: int):
    theme = lookups.theme_of(consultation, theme_id)
    if theme is None:
        abort(404)
    if not can_correct_summary(current_user, consultation):
        abort(403)
    return theme


def _back_to_themes(consultation, theme):
    return redirect(url_for("summaries.manage_themes", slug=consultation.slug, question_id=theme.question_id))


def _flash_form_errors(form) -> None:
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")


@bp.post("/<slug>/themas/<int:theme_id>/hernoemen")
@login_required
def rename_theme(slug: str, theme_id: int):
    consultation = _load(slug)
    theme = _theme(consultation, theme_id)
    form = RenameThemeForm(prefix=f"rename{theme.id}")
    if form.validate_on_submit():
        with domain_errors() as outcome:
            corrections.rename_theme(acting_user(), theme, form.name.data)
        if outcome.ok:
            flash(_("Het thema heet nu ‘%(name)s’.", name=form.name.data), "success")
    else:
        _flash_form_errors(form)
    return _back_to_themes(consultation, theme)


@bp.post("/<slug>/themas/<int:theme_id>/samenvoegen")
@login_required
def merge_theme(slug: str, theme_id: int):
    consultation = _load(slug)
    theme = _theme(consultation, theme_id)
    form = MergeThemeForm(prefix=f"merge{theme.id}")
    form.target.choices = select_choices((t.id, t.name) for t in lookups.themes_of(theme.question_id) if t.id != theme.id)
    if form.validate_on_submit():
        target = lookups.theme_of(consultation, form.target.data)
        with domain_errors() as outcome:
            corrections.merge_themes(acting_user(), theme, target)
        if outcome.ok:
            flash(_("De thema's zijn samengevoegd."), "success")
    else:
        flash(_("Kies het thema waarmee dit thema wordt samengevoegd."), "error")
    return _back_to_themes(consultation, theme)


@bp.route("/<slug>/themas/<int:theme_id>/splitsen", methods=["GET", "POST"])
@login_required
def split_theme(slug: str, theme_id: int):
    consultation = _load(slug)
    theme = _theme(consultation, theme_id)
    members = lookups.answers_in_theme(theme)
    form = SplitThemeForm()
    form.answers.choices = select_choices((answer.id, f"{answer.response.reference}: {answer.value[:160]}") for answer, _r in members)
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            new = corrections.split_theme(acting_user(), theme, form.name.data, form.answers.data)
        if outcome.ok:
            flash(_("Het nieuwe thema ‘%(name)s’ heeft %(n)d antwoorden.", name=new.name, n=len(form.answers.data)), "success")
            return _back_to_themes(consultation, theme)
    return render_template("moderation/summaries/split.html", consultation=consultation, theme=theme, form=form,
                           limit=lookups.SPLIT_LIST_LIMIT, shown=len(members))


@bp.get("/<slug>/themas/<int:theme_id>/bronnen")
@login_required
def theme_sources(slug: str, theme_id: int):
    consultation = _load(slug)
    theme = lookups.theme_of(consultation, theme_id)
    if theme is None:
        abort(404)
    references = data.theme_references(consultation.id, theme.question_id).get(theme.id, [])
    return render_template("moderation/summaries/sources.html", consultation=consultation, theme=theme,
                           references=references)


@bp.route("/<slug>/antwoorden/<int:answer_id>", methods=["GET", "POST"])
@login_required
def show_answer(slug: str, answer_id: int):
    consultation = _load(slug)
    answer, result = lookups.answer_of(consultation, answer_id)
    if answer is None:
        abort(404)
    form = None
    if result is not None:
        themes = lookups.themes_of(result.question_id)
        everything = lookups.all_themes(result.question_id)
        current = effective_theme(result, everything)
        form = AnswerCorrectionForm(data={"theme": current or 0, "sentiment": result.effective_sentiment,
                                          "stance": result.effective_stance})
        form.theme.choices = select_choices([(0, _("Geen thema"))] + [(t.id, t.name) for t in themes])
        if current is not None and current not in {t.id for t in themes}:
            form.theme.choices.insert(0, SelectChoice(current, everything[current].name))
        if request.method == "POST":
            if not can_correct_summary(current_user, consultation):
                abort(403)
            if form.validate_on_submit():
                with domain_errors(form) as outcome:
                    if (form.theme.data or None) != current:  # 0: "no theme"
                        target = lookups.theme_of(consultation, form.theme.data) if form.theme.data else None
                        if form.theme.data and target is None:
                            abort(404)
                        corrections.move_answer(acting_user(), result, target)
                    corrections.correct_labels(acting_user(), result, sentiment=form.sentiment.data, stance=form.stance.data)
                if outcome.ok:
                    flash(_("De correctie is opgeslagen."), "success")
                    return redirect(url_for("summaries.show_answer", slug=slug, answer_id=answer.id))
    elif request.method == "POST":
        abort(404)
    return render_template("moderation/summaries/answer.html", consultation=consultation, answer=answer, result=result,
                           form=form, public=public_text(answer), history=lookups.corrections_of_answer(answer.id))


@bp.get("/<slug>/correcties")
@login_required
def list_corrections(slug: str):
    consultation = _load(slug)
    page = page_number(request.args.get("pagina"))
    rows, has_more = lookups.corrections_of(consultation, page)
    return render_template("moderation/summaries/corrections.html", consultation=consultation, corrections=rows,
                           page=page, has_more=has_more)


@bp.get("/<slug>/verslag.<fmt>")
@login_required
def download(slug: str, fmt: str):
    consultation = _load(slug)
    if fmt not in FORMATS:
        abort(404)
    summary = build_summary(consultation)
    name = f"{consultation.slug}-verslag.{fmt}" if fmt in ("docx", "pdf") else f"{consultation.slug}-analyse.{fmt}"
    if fmt == "csv":
        response = HttpResponse(stream_with_context(exports.csv_lines(data.ANSWER_HEADER, data.answer_rows(summary))),
                                mimetype=FORMATS[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    elif fmt == "json":
        response = HttpResponse(json.dumps(data.summary_document(summary), ensure_ascii=False, indent=1),
                                mimetype=FORMATS[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        if fmt == "xlsx":
            handle = exports.xlsx_tempfile(data.xlsx_sheets(summary))
        else:
            handle = io.BytesIO()
            (report.write_docx if fmt == "docx" else report.write_pdf)(summary, handle)
            handle.seek(0)
        response = send_file(handle, as_attachment=True, download_name=name, mimetype=FORMATS[fmt])
    response.headers["Cache-Control"] = "private, no-store"
    return response

