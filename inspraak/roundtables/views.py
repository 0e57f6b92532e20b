"""Public event pages, signing up, "Mijn aanmeldingen" and cancelling."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from inspraak.caching import public_page
from inspraak.database import utcnow
from inspraak.extensions import limiter
from inspraak.forms import EmptyForm, domain_errors
from inspraak.roundtables import mails, services, signup
from inspraak.roundtables.forms import SignupForm, mark_required
from inspraak.roundtables.models import Roundtable, category_of
from inspraak.roundtables.permissions import can_edit_roundtable, can_sign_up, can_view_roundtable
from inspraak.web import acting_user, page_number

bp = Blueprint("roundtables", __name__, url_prefix="/rondetafels")


@bp.app_context_processor
def roundtables_template_helpers() -> dict:
    """This area's permission functions and the events of a consultation, for every template."""
    from inspraak.roundtables import permissions

    helpers = {name: getattr(permissions, name) for name in permissions.__all__}
    helpers["events_for_consultation"] = services.roundtables_for_consultation
    return helpers


@bp.after_app_request
def send_mails_after_commit(response):
    """Mails a privacy erasure prepared (waitlist promotions), once its transaction has committed."""
    pending = g.pop(services.PENDING_MAILS, None)
    if pending:
        mails.send(pending)
    return response


def load_roundtable(roundtable_id: int) -> Roundtable:
    roundtable = services.roundtable_by_id(roundtable_id)
    # An unpublished event is not found for anyone who may not see it.
    if roundtable is None or not can_view_roundtable(current_user, roundtable):
        abort(404)
    return roundtable


# What the public event pages read (inspraak.caching): a write to any of these renews them.
TABLES = ("roundtable", "roundtable_seat", "roundtable_registration", "topic", "consultation")


@bp.get("/")
@public_page(*TABLES)
def list_roundtables():
    upcoming = services.upcoming_roundtables(page=page_number(request.args.get("pagina")))
    return render_template("roundtables/list.html", upcoming=upcoming, counts=services.counts_for(upcoming.items),
                           past=services.past_roundtables_with_summary())


@bp.get("/<int:roundtable_id>")
@public_page(*TABLES)
def show_roundtable(roundtable_id: int):
    roundtable = load_roundtable(roundtable_id)
    registration = services.registration_of(current_user, roundtable)
    return render_template("roundtables/detail.html", roundtable=roundtable, counts=services.counts(roundtable),
                           registration=registration, can_edit=can_edit_roundtable(current_user, roundtable),
                           empty_form=EmptyForm())


@bp.route("/<int:roundtable_id>/aanmelden", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["SIGN_UP_RATE_LIMIT"], methods=["POST"])
def sign_up(roundtable_id: int):
    roundtable = load_roundtable(roundtable_id)
    if not can_sign_up(current_user, roundtable):
        abort(403)
    existing = services.registration_of(current_user, roundtable)
    if existing is not None and existing.is_active:
        flash(_("U bent al aangemeld voor deze bijeenkomst."), "info")
        return redirect(url_for("roundtables.list_my_registrations"))
    if not roundtable.is_signup_open(utcnow()):
        # The page says why (not yet open, closed, taken place) instead of a form the service refuses.
        return render_template("roundtables/signup.html", roundtable=roundtable, form=None, category=category_of(current_user))
    form = mark_required(SignupForm(), roundtable)
    if form.validate_on_submit():
        answers = signup.SignupAnswers(
            consent=form.consent.data, motivation=form.motivation.data or "",
            accessibility_needs=form.accessibility_needs.data or "", diet=form.diet.data or "",
            is_adult=form.is_adult.data, informed_consent=form.informed_consent.data)
        with domain_errors(form) as outcome:
            result = signup.sign_up_for_roundtable(acting_user(), roundtable, answers)
        if outcome.ok:
            flash(_outcome_message(result), "success")
            return redirect(url_for("roundtables.list_my_registrations"))
    return render_template("roundtables/signup.html", roundtable=roundtable, form=form,
                           category=category_of(current_user))


def _outcome_message(result: signup.SignupOutcome) -> str:
    registration = result.registration
    if registration.status == "confirmed":
        return _("U bent aangemeld. Uw aanmeldcode is %(code)s; de bevestiging met agenda-uitnodiging staat in uw mail.",
                 code=registration.code)
    if registration.status == "waitlisted" and registration.roundtable.is_selection:
        return _("De organisator heeft de deelnemers al gekozen en alle plaatsen in uw categorie zijn bezet. U bent reserve: "
                 "u staat op de wachtlijst, op plaats %(position)d. Komt er een plaats vrij, dan krijgt u die automatisch "
                 "en sturen wij u een bevestiging.", position=registration.waitlist_position)
    if registration.status == "waitlisted":
        return _("Alle plaatsen in uw categorie zijn bezet. U staat op de wachtlijst, op plaats %(position)d. "
                 "Komt er een plaats vrij, dan krijgt u bericht.", position=registration.waitlist_position)
    return _("Uw aanmelding is ontvangen. De organisator stelt een evenwichtige tafel samen; u hoort per e-mail of u kunt deelnemen.")


@bp.get("/mijn-aanmeldingen")
@login_required
def list_my_registrations():
    return render_template("roundtables/mine.html", registrations=services.registrations_of(current_user),
                           empty_form=EmptyForm())


def _own_registration(registration_id: int):
    registration = services.registration_by_id(registration_id)
    if registration is None or registration.user_id != current_user.id:
        abort(404)
    return registration


@bp.post("/aanmeldingen/<int:registration_id>/afmelden")
@login_required
def cancel_registration(registration_id: int):
    registration = _own_registration(registration_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    held_a_seat = registration.is_confirmed
    with domain_errors() as outcome:
        signup.cancel_registration(acting_user(), registration)
    if outcome.ok:
        _flash_cancelled(held_a_seat)
    return redirect(url_for("roundtables.list_my_registrations"))


def _flash_cancelled(held_a_seat: bool) -> None:
    if held_a_seat:
        flash(_("U bent afgemeld. Dank u voor het doorgeven; uw plaats gaat naar de eerste op de wachtlijst."), "success")
    else:
        flash(_("U bent afgemeld. Dank u voor het doorgeven."), "success")


@bp.get("/aanmeldingen/<int:registration_id>/uitnodiging.ics")
@login_required
def download_invitation(registration_id: int):
    registration = _own_registration(registration_id)
    if not registration.is_confirmed:
        abort(404)
    return _ics_response(mails.ics_for(registration))


def _ics_response(data: bytes):
    from flask import make_response

    response = make_response(data)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="uitnodiging.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/afmelden/<token>")
def confirm_cancel(token: str):
    registration = signup.registration_for_cancel_token(token)
    return render_template("roundtables/cancel.html", registration=registration, token=token, empty_form=EmptyForm(),
                           started=registration is not None and registration.roundtable.has_started(utcnow())), \
        (200 if registration is not None else 404)


@bp.post("/afmelden/<token>")
def cancel_with_token(token: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    registration = signup.registration_for_cancel_token(token)
    held_a_seat = registration is not None and registration.is_confirmed
    with domain_errors() as outcome:
        signup.cancel_with_token(token)
    if outcome.ok:
        _flash_cancelled(held_a_seat)
        return redirect(url_for("roundtables.list_roundtables"))
    return redirect(url_for("roundtables.confirm_cancel", token=token))


from inspraak.roundtables import manage  # noqa: E402,F401  (the officers' routes on this blueprint)
