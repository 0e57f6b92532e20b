"""Consultation forms: format checks only; the rules live in consultations.services."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields import DateTimeLocalField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from inspraak.forms import strip
from inspraak.text import MAX_MARKDOWN_CHARS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class AmsterdamDateTimeField(DateTimeLocalField):
    """A date and time as people in the Netherlands read it; ``data`` is aware UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is None or self.data.tzinfo is not None:
            return
        local = self.data
        self.data = None
        if not 2000 <= local.year <= 2100:
            raise ValueError(_l("Kies een datum tussen 2000 en 2100."))
        moment = local.replace(tzinfo=AMSTERDAM).astimezone(timezone.utc)
        if moment.astimezone(AMSTERDAM).replace(tzinfo=None) != local:
            # The hour skipped when summer time starts does not exist in the Netherlands.
            raise ValueError(_l("Dit tijdstip bestaat niet in Nederlandse tijd (de klok gaat dan een uur vooruit). Kies een ander tijdstip."))
        if local.replace(tzinfo=AMSTERDAM, fold=1).utcoffset() != local.replace(tzinfo=AMSTERDAM, fold=0).utcoffset():
            # The hour repeated when summer time ends: 02:30 happens twice, an hour apart.
            raise ValueError(_l("Dit tijdstip komt in Nederlandse tijd twee keer voor (de klok gaat dan een uur terug). Kies een ander tijdstip."))
        self.data = moment

    def process_data(self, value):
        self.data = value

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            return self.data.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")
        return ""


class ConsultationForm(FlaskForm):
    title = StringField(_l("Titel"), filters=[strip], validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)])
    topic = SelectField(_l("Onderwerp"), validators=[InputRequired(_l("Kies een onderwerp."))])
    summary = TextAreaField(_l("Samenvatting"), filters=[strip],
                            validators=[DataRequired(_l("Vul een korte samenvatting in.")), Length(max=600)],
                            description=_l("Eén of twee zinnen voor het overzicht; maximaal 600 tekens."))
    body = TextAreaField(_l("Toelichting"), validators=[Length(max=MAX_MARKDOWN_CHARS)],
                         description=_l("Wat wordt voorgesteld, waarom, en waarover u reacties vraagt. U kunt Markdown gebruiken: **vet**, *cursief*, ## kopjes, lijstjes en [links](https://www.rijksoverheid.nl)."))
    plain_summary = TextAreaField(_l("Samenvatting in eenvoudige taal (optioneel)"), filters=[strip],
                                  validators=[Optional(), Length(max=1500)],
                                  description=_l("Staat bovenaan de pagina. Schrijf op taalniveau B1: korte zinnen, gewone woorden. Maximaal 1500 tekens."))
    department = StringField(_l("Verantwoordelijke afdeling"), filters=[strip], validators=[Optional(), Length(max=200)],
                             description=_l("Bijvoorbeeld: Directie Plantaardige Productie, ministerie van LVVN."))
    contact_email = EmailField(_l("Contactadres voor vragen"), filters=[strip], validators=[
        Optional(), Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."), check_deliverability=False),
        Length(max=254)])
    opens_at = AmsterdamDateTimeField(_l("Open vanaf"), validators=[InputRequired(_l("Vul een datum en tijd in."))],
                                      description=_l("Nederlandse tijd."))
    closes_at = AmsterdamDateTimeField(_l("Open tot"), validators=[InputRequired(_l("Vul een datum en tijd in."))],
                                       description=_l("Nederlandse tijd. Reacties na dit moment worden niet meer aangenomen."))


class DocumentForm(FlaskForm):
    title = StringField(_l("Titel van het document"), filters=[strip],
                        validators=[DataRequired(_l("Geef het document een titel.")), Length(max=200)])
    file = FileField(_l("PDF-bestand"), validators=[FileRequired(_l("Kies een PDF-bestand."))],
                     description=_l("Alleen PDF. Zorg dat het document toegankelijk is (PDF/UA)."))


class ReportForm(FlaskForm):
    report = TextAreaField(_l("Wat is er met de reacties gedaan?"), validators=[
        InputRequired(_l("Beschrijf wat er met de reacties is gedaan.")), Length(max=MAX_MARKDOWN_CHARS)],
        description=_l("Het consultatieverslag: de belangrijkste reacties en wat het kabinet ermee doet. U kunt Markdown gebruiken."))
