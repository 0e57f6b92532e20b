"""Moderation forms: format checks only; the rules live in ``moderation.services``."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from inspraak.forms import select_choices, strip
from moderation.models import HideReason, ReportReason


NOTE_HINT = _l("Niet openbaar; komt in het besluitenlogboek.")


class DecisionForm(FlaskForm):
    """A decision on one item. ``seen``: the item's last decision when the moderator opened
    the page, so a decision taken meanwhile by someone else is not silently overruled."""

    seen = IntegerField(widget=HiddenField.widget, validators=[Optional()])


class NoteForm(DecisionForm):
    """Approve or put back in the queue, with an optional note."""

    note = TextAreaField(_l("Toelichting (niet verplicht)"), filters=[strip], validators=[Length(max=1000)],
                         description=NOTE_HINT)


class BulkApproveForm(FlaskForm):
    items = SelectMultipleField(_l("Reacties"), coerce=int, validate_choice=False,
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class RedactForm(DecisionForm):
    spans = SelectMultipleField(_l("Passages uit de automatische bevindingen"), validate_choice=False,
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                description=_l("Aangevinkte passages worden in de openbare tekst vervangen door "
                                               "‘[verwijderd]’. Vink een passage uit om haar weer leesbaar te maken."))
    passages = TextAreaField(_l("Andere passages, één per regel"), validators=[Length(max=5000)],
                             description=_l("Neem de tekst precies over zoals hij in de reactie staat; elke plek "
                                            "waar hij voorkomt, wordt onleesbaar gemaakt."))
    note = TextAreaField(_l("Toelichting (niet verplicht)"), filters=[strip], validators=[Length(max=1000)],
                         description=NOTE_HINT)


class HideForm(DecisionForm):
    reason = RadioField(_l("Reden"), choices=select_choices(HideReason.choices()), validate_choice=False,
                        validators=[DataRequired(_l("Kies een reden uit de lijst."))])
    note = TextAreaField(_l("Toelichting"), filters=[strip], validators=[Length(max=1000)],
                         description=_l("Verplicht bij ‘Andere reden’. Niet openbaar; komt in het besluitenlogboek."))


class AssignForm(FlaskForm):
    moderator = SelectField(_l("Moderator"), coerce=int, validate_choice=False,
                            validators=[DataRequired(_l("Kies een moderator."))])


class ReportForm(FlaskForm):
    reason = RadioField(_l("Wat is er mis met deze reactie?"), choices=select_choices(ReportReason.choices()), validate_choice=False,
                        validators=[DataRequired(_l("Kies een reden uit de lijst."))])
    note = TextAreaField(_l("Toelichting (niet verplicht)"), filters=[strip], validators=[Optional(), Length(max=500)],
                         description=_l("Schrijf hier geen persoonsgegevens."))
