"""Mijn gegevens: change name, language and e-mail address (on the accounts blueprint)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from inspraak.accounts import profile
from inspraak.accounts.forms import ChangeEmailForm, ProfileForm
from inspraak.accounts.views import bp
from inspraak.errors import DomainError
from inspraak.extensions import limiter
from inspraak.forms import EmptyForm, domain_errors
from inspraak.web import acting_user


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/gegevens", methods=["GET", "POST"])
@login_required
def edit_profile():
    form = ProfileForm(prefix="profiel", data={"name": current_user.name, "locale": current_user.locale})
    email_form = ChangeEmailForm(prefix="adres")
    if form.validate_on_submit():
        with domain_errors(form) as outcome:
            profile.update_profile(acting_user(), name=form.name.data, locale=form.locale.data)
        if outcome.ok:
            session["locale"] = form.locale.data  # this browser follows the new choice at once
            flash(_("Uw gegevens zijn opgeslagen."), "success")
            response = redirect(url_for("accounts.show_profile"))
            response.set_cookie("inspraak_taal", form.locale.data, max_age=365 * 24 * 3600, httponly=True,
                                samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
            return response
    return render_template("accounts/edit_profile.html", form=form, email_form=email_form)


@bp.post("/gegevens/e-mailadres")
@login_required
@limiter.limit(_sign_in_limit)
def request_email_change():
    form = ProfileForm(prefix="profiel", formdata=None, data={"name": current_user.name, "locale": current_user.locale})
    email_form = ChangeEmailForm(prefix="adres")
    if email_form.validate_on_submit():
        with domain_errors(email_form) as outcome:
            changed = profile.request_email_change(acting_user(), email_form.email.data)
        if outcome.ok:
            if changed:
                flash(_("Wij hebben een link gestuurd naar het nieuwe adres. Uw adres verandert pas als u op die link klikt."),
                      "success")
            else:
                flash(_("Dit is al uw e-mailadres."), "info")
            return redirect(url_for("accounts.show_profile"))
    return render_template("accounts/edit_profile.html", form=form, email_form=email_form), 400


@bp.route("/e-mailadres-bevestigen/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """The link in the mail shows a button; the change happens on the POST (no change on GET)."""
    form = EmptyForm()
    try:
        user, new_email = profile.email_change_for(token)
        if form.validate_on_submit():
            profile.confirm_email_change(token)
            flash(_("Uw e-mailadres is gewijzigd."), "success")
            return redirect(url_for("accounts.show_profile" if current_user.is_authenticated else "accounts.sign_in"))
    except DomainError as error:
        return render_template("accounts/link_error.html", message=error.message), 400
    return render_template("accounts/confirm_email_change.html", form=form, new_email=new_email)
