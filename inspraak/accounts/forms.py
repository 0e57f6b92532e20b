"""Account forms: format checks only; the rules live in accounts.services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional, Regexp, ValidationError

from inspraak.accounts.models import PASSWORD_MIN_LENGTH, OrganisationCategory, Role
from inspraak.forms import HoneypotForm, strip
from inspraak.text import is_blank

ACCOUNT_TYPES = [SelectChoice("citizen", _l("Als burger")), SelectChoice("organisation", _l("Namens een organisatie"))]


def _category_choices():
    return [SelectChoice("", _l("Kies een categorie"))] + [SelectChoice(value, label) for value, label in OrganisationCategory.choices()]


def _known_category(form, field):
    if field.data and field.data not in OrganisationCategory.values():
        raise ValidationError(_l("Kies de soort organisatie."))


class RequiredForOrganisation:
    """Required only when the account is registered on behalf of an organisation."""

    def __init__(self, message):
        self.message = message
        self.field_flags = {}

    def __call__(self, form, field):
        if form.account_type.data == "organisation" and is_blank(field.data):
            raise ValidationError(self.message)


class RegisterForm(HoneypotForm):
    account_type = RadioField(_l("Hoe registreert u zich?"), choices=ACCOUNT_TYPES, default="citizen",
                              validators=[InputRequired(_l("Kies hoe u zich registreert."))])
    name = StringField(_l("Naam"), filters=[strip], validators=[DataRequired(_l("Vul uw naam in.")), Length(max=200)],
                       description=_l("Zoals u wilt dat beleidsmedewerkers u aanspreken."))
    email = EmailField(_l("E-mailadres"), validators=[
        InputRequired(_l("Vul uw e-mailadres in.")),
        Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."), check_deliverability=False),
        Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Kies een wachtwoord.")),
                                                           Length(min=PASSWORD_MIN_LENGTH, max=200, message=_l("Kies een wachtwoord van minstens %(n)d tekens.", n=PASSWORD_MIN_LENGTH))],
                             description=_l("Minstens %(n)d tekens. Een zin van een paar woorden is sterk en goed te onthouden.", n=PASSWORD_MIN_LENGTH))
    password_confirm = PasswordField(_l("Herhaal wachtwoord"), validators=[
        InputRequired(_l("Herhaal uw wachtwoord.")), EqualTo("password", _l("De wachtwoorden zijn niet gelijk."))])
    organisation_name = StringField(_l("Naam van de organisatie"), filters=[strip], validators=[
        RequiredForOrganisation(_l("Vul de naam van uw organisatie in.")), Length(max=200)])
    organisation_category = SelectField(_l("Soort organisatie"), choices=_category_choices, validate_choice=False,
                                        validators=[RequiredForOrganisation(_l("Kies de soort organisatie.")), _known_category])
    kvk_number = StringField(_l("KvK-nummer (optioneel)"), validators=[
        Optional(), Regexp(r"^\d{8}$", message=_l("Een KvK-nummer bestaat uit 8 cijfers."))],
        description=_l("8 cijfers, uit het Handelsregister."))
    transparency_register_id = StringField(_l("ID in het EU-transparantieregister (optioneel)"), validators=[
        Optional(), Regexp(r"^\d{6,14}-\d{2}$", message=_l("Een ID in het transparantieregister ziet eruit als 123456789012-34."))],
        description=_l("Bijvoorbeeld 123456789012-34."))


class SignInForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[InputRequired(_l("Vul uw e-mailadres in.")), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul uw wachtwoord in.")), Length(max=200)])


class EmailOnlyForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[
        InputRequired(_l("Vul uw e-mailadres in.")),
        Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."), check_deliverability=False),
        Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Nieuw wachtwoord"), validators=[
        InputRequired(_l("Kies een wachtwoord.")),
        Length(min=PASSWORD_MIN_LENGTH, max=200, message=_l("Kies een wachtwoord van minstens %(n)d tekens.", n=PASSWORD_MIN_LENGTH))],
        description=_l("Minstens %(n)d tekens.", n=PASSWORD_MIN_LENGTH))
    password_confirm = PasswordField(_l("Herhaal nieuw wachtwoord"), validators=[
        InputRequired(_l("Herhaal uw wachtwoord.")), EqualTo("password", _l("De wachtwoorden zijn niet gelijk."))])


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[InputRequired(_l("Vul uw huidige wachtwoord in."))])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Uw wachtwoord"), validators=[InputRequired(_l("Vul uw wachtwoord in."))],
                             description=_l("Ter bevestiging dat u het bent."))


class RoleForm(FlaskForm):
    role = SelectField(_l("Rol"), choices=lambda: [SelectChoice(value, label) for value, label in Role.choices()],
                       validators=[InputRequired()])


class ApiTokenForm(FlaskForm):
    name = StringField(_l("Naam van het token"), filters=[strip],
                       validators=[DataRequired(_l("Geef het token een naam.")), Length(max=100)],
                       description=_l("Bijvoorbeeld de naam van het script of dashboard dat het gebruikt."))


class MergeOrganisationsForm(FlaskForm):
    """Admins merge a duplicate organisation into the one that is kept."""

    keep = SelectField(_l("Organisatie die blijft"), validators=[InputRequired(_l("Kies de organisatie die blijft."))])
    duplicate = SelectField(_l("Dubbele organisatie (wordt samengevoegd en verwijderd)"),
                            validators=[InputRequired(_l("Kies de dubbele organisatie."))])


LANGUAGE_CHOICES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


class ProfileForm(FlaskForm):
    name = StringField(_l("Naam"), filters=[strip], validators=[DataRequired(_l("Vul uw naam in.")), Length(max=200)])
    locale = RadioField(_l("Taal van de website en van e-mails"), choices=LANGUAGE_CHOICES,
                        validators=[InputRequired(_l("Kies een taal."))])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("Nieuw e-mailadres"), validators=[
        InputRequired(_l("Vul uw nieuwe e-mailadres in.")),
        Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."), check_deliverability=False),
        Length(max=254)],
        description=_l("Wij sturen een link naar het nieuwe adres. Pas als u op die link klikt, verandert uw adres."))
