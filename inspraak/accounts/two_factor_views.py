"""Pages of two-factor sign-in: the second step, enrolment, recovery codes, re-authentication.

Routes on the accounts blueprint (``/account/tweestaps...``). Staff who must use two-factor
but have not enrolled reach only the enrolment page (``before_app_request`` below).
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from inspraak.accounts import services, two_factor
from inspraak.accounts.models import User
from inspraak.accounts.reauth import recent_sign_in_required
from inspraak.accounts.session_limits import enforce_session_limits
from inspraak.accounts.views import _sign_in_limit, bp, user_for_admin_action
from inspraak.database import utcnow
from inspraak.extensions import db, limiter
from inspraak.forms import EmptyForm, domain_errors, strip
from inspraak.web import acting_user, safe_next_url

PENDING_SECONDS = 5 * 60
ENROLMENT_NONCE_KEY = "totp_enrolment_nonce"
# What a staff member without two-factor may still reach: enrolment, signing out, language.
OPEN_WHILE_ENROLLING = {"accounts.enrol_two_factor", "accounts.sign_out", "main.set_language", "static",
                        "accounts.show_recovery_codes"}


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip], validators=[DataRequired(_l("Vul de code in.")), Length(max=40)],
                       description=_l("De zes cijfers uit uw app, of een van uw herstelcodes."))


class ReauthenticateForm(FlaskForm):
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(_l("Vul uw wachtwoord in."))])
    code = StringField(_l("Code uit uw app"), filters=[strip], validators=[Length(max=40)],
                       description=_l("Alleen als u tweestapsverificatie gebruikt."))


def complete_sign_in(user: User, next_url: str | None = None):
    """After the password (or a sign-in link): sign in, or ask for the second step first."""
    session.clear()
    if two_factor.is_required(user) and user.has_two_factor:
        session["pending_user"] = user.session_token
        session["pending_at"] = utcnow().timestamp()
        session["pending_next"] = next_url
        session["locale"] = user.locale
        return redirect(url_for("accounts.verify_two_factor"))
    login_user(user)
    session["locale"] = user.locale
    session["authenticated_at"] = utcnow().timestamp()
    flash(_("U bent ingelogd."), "success")
    if two_factor.needs_enrolment(user):
        return redirect(url_for("accounts.enrol_two_factor"))
    return redirect(safe_next_url(next_url, url_for("main.show_home")))


def _pending_user() -> User | None:
    token, started = session.get("pending_user"), session.get("pending_at", 0)
    if not token or utcnow().timestamp() - started > PENDING_SECONDS:
        return None
    return db.session.scalar(db.select(User).where(User.session_token == token, User.deleted_at.is_(None)))


@bp.route("/tweestaps", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def verify_two_factor():
    user = _pending_user()
    if user is None:
        flash(_("Log opnieuw in; de tweede stap moet binnen vijf minuten volgen."), "info")
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            two_factor.verify(user, form.code.data)
        if outcome.ok:
            next_url = session.get("pending_next")
            locale = session.get("locale")
            session.clear()
            login_user(user)
            session["locale"] = locale or user.locale
            session["authenticated_at"] = utcnow().timestamp()
            flash(_("U bent ingelogd."), "success")
            if two_factor.recovery_codes_left(user) <= 2:
                flash(_("U heeft nog %(n)d herstelcodes. Maak nieuwe aan onder Mijn account.",
                        n=two_factor.recovery_codes_left(user)), "info")
            return redirect(safe_next_url(next_url, url_for("main.show_home")))
    return render_template("accounts/two_factor_verify.html", form=form)


@bp.route("/tweestaps/instellen", methods=["GET", "POST"])
@login_required
def enrol_two_factor():
    user = acting_user()
    if user.has_two_factor:
        return redirect(url_for("accounts.show_profile"))
    # The key on offer lives in no table until a code confirms it (GET writes nothing).
    nonce = session.get(ENROLMENT_NONCE_KEY)
    if not nonce:
        nonce = session[ENROLMENT_NONCE_KEY] = two_factor.new_enrolment_nonce()
    secret = two_factor.pending_secret(user, nonce)
    form = CodeForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            codes = two_factor.confirm_enrolment(user, form.code.data, secret)
        if outcome.ok:
            session.pop(ENROLMENT_NONCE_KEY, None)
            session["authenticated_at"] = utcnow().timestamp()
            # Shown once: kept in the session only until the next page is rendered.
            session["new_recovery_codes"] = codes
            return redirect(url_for("accounts.show_recovery_codes"))
    return render_template("accounts/two_factor_enrol.html", form=form, qr=two_factor.qr_code_data_uri(user, secret),
                           secret=secret, required=two_factor.is_required(user))


@bp.post("/tweestaps/nieuwe-herstelcodes")
@login_required
@recent_sign_in_required
def renew_recovery_codes():
    if not EmptyForm().validate_on_submit():
        abort(400)
    with domain_errors() as outcome:
        codes = two_factor.renew_recovery_codes(acting_user())
    if not outcome.ok:
        return redirect(url_for("accounts.show_profile"))
    session["new_recovery_codes"] = codes
    return redirect(url_for("accounts.show_recovery_codes"))


@bp.get("/tweestaps/herstelcodes")
@login_required
def show_recovery_codes():
    codes = session.pop("new_recovery_codes", None)
    if not codes:
        return redirect(url_for("accounts.show_profile"))
    response = current_app.make_response(render_template("accounts/two_factor_codes.html", codes=codes))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/bevestigen", methods=["GET", "POST"])
@login_required
@limiter.limit(_sign_in_limit, methods=["POST"])
def reauthenticate():
    form = ReauthenticateForm()
    user = acting_user()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.confirm_identity(user, form.password.data)
            if user.has_two_factor:
                two_factor.verify(user, form.code.data)
        if outcome.ok:
            session["authenticated_at"] = utcnow().timestamp()
            return redirect(safe_next_url(request.args.get("volgende"), url_for("accounts.show_profile")))
    return render_template("accounts/reauthenticate.html", form=form, needs_code=user.has_two_factor)


@bp.post("/beheer/gebruikers/<int:user_id>/tweestaps-uit")
@login_required
@recent_sign_in_required
def reset_two_factor(user_id: int):
    user = user_for_admin_action(user_id)
    two_factor.reset(acting_user(), user)
    flash(_("Tweestapsverificatie staat uit; de gebruiker koppelt bij de volgende keer inloggen een nieuwe app."),
          "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id))


bp.before_app_request(enforce_session_limits)


@bp.before_app_request
def keep_unenrolled_staff_on_the_enrolment_page():
    if (current_user.is_authenticated and request.endpoint not in OPEN_WHILE_ENROLLING
            and not (request.endpoint or "").startswith("api") and two_factor.needs_enrolment(current_user)):
        return redirect(url_for("accounts.enrol_two_factor"))
    return None


def authenticated_at() -> datetime | None:
    at = session.get("authenticated_at")
    return datetime.fromtimestamp(at, timezone.utc) if at else None
