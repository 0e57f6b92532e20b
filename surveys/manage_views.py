"""The builder for policy officers (surveys, pages, questions, order, conditions, preview)
and the exports. Registered on the surveys blueprint (see ``surveys.views``)."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from inspraak.accounts.permissions import is_admin
from inspraak.consultations import services as consultation_services
from inspraak.extensions import db
from inspraak.forms import EmptyForm, domain_errors
from inspraak.web import acting_user
from surveys import builder, exports
from surveys.forms import AnswerPageForm, QuestionForm, SectionForm, SurveyForm
from surveys.models import Question, Section, Survey
from surveys.permissions import can_create_survey, can_edit_survey, can_export_responses
from inspraak.forms import select_choices
from surveys.questions import answer_form_class
from surveys.services import survey_by_slug
from surveys.views import bp


def _load_for_edit(slug: str) -> Survey:
    survey = survey_by_slug(slug)
    if survey is None or not can_edit_survey(current_user, survey):
        abort(404 if survey is None else 403)
    return survey


def _part(survey: Survey, model, object_id: int):
    item = db.get_or_404(model, object_id)
    if item.survey_id != survey.id:
        abort(404)
    return item


def _edit_url(survey: Survey) -> str:
    return url_for("surveys.edit_survey", slug=survey.slug)


@bp.get("/beheer")
@login_required
def manage_surveys():
    if not can_create_survey(current_user):
        abort(403)
    return render_template("surveys/manage.html", surveys=builder.surveys_managed_by(current_user, is_admin(current_user)))


def _survey_form(**kwargs) -> SurveyForm:
    form = SurveyForm(**kwargs)
    user = current_user
    consultations = (consultation_services.all_consultations() if is_admin(user)
                     else consultation_services.consultations_owned_by(user))
    form.consultation.choices = select_choices([("", _("Geen: een losse enquête"))] + [(c.slug, c.title) for c in consultations])
    form.topic.choices = select_choices([("", _("Kies een onderwerp"))] + [(t.slug, t.name) for t in consultation_services.topics()])
    return form


def _survey_fields(form: SurveyForm) -> builder.SurveyFields:
    consultation = consultation_services.consultation_by_slug(form.consultation.data) if form.consultation.data else None
    if consultation is not None and not (is_admin(current_user) or consultation.owner_id == current_user.id):
        consultation = None
    return builder.SurveyFields(
        title=form.title.data, intro_markdown=form.intro.data or "", consultation=consultation,
        topic=consultation_services.topic_by_slug(form.topic.data) if form.topic.data else None,
        opens_at=form.opens_at.data, closes_at=form.closes_at.data,
        allows_anonymous=form.allows_anonymous.data, shows_live_results=form.shows_live_results.data)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def create_survey():
    if not can_create_survey(current_user):
        abort(403)
    form = _survey_form()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            survey = builder.create_survey(acting_user(), _survey_fields(form))
        if outcome.ok:
            flash(_("De enquête is opgeslagen als concept. Voeg nu vragen toe."), "success")
            return redirect(_edit_url(survey))
    return render_template("surveys/survey_form.html", form=form, survey=None)


@bp.route("/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit_survey(slug: str):
    survey = _load_for_edit(slug)
    if request.method == "POST":
        form = _survey_form()
    else:
        form = _survey_form(formdata=None, data={
            "title": survey.title, "intro": survey.intro_markdown,
            "consultation": survey.consultation.slug if survey.consultation else "",
            "topic": survey.topic.slug if survey.topic else "", "opens_at": survey.opens_at, "closes_at": survey.closes_at,
            "allows_anonymous": survey.allows_anonymous, "shows_live_results": survey.shows_live_results})
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            builder.update_survey(acting_user(), survey, _survey_fields(form))
        if outcome.ok:
            flash(_("De wijzigingen zijn opgeslagen."), "success")
            return redirect(_edit_url(survey))
    return render_template("surveys/edit.html", survey=survey, form=form, empty_form=EmptyForm(),
                           has_responses=builder.has_responses(survey), condition_text=builder.condition_text)


@bp.post("/<slug>/status")
@login_required
def change_survey_status(slug: str):
    survey = _load_for_edit(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        if request.form.get("status") == "open":
            builder.open_survey(acting_user(), survey)
        else:
            builder.close_survey(acting_user(), survey)
    if outcome.ok:
        flash(_("De enquête is geopend.") if survey.status == "open" else _("De enquête is gesloten."), "success")
    return redirect(_edit_url(survey))


def _condition_choices(survey: Survey, target) -> list:
    return select_choices([("", _("Altijd tonen"))] + [(str(q.id), q.text) for q in builder.earlier_questions(survey, target)])


def _condition(form) -> dict | None:
    if not form.condition_question.data:
        return None
    return {"question": int(form.condition_question.data), "operator": form.condition_operator.data,
            "value": form.condition_value.data}


def _condition_data(show_if: dict | None) -> dict:
    show_if = show_if or {}
    return {"condition_question": str(show_if.get("question", "")), "condition_operator": show_if.get("operator", "equals"),
            "condition_value": show_if.get("value", "")}


@bp.route("/<slug>/paginas/nieuw", methods=["GET", "POST"])
@bp.route("/<slug>/paginas/<int:section_id>", methods=["GET", "POST"])
@login_required
def edit_section(slug: str, section_id: int | None = None):
    survey = _load_for_edit(slug)
    section = _part(survey, Section, section_id) if section_id else None
    target = section or Section(position=len(survey.sections))
    if request.method == "POST" or section is None:
        form = SectionForm()
    else:
        form = SectionForm(formdata=None, data={"title": section.title, "intro": section.intro, **_condition_data(section.show_if)})
    form.condition_question.choices = _condition_choices(survey, target)
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            if section is None:
                builder.add_section(acting_user(), survey, form.title.data, form.intro.data or "", _condition(form))
            else:
                builder.update_section(acting_user(), section, form.title.data, form.intro.data or "", _condition(form))
        if outcome.ok:
            flash(_("De pagina is opgeslagen."), "success")
            return redirect(_edit_url(survey))
    return render_template("surveys/section_form.html", survey=survey, section=section, form=form)


@bp.route("/<slug>/paginas/<int:section_id>/vragen/nieuw", methods=["GET", "POST"])
@bp.route("/<slug>/vragen/<int:question_id>", methods=["GET", "POST"])
@login_required
def edit_question(slug: str, section_id: int | None = None, question_id: int | None = None):
    survey = _load_for_edit(slug)
    question = _part(survey, Question, question_id) if question_id else None
    section = question.section if question else _part(survey, Section, section_id)
    if request.method == "POST" or question is None:
        form = QuestionForm()
        if request.method == "GET":
            form.kind.data = request.args.get("soort", "short_text")
    else:
        settings = question.settings or {}
        form = QuestionForm(formdata=None, data={
            "kind": question.kind, "text": question.text, "help": question.help, "is_required": question.is_required,
            "options": "\n".join(o["label"] for o in question.options or []), "has_other": settings.get("has_other", False),
            "min_choices": settings.get("min_choices"), "max_choices": settings.get("max_choices"),
            "max_length": settings.get("max_length"), "minimum": settings.get("minimum"), "maximum": settings.get("maximum"),
            **_condition_data(question.show_if)})
    form.condition_question.choices = _condition_choices(survey, question or section)
    if form.validate_on_submit():
        fields = builder.QuestionFields(
            kind=form.kind.data, text=form.text.data, help=form.help.data or "", is_required=form.is_required.data,
            option_labels=builder.parse_option_lines(form.options.data), condition=_condition(form),
            settings={"has_other": form.has_other.data, "min_choices": form.min_choices.data,
                      "max_choices": form.max_choices.data, "max_length": form.max_length.data,
                      "minimum": form.minimum.data, "maximum": form.maximum.data})
        with domain_errors(form) as outcome:
            if question is None:
                builder.add_question(acting_user(), section, fields)
            else:
                builder.update_question(acting_user(), question, fields)
        if outcome.ok:
            flash(_("De vraag is opgeslagen."), "success")
            return redirect(_edit_url(survey))
    return render_template("surveys/question_form.html", survey=survey, section=section, question=question, form=form)


@bp.post("/<slug>/<any(paginas, vragen):part>/<int:item_id>/<any(omhoog, omlaag, verwijderen):action>")
@login_required
def change_part(slug: str, part: str, item_id: int, action: str):
    survey = _load_for_edit(slug)
    item = _part(survey, Section if part == "paginas" else Question, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        if action == "verwijderen":
            (builder.delete_section if part == "paginas" else builder.delete_question)(acting_user(), item)
        else:
            move = builder.move_section if part == "paginas" else builder.move_question
            move(acting_user(), item, -1 if action == "omhoog" else 1)
    if outcome.ok:
        flash(_("Verwijderd.") if action == "verwijderen" else _("De volgorde is aangepast."), "success")
    return redirect(_edit_url(survey))


@bp.get("/<slug>/voorbeeld")
@login_required
def preview_survey(slug: str):
    survey = _load_for_edit(slug)
    pages = [(section, answer_form_class(section.questions, AnswerPageForm)(formdata=None))
             for section in survey.sections]
    # Respondents' steps: "Over u", then every page (all shown here; a page with a condition may be skipped).
    return render_template("surveys/preview.html", survey=survey, pages=pages, condition_text=builder.condition_text,
                           steps=1 + len(pages), has_conditional_pages=any(s.show_if for s in survey.sections))


@bp.get("/<slug>/export.<any(csv, xlsx, json):fmt>")
@login_required
def export_responses(slug: str, fmt: str):
    survey = survey_by_slug(slug)
    if survey is None or not can_export_responses(current_user, survey):
        abort(404)
    name = f"{survey.slug}-antwoorden.{fmt}"
    if fmt == "xlsx":
        response = send_file(exports.xlsx_file(survey), as_attachment=True, download_name=name,
                             mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        stream = exports.csv_stream(survey) if fmt == "csv" else exports.json_stream(survey)
        response = HttpResponse(stream_with_context(stream),
                                mimetype="text/csv" if fmt == "csv" else "application/json")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
