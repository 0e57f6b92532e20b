"""Roundtable forms: format checks only; the rules live in roundtables.services and .signup."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, URL

from inspraak.consultations.forms import AmsterdamDateTimeField
from inspraak.forms import HoneypotForm, strip
from inspraak.roundtables.models import ParticipantCategory, RoundtableKind, RoundtableMode

MARKDOWN_HINT = _l("U kunt Markdown gebruiken: **vet**, *cursief*, ## kopjes, lijstjes en [links](https://www.rijksoverheid.nl).")
WHEN = _l("Nederlandse tijd.")


class RoundtableForm(FlaskForm):
    title = StringField(_l("Titel"), filters=[strip], validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)])
    kind = RadioField(_l("Soort bijeenkomst"), choices=lambda: [SelectChoice(v, l) for v, l in RoundtableKind.choices()], default=RoundtableKind.ROUNDTABLE.value,
                      validators=[InputRequired(_l("Kies de soort bijeenkomst."))])
    mode = RadioField(_l("Hoe worden deelnemers gekozen?"), choices=lambda: [SelectChoice(v, l) for v, l in RoundtableMode.choices()],
                      default=RoundtableMode.FIRST_COME.value, validators=[InputRequired(_l("Kies hoe deelnemers worden gekozen."))],
                      description=_l("Bij selectie schrijven mensen een korte motivatie en kiest u per categorie wie deelneemt."))
    consultation = SelectField(_l("Hoort bij consultatie"), validators=[Optional()],
                               description=_l("Kies een consultatie of, als de bijeenkomst daar niet bij hoort, een onderwerp."))
    topic = SelectField(_l("Onderwerp"), validators=[Optional()])
    description = TextAreaField(_l("Beschrijving"), validators=[Length(max=50_000)], description=MARKDOWN_HINT)
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=50_000)], description=MARKDOWN_HINT)
    starts_at = AmsterdamDateTimeField(_l("Begint om"), validators=[InputRequired(_l("Vul een datum en tijd in."))], description=WHEN)
    ends_at = AmsterdamDateTimeField(_l("Eindigt om"), validators=[InputRequired(_l("Vul een datum en tijd in."))], description=WHEN)
    place = StringField(_l("Adres"), filters=[strip], validators=[Optional(), Length(max=300)],
                        description=_l("Alleen bevestigde deelnemers zien het adres."))
    online_url = URLField(_l("Online link"), filters=[strip], validators=[Optional(), URL(message=_l("Vul een volledige link in, met https://.")), Length(max=500)],
                          description=_l("Alleen bevestigde deelnemers zien de link."))
    signup_opens_at = AmsterdamDateTimeField(_l("Aanmelden kan vanaf"), validators=[InputRequired(_l("Vul een datum en tijd in."))], description=WHEN)
    signup_closes_at = AmsterdamDateTimeField(_l("Aanmelden kan tot"), validators=[InputRequired(_l("Vul een datum en tijd in."))], description=WHEN)
    max_per_organisation = IntegerField(_l("Maximum aantal deelnemers per organisatie"), default=1,
                                        validators=[InputRequired(_l("Vul een aantal in.")), NumberRange(min=1, max=50, message=_l("Kies een aantal van 1 tot 50."))])

    def seat_fields(self):
        return [getattr(self, f"seats_{category.value}") for category in ParticipantCategory]


for _category in ParticipantCategory:
    setattr(RoundtableForm, f"seats_{_category.value}", IntegerField(
        _category.label, default=0,
        validators=[InputRequired(_l("Vul een aantal in (0 als er geen plaatsen zijn).")),
                    NumberRange(min=0, max=500, message=_l("Kies een aantal van 0 tot 500."))]))


class SignupForm(HoneypotForm):
    motivation = TextAreaField(_l("Waarom wilt u deelnemen?"), filters=[strip], validators=[Length(max=1500)],
                               description=_l("Een paar zinnen. De organisator gebruikt dit om een evenwichtige tafel samen te stellen."))
    accessibility_needs = TextAreaField(_l("Heeft u iets nodig om goed te kunnen deelnemen? (optioneel)"), filters=[strip],
                                        validators=[Length(max=1000)],
                                        description=_l("Bijvoorbeeld een rolstoeltoegankelijke zaal, een tolk of schrijftolk. Wij wissen dit een week na de bijeenkomst."))
    # In the order of the page, which the error summary follows.
    is_adult = BooleanField(_l("Ik ben 18 jaar of ouder"))
    informed_consent = BooleanField(_l("Ik heb de informatie over de proeverij gelezen en doe vrijwillig mee"))
    diet = TextAreaField(_l("Allergieën en dieetwensen"), filters=[strip], validators=[Length(max=500)],
                         description=_l("Schrijf ‘geen’ als u geen allergieën of dieetwensen heeft. Wij wissen dit na afloop van de bijeenkomst."))
    consent = BooleanField(_l("Mijn gegevens mogen voor deze bijeenkomst worden gebruikt"),
                           description=_l("Uw naam, organisatie en antwoorden zijn alleen zichtbaar voor de organisator."))


def mark_required(form: SignupForm, roundtable) -> SignupForm:
    """Mark what this event requires, so the form says so (aria-required) before anyone
    submits it; ``signup.sign_up_for_roundtable`` enforces the same rules."""
    required = [form.consent]
    if roundtable.is_selection:
        required.append(form.motivation)
    if roundtable.is_tasting:
        required += [form.is_adult, form.informed_consent, form.diet]
    for field in required:
        field.flags.required = True
    return form


class AttendanceForm(FlaskForm):
    code = StringField(_l("Aanmeldcode"), filters=[strip], validators=[DataRequired(_l("Vul de aanmeldcode in.")), Length(max=20)],
                       description=_l("De code uit de bevestigingsmail, bijvoorbeeld ABCD-2345."))


class SummaryForm(FlaskForm):
    minutes = TextAreaField(_l("Verslag"), validators=[InputRequired(_l("Schrijf een verslag.")), Length(max=100_000)],
                            description=MARKDOWN_HINT)
    key_points = TextAreaField(_l("Belangrijkste punten"), validators=[Length(max=20_000)], description=MARKDOWN_HINT)
