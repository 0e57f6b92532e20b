"""Survey pages (under /enquetes): answering, save and resume, the receipt and the results.
The builder's pages and the exports are in ``surveys.manage_views`` (same blueprint)."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspraak.caching import public_page
from inspraak.database import utcnow
from inspraak.extensions import limiter
from inspraak.forms import domain_errors
from inspraak.security import checks_form_characters
from inspraak.web import acting_user, page_number
from surveys import results as survey_results
from surveys import services
from surveys.forms import AnswerPageForm, ProfileForm
from surveys.models import Response, ResponsePublication, Survey
from surveys.permissions import can_edit_survey, can_view_results, can_view_survey
from surveys.questions import REGISTRY, answer_form_class, field_name, kind_of

bp = Blueprint("surveys", __name__, url_prefix="/enquetes")
DRAFTS_KEY = "survey_drafts"


@bp.app_context_processor
def surveys_template_helpers() -> dict:
    """This area's permission functions, and the consultation page's link to its questionnaire."""
    from surveys import permissions

    helpers = {name: getattr(permissions, name) for name in permissions.__all__}
    helpers["survey_for_consultation"] = services.survey_for_consultation
    helpers["publication_label"] = lambda value: ResponsePublication(value).label
    return helpers


@bp.app_template_filter("survey_kind_label")
def survey_kind_label(kind: str):
    return REGISTRY[kind].label if kind in REGISTRY else kind


def _load(slug: str) -> Survey:
    return _visible(services.survey_by_slug(slug))


def _visible(survey: Survey | None) -> Survey:
    if survey is None or not can_view_survey(current_user, survey):
        abort(404)
    return survey


def _remember(survey: Survey, secret: str | None) -> None:
    if secret:
        drafts = dict(session.get(DRAFTS_KEY, {}))
        drafts[str(survey.id)] = secret
        session[DRAFTS_KEY] = drafts


def _secret(survey: Survey) -> str | None:
    return session.get(DRAFTS_KEY, {}).get(str(survey.id))


def _draft(survey: Survey) -> Response | None:
    if current_user.is_authenticated:
        return services.response_of_user(survey, current_user)
    return services.draft_by_resume_token(survey, _secret(survey))


def _receipt(response: Response):
    return redirect(url_for("surveys.show_receipt", slug=response.survey.slug, token=response.submission_token))


# What the public survey pages read (inspraak.caching): a write to any of these renews them.
LIST_TABLES = ("survey", "topic", "consultation")
RESULT_TABLES = ("survey", "survey_section", "survey_question", "survey_response", "survey_answer")


@bp.get("/")
@public_page(*LIST_TABLES)
def list_surveys():
    return render_template("surveys/list.html", result=services.public_surveys(page=page_number(request.args.get("pagina"))))


@bp.get("/<slug>")
def show_survey(slug: str):
    survey = _load(slug)
    return render_template("surveys/detail.html", survey=survey, draft=_draft(survey),
                           can_edit=can_edit_survey(current_user, survey),
                           can_see_results=can_view_results(current_user, survey, utcnow()))


def _gate(survey: Survey):
    """A response page is shown only while the survey accepts answers, to whoever may answer."""
    if not survey.is_accepting_responses(utcnow()):
        return render_template("surveys/closed.html", survey=survey)
    if not current_user.is_authenticated and not survey.allows_anonymous:
        flash(_("Log in om deze enquête in te vullen."), "info")
        return redirect(url_for("accounts.sign_in", volgende=request.path))
    return None


def _already_submitted(survey: Survey, draft: Response | None):
    token = request.form.get("submission_token") if request.method == "POST" else None
    if draft is not None and token == draft.submission_token:
        token = None  # the draft is that response, already loaded
    posted = services.response_by_submission_token(token) if token else None
    for response in (posted, draft):
        if response is not None and response.survey_id == survey.id and response.is_submitted:
            return response
    return None


@bp.route("/<slug>/invullen", methods=["GET", "POST"])
@checks_form_characters  # a NUL in an answer: an error next to it, the page's other answers kept
@limiter.limit(lambda: current_app.config["ANSWER_RATE_LIMIT"], methods=["POST"])
def answer_survey(slug: str):
    survey = _visible(services.survey_for_answering(slug))
    draft = _draft(survey)
    done = _already_submitted(survey, draft)
    if done is not None:
        if request.method == "POST":   # a resent form, or a second tab: nothing it holds is stored
            flash(_("Deze reactie was al verzonden. Wat u daarna nog veranderde, is niet opgeslagen."), "info")
        return _receipt(done)
    if (gate := _gate(survey)) is not None:
        return gate
    try:
        page = int(request.args.get("pagina", 1))
    except ValueError:
        page = 1
    if page <= 1 or draft is None:
        return _profile_page(survey, draft)
    return _questions_page(survey, draft, min(page, draft.page_reached + 1))


def _profile_page(survey: Survey, draft: Response | None):
    user = current_user
    if request.method == "POST":
        form = ProfileForm()
    elif draft is not None:
        form = ProfileForm(formdata=None, data={
            "submission_token": draft.submission_token, "category": draft.respondent_category,
            "organisation": draft.organisation_name, "name": draft.respondent_name, "province": draft.province or "",
            "publication": draft.publication})
    else:
        organisation = user.organisation if user.is_authenticated else None
        form = ProfileForm(formdata=None, data={
            "submission_token": secrets.token_urlsafe(24),
            "category": organisation.category if organisation else ("citizen" if user.is_authenticated else None),
            "organisation": organisation.name if organisation else "", "name": user.name if user.is_authenticated else ""})
    errors = {}
    if form.validate_on_submit():
        profile = services.RespondentProfile(
            category=form.category.data, organisation=form.organisation.data, name=form.name.data,
            province=form.province.data or None, publication=form.publication.data)
        with domain_errors(form) as outcome:
            response, secret = services.save_profile(
                survey, submission_token=form.submission_token.data or secrets.token_urlsafe(24), profile=profile,
                user=acting_user() if user.is_authenticated else None, client_address=request.remote_addr,
                now=utcnow())
        if outcome.ok:
            _remember(survey, secret)
            if response.is_submitted:
                return _receipt(response)
            if request.form.get("action") == "later":
                return redirect(url_for("surveys.show_saved", slug=survey.slug))
            return redirect(url_for("surveys.answer_survey", slug=survey.slug, pagina=2))
        errors = getattr(outcome.error, "errors", {})
        for name, message in errors.items():
            form[name].errors = list(form[name].errors) + [str(message)]
    total = _total(survey, services.page_layout(draft) if draft else services.layout_before_answers(survey))
    return render_template("surveys/profile.html", survey=survey, form=form, page=1, total=total,
                           secret=_secret(survey), draft=draft)


def _questions_page(survey: Survey, draft: Response, page: int):
    layout = services.page_layout(draft)
    if page - 2 >= len(layout):
        return _send_page(survey, draft, page)
    index = page - 2
    section, shown = layout[index]
    form_class = answer_form_class(shown, AnswerPageForm)
    if request.method == "POST":
        form = form_class()
    else:
        stored = draft.answers_by_question()
        data = {field_name(q): kind_of(q).form_data(q, stored.get(q.id)) for q in shown if q.id in stored}
        form = form_class(formdata=None, data={**data, "submission_token": draft.submission_token})
    errors: dict = {}
    # The survey's final page sends; a page after which later pages happen to be hidden
    # leads to a separate send step (answers on this page may still show those pages).
    is_last = section.id == survey.sections[-1].id
    if form.validate_on_submit():
        raw = {q.id: kind_of(q).form_value(q, form[field_name(q)]) for q in shown}
        action = request.form.get("action", "next")
        with domain_errors(form) as outcome:
            if is_last and action == "submit":
                response = services.save_and_submit(draft, section.id, raw, utcnow())
            else:
                services.save_page(draft, section.id, raw, utcnow())
        if outcome.ok:
            if is_last and action == "submit":
                return _receipt(response)
            if action == "later":
                return redirect(url_for("surveys.show_saved", slug=survey.slug))
            return redirect(url_for("surveys.answer_survey", slug=survey.slug, pagina=page + 1))
        errors = getattr(outcome.error, "errors", {})
    stored_files = {a.question_id: a.value for a in draft.answers if isinstance(a.value, dict) and "stored_name" in a.value}
    return render_template("surveys/page.html", survey=survey, form=form, section=section, questions=shown,
                           errors=errors, page=page, total=_total(survey, layout), is_last=is_last,
                           secret=_secret(survey), stored_files=stored_files)


def _total(survey: Survey, layout) -> int:
    """Steps: about you, the visible pages, and a send step unless the final page is visible."""
    ends_with_final_page = bool(layout) and layout[-1][0].id == survey.sections[-1].id
    return 1 + len(layout) + (0 if ends_with_final_page else 1)


def _send_page(survey: Survey, draft: Response, page: int):
    """All visible pages are answered, and the survey's final page is hidden: send from here."""
    form = AnswerPageForm() if request.method == "POST" else AnswerPageForm(
        formdata=None, data={"submission_token": draft.submission_token})
    errors: dict = {}
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            response = services.submit(draft, utcnow())
        if outcome.ok:
            return _receipt(response)
        errors = getattr(outcome.error, "errors", {})
    layout = services.page_layout(draft)
    return render_template("surveys/send.html", survey=survey, form=form, errors=errors, page=_total(survey, layout),
                           total=_total(survey, layout))


@bp.get("/<slug>/bewaard")
def show_saved(slug: str):
    survey = _load(slug)
    draft = _draft(survey)
    if draft is None:
        return redirect(url_for("surveys.show_survey", slug=survey.slug))
    secret = _secret(survey)
    link = url_for("surveys.resume_survey", slug=survey.slug, secret=secret, _external=True) if secret else None
    return render_template("surveys/saved.html", survey=survey, draft=draft, link=link)


@bp.get("/<slug>/verder/<secret>")
def resume_survey(slug: str, secret: str):
    survey = _load(slug)
    draft = services.draft_by_resume_token(survey, secret)
    if draft is None or draft.is_submitted:
        flash(_("Deze link werkt niet (meer). Misschien is uw reactie al verzonden of is de enquête gesloten."), "error")
        return redirect(url_for("surveys.show_survey", slug=survey.slug))
    if draft.user_id is not None and (not current_user.is_authenticated or current_user.id != draft.user_id):
        flash(_("Log in met het account waarmee u begon, om verder te gaan."), "info")
        return redirect(url_for("accounts.sign_in", volgende=request.path))
    _remember(survey, secret)
    flash(_("Welkom terug. U gaat verder waar u was gebleven."), "success")
    return redirect(url_for("surveys.answer_survey", slug=survey.slug, pagina=draft.page_reached + 1))


@bp.get("/<slug>/bevestiging/<token>")
def show_receipt(slug: str, token: str):
    survey = _load(slug)
    response = services.response_by_submission_token(token)
    if response is None or response.survey_id != survey.id or not response.is_submitted:
        abort(404)
    return render_template("surveys/receipt.html", survey=survey, response=response,
                           can_see_results=can_view_results(current_user, survey, utcnow()))


@bp.get("/<slug>/uitkomsten")
@public_page(*RESULT_TABLES)
def show_results(slug: str):
    survey = _load(slug)
    if not can_view_results(current_user, survey, utcnow()):
        abort(404)
    return render_template("surveys/results.html", survey=survey, results=survey_results.survey_results(survey),
                           categories=survey_results.categories_in(survey),
                           respondents=survey_results.respondents_by_category(survey),
                           total=services.response_count(survey),
                           bulk=services.bulk_suspects(survey) if can_edit_survey(current_user, survey) else None)


from surveys import manage_views  # noqa: E402,F401  (the builder's routes on this blueprint)
