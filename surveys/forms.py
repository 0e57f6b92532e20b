"""Survey forms: format checks only; the rules live in surveys.services and surveys.builder.
The answering pages' forms are built by ``surveys.questions.answer_form_class``."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from inspraak.consultations.forms import AmsterdamDateTimeField
from inspraak.forms import HoneypotForm, strip
from surveys.models import ConditionOperator, ResponsePublication, respondent_categories
from inspraak.forms import select_choices
from surveys.questions import kind_choices
from surveys.services import PROVINCES


class AnswerPageForm(HoneypotForm):
    """The base of every answering page: the CSRF token, the one-time submission token and
    the honeypot."""

    submission_token = HiddenField()


class ProfileForm(AnswerPageForm):
    category = RadioField(_l("Ik reageer als"), choices=select_choices(respondent_categories()), validate_choice=False,
                          description=_l("Als burger, of namens een organisatie. Zo kunnen we de reacties per groep bekijken."))
    organisation = StringField(_l("Naam van uw organisatie"), filters=[strip], validators=[Length(max=200)],
                               description=_l("Alleen als u namens een organisatie reageert."))
    name = StringField(_l("Uw naam (niet verplicht)"), filters=[strip], validators=[Length(max=200)],
                       description=_l("Alleen nodig als uw reactie met naam openbaar mag worden."))
    province = SelectField(_l("Provincie (niet verplicht)"), choices=select_choices([("", _l("Zeg ik liever niet"))] + [(p, p) for p in PROVINCES]),
                           validate_choice=False)
    publication = RadioField(_l("Mag uw reactie openbaar worden?"), validate_choice=False, choices=select_choices(ResponsePublication.choices()),
                             description=_l("Met naam: iedereen kan uw antwoorden en uw naam (of die van uw organisatie) lezen. "
                                            "Zonder naam: uw antwoorden worden gepubliceerd zonder naam. Niet openbaar: alleen "
                                            "de beleidsmakers lezen uw antwoorden; ze tellen wel mee in de uitkomsten."))


class SurveyForm(FlaskForm):
    title = StringField(_l("Titel"), filters=[strip], validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)])
    intro = TextAreaField(_l("Inleiding"), validators=[Length(max=20_000)],
                          description=_l("Wat u vraagt en waarom. U kunt Markdown gebruiken."))
    consultation = SelectField(_l("Hoort bij consultatie"), validate_choice=False,
                               description=_l("Kies een consultatie, of ‘Geen’ voor een losse enquête met een eigen onderwerp en periode."))
    topic = SelectField(_l("Onderwerp (losse enquête)"), validate_choice=False)
    opens_at = AmsterdamDateTimeField(_l("Open vanaf (losse enquête)"), validators=[Optional()], description=_l("Nederlandse tijd."))
    closes_at = AmsterdamDateTimeField(_l("Open tot (losse enquête)"), validators=[Optional()], description=_l("Nederlandse tijd."))
    allows_anonymous = BooleanField(_l("Invullen zonder account toestaan"))
    shows_live_results = BooleanField(_l("Uitkomsten al tonen terwijl de enquête open is"))


class SectionForm(FlaskForm):
    title = StringField(_l("Titel van de pagina"), filters=[strip], validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)])
    intro = TextAreaField(_l("Korte inleiding (niet verplicht)"), validators=[Length(max=2000)])
    condition_question = SelectField(_l("Alleen tonen als deze vraag"), validate_choice=False)
    condition_operator = SelectField(_l("Vergelijking"), choices=select_choices(ConditionOperator.choices()), validate_choice=False)
    condition_value = StringField(_l("Waarde"), filters=[strip], validators=[Length(max=200)],
                                  description=_l("Een keuze zoals die in de vraag staat, of een woord uit het antwoord."))


class QuestionForm(SectionForm):
    title = None
    intro = None
    kind = SelectField(_l("Soort vraag"), choices=select_choices(kind_choices()), validate_choice=False)
    text = StringField(_l("Vraag"), filters=[strip], validators=[DataRequired(_l("Vul de vraag in.")), Length(max=500)])
    help = TextAreaField(_l("Toelichting bij de vraag (niet verplicht)"), validators=[Length(max=2000)])
    is_required = BooleanField(_l("Verplicht"))
    options = TextAreaField(_l("Mogelijkheden (keuzes, rangorde) of stellingen (matrix)"), validators=[Length(max=5000)],
                            description=_l("Eén per regel."))
    has_other = BooleanField(_l("Voeg ‘Anders, namelijk’ toe (keuzevragen)"))
    min_choices = IntegerField(_l("Minimaal aantal keuzes"), validators=[Optional(), NumberRange(min=0, max=50)])
    max_choices = IntegerField(_l("Maximaal aantal keuzes"), validators=[Optional(), NumberRange(min=1, max=50)])
    max_length = IntegerField(_l("Maximaal aantal tekens (tekstvragen)"), validators=[Optional(), NumberRange(min=1, max=20_000)])
    minimum = IntegerField(_l("Kleinste getal (getalvragen)"), validators=[Optional()])
    maximum = IntegerField(_l("Grootste getal (getalvragen)"), validators=[Optional()])
