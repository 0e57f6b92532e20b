"""Sign-up, sign-in, password reset, profile, API tokens and role management."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from inspraak.accounts import services
from inspraak.accounts.identity import isolate
from inspraak.accounts.forms import (
    ApiTokenForm, ChangePasswordForm, DeleteAccountForm, EmailOnlyForm, MergeOrganisationsForm, NewPasswordForm, RegisterForm,
    RoleForm, SignInForm,
)
from inspraak.accounts import organisations
from inspraak.accounts.models import Organisation, OrganisationCategory, Role, User
from inspraak.accounts.permissions import can_create_api_token, can_manage_users
from inspraak.accounts.reauth import recent_sign_in_required
from inspraak.errors import DomainError
from flask_limiter.util import get_remote_address

from inspraak.accounts import security_log, sign_in_links
from inspraak.accounts.security_log import SecurityEventKind
from inspraak.extensions import chosen_locale, db, limiter
from inspraak.forms import EmptyForm, domain_errors
from inspraak.web import acting_user, current_language, page_number, safe_next_url

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.app_context_processor
def accounts_template_helpers() -> dict:
    """This area's permission functions, for every template (e.g. the navigation)."""
    from inspraak.accounts import permissions

    return {name: getattr(permissions, name) for name in permissions.__all__}


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _submitted_email() -> str:
    # A second bucket per account *and* client address: one client guessing many accounts
    # meets the first bucket, and guesses at one account from one client meet this one,
    # while the real user, from anywhere else, can still sign in (or ask for a link).
    return f"email:{services.normalise_email(request.form.get('email', ''))}|{get_remote_address()}"


@bp.route("/registreren", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.show_home"))
    form = RegisterForm()
    if form.validate_on_submit():
        organisation = None
        if form.account_type.data == "organisation":
            organisation = services.OrganisationDetails(
                name=form.organisation_name.data, category=OrganisationCategory(form.organisation_category.data),
                kvk_number=form.kvk_number.data, transparency_register_id=form.transparency_register_id.data)
        with domain_errors(form) as outcome:
            services.register(email=form.email.data, name=form.name.data, password=form.password.data,
                              locale=current_language(), organisation=organisation)
        if outcome.ok:
            # The address waits in the (signed) session, never in a URL: addresses in URLs end
            # up in server logs, browser history and Referer headers.
            session["check_mail_address"] = form.email.data.strip()[:254]
            return redirect(url_for("accounts.check_mail"))
    return render_template("accounts/register.html", form=form)


@bp.get("/controleer-uw-mail")
def check_mail():
    email = session.get("check_mail_address", "")
    return render_template("accounts/check_mail.html", email=email, form=EmailOnlyForm(email=email or None))


@bp.post("/bevestiging-opnieuw")
@limiter.limit(_sign_in_limit)
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        flash(_("Als dit adres bij ons bekend is en nog niet bevestigd, hebben we een nieuwe link gestuurd."), "success")
        session["check_mail_address"] = (form.email.data or "")[:254]
    return redirect(url_for("accounts.check_mail"))


@bp.route("/bevestigen/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """GET shows a button (a mail scanner that follows links changes nothing); POST confirms."""
    try:
        user = services.user_for_verification_token(token)
        form = EmptyForm()
        if form.validate_on_submit():
            services.verify_email(token)
            flash(_("Uw e-mailadres is bevestigd. U kunt nu inloggen."), "success")
            return redirect(url_for("accounts.sign_in"))
    except DomainError as error:
        return render_template("accounts/link_error.html", message=error.message), 400
    return render_template("accounts/verify_email.html", user=user, token=token, form=form)


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_submitted_email)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("main.show_home"))
    form = SignInForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            user = services.authenticate(form.email.data, form.password.data, locale=chosen_locale())
        if outcome.ok:
            # A fresh session (no fixation), then the second step for staff.
            from inspraak.accounts.two_factor_views import complete_sign_in

            return complete_sign_in(user, request.args.get("next"))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/uitloggen")
@login_required
def sign_out():
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    services.sign_out(acting_user())
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "success")
    return redirect(url_for("main.show_home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def request_reset():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("Als dit adres bij ons bekend is, ontvangt u binnen enkele minuten een e-mail met een link om een nieuw wachtwoord te kiezen."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/request_reset.html", form=form)


@bp.route("/inloglink", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def request_sign_in_link():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        sign_in_links.request_sign_in_link(form.email.data)
        flash(_("Als dit adres bij ons bekend is, ontvangt u binnen enkele minuten een e-mail met een inloglink."),
              "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/request_sign_in_link.html", form=form)


@bp.route("/inloglink/<token>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in_with_link(token: str):
    """GET shows a button (a mail scanner that follows links signs nobody in); POST signs in."""
    try:
        user = sign_in_links.user_for_sign_in_token(token)
    except DomainError as error:
        return render_template("accounts/link_error.html", message=error.message), 400
    form = EmptyForm()
    if form.validate_on_submit():
        with domain_errors() as outcome:
            user = sign_in_links.sign_in_with_link(token, locale=chosen_locale())
        if outcome.ok:
            from inspraak.accounts.two_factor_views import complete_sign_in

            return complete_sign_in(user)
    return render_template("accounts/sign_in_with_link.html", user=user, token=token, form=form)


@bp.route("/nieuw-wachtwoord/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        return render_template("accounts/link_error.html", message=error.message), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.reset_password(token, form.password.data)
        if outcome.ok:
            logout_user()
            flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "success")
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


@bp.get("/")
@login_required
def show_profile():
    return render_template("accounts/profile.html", tokens=current_user.api_tokens, token_form=ApiTokenForm(prefix="token"),
                           empty_form=EmptyForm())


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
@limiter.limit(_sign_in_limit, methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.change_password(acting_user(), form.current_password.data, form.password.data)
        if outcome.ok:
            # Every other session has ended; sign this one in again with the new token.
            login_user(acting_user())
            flash(_("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."), "success")
            return redirect(url_for("accounts.show_profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.get("/mijn-gegevens.json")
@login_required
def download_personal_data():
    response = jsonify(services.personal_data(acting_user()))
    response.headers["Content-Disposition"] = "attachment; filename=mijn-gegevens-inspraak.json"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/verwijderen", methods=["GET", "POST"])
@login_required
@limiter.limit(_sign_in_limit, methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.delete_account(acting_user(), form.password.data)
        if outcome.ok:
            logout_user()
            session.clear()
            flash(_("Uw account en uw persoonsgegevens zijn verwijderd."), "success")
            return redirect(url_for("main.show_home"))
    return render_template("accounts/delete_account.html", form=form)


@bp.post("/tokens")
@login_required
@recent_sign_in_required
def create_token():
    if not can_create_api_token(current_user):
        abort(403)
    form = ApiTokenForm(prefix="token")
    if not form.validate_on_submit():
        return render_template("accounts/profile.html", tokens=current_user.api_tokens, token_form=form,
                               empty_form=EmptyForm()), 400
    token, secret = services.create_api_token(acting_user(), form.name.data)
    # Rendered once, never stored in plain text, never put in a URL or the session.
    return render_template("accounts/token_created.html", token=token, secret=secret)


@bp.post("/tokens/<int:token_id>/intrekken")
@login_required
def revoke_token(token_id: int):
    # Anyone may revoke their own tokens, also after losing the role that made them.
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.revoke_api_token(acting_user(), token_id)
    except DomainError:
        abort(404)
    flash(_("Het token is ingetrokken."), "success")
    return redirect(url_for("accounts.show_profile"))


@bp.get("/beheer/gebruikers")
@login_required
def list_users():
    if not can_manage_users(current_user):
        abort(403)
    query = request.args.get("zoek", "").strip()[:200]
    return render_template("accounts/users.html", users=services.list_users(page_number(request.args.get("pagina")), query=query), query=query,
                           roles=list(Role))


@bp.get("/beheer/beveiligingslog")
@login_required
def show_security_log():
    if not can_manage_users(current_user):
        abort(403)
    kind_value = request.args.get("soort") or None
    kind = SecurityEventKind(kind_value) if kind_value in SecurityEventKind.values() else None
    return render_template("accounts/security_log.html", kind=kind, kinds=SecurityEventKind.choices(),
                           events=security_log.recent_events(page_number(request.args.get("pagina")), kind=kind),
                           retention_days=security_log.RETENTION.days)


@bp.route("/beheer/gebruikers/<int:user_id>", methods=["GET", "POST"])
@login_required
@recent_sign_in_required
def edit_user(user_id: int):
    if not can_manage_users(current_user):
        abort(403)
    user = db.get_or_404(User, user_id)
    form = RoleForm(role=user.role)
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            services.assign_role(acting_user(), user, Role(form.role.data))
        if outcome.ok:
            flash(_("De rol van %(name)s is nu: %(role)s.", name=isolate(user.name), role=user.role_label), "success")
            return redirect(url_for("accounts.list_users"))
    return render_template("accounts/edit_user.html", user=user, form=form)


def user_for_admin_action(user_id: int) -> User:
    """The person an admin acts on with a button on their user page (a POST with only its CSRF token)."""
    if not can_manage_users(current_user):
        abort(403)
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return user


@bp.post("/beheer/gebruikers/<int:user_id>/uitloggen")
@login_required
@recent_sign_in_required
def end_user_sessions(user_id: int):
    user = user_for_admin_action(user_id)
    with domain_errors() as outcome:
        services.end_sessions(acting_user(), user)
    if outcome.ok:
        flash(_("%(name)s is op elk apparaat uitgelogd.", name=isolate(user.name)), "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id))


@bp.route("/beheer/organisaties", methods=["GET", "POST"])
@login_required
def list_organisations():
    """Admins merge duplicate organisations, so the per-organisation limits mean something."""
    if not can_manage_users(current_user):
        abort(403)
    listed = organisations.list_organisations()
    form = MergeOrganisationsForm()
    choices = [SelectChoice("", _("Kies een organisatie"))] + [
        SelectChoice(str(o.id), f"{o.name} ({o.category_label}{', KvK ' + o.kvk_number if o.kvk_number else ''}, #{o.id})")
        for o, _n in listed]
    form.keep.choices = form.duplicate.choices = choices
    if form.validate_on_submit():
        keep = db.get_or_404(Organisation, int(form.keep.data))
        duplicate = db.get_or_404(Organisation, int(form.duplicate.data))
        names = (duplicate.name, keep.name)
        with domain_errors(form) as outcome:
            organisations.merge_organisations(acting_user(), keep, duplicate)
        if outcome.ok:
            flash(_("%(duplicate)s is samengevoegd met %(keep)s.", duplicate=names[0], keep=names[1]), "success")
            return redirect(url_for("accounts.list_organisations"))
    return render_template("accounts/organisations.html", organisations=listed, form=form)
