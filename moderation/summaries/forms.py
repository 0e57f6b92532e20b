"""Forms of the summary pages: format only; the services check the rest."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from inspraak.forms import EmptyForm, select_choices, strip
from moderation.summaries.dashboard import SENTIMENT_LABELS, STANCE_LABELS


class RenameThemeForm(EmptyForm):
    name = StringField(_l("Nieuwe naam"), filters=[strip],
                       validators=[DataRequired(_l("Geef het thema een naam.")), Length(max=200)])


class MergeThemeForm(EmptyForm):
    target = SelectField(_l("Samenvoegen met"), coerce=int,
                         validators=[DataRequired(_l("Kies het thema waarmee dit thema wordt samengevoegd."))])


class SplitThemeForm(EmptyForm):
    name = StringField(_l("Naam van het nieuwe thema"), filters=[strip],
                       validators=[DataRequired(_l("Geef het nieuwe thema een naam.")), Length(max=200)])
    answers = SelectMultipleField(_l("Antwoorden die naar het nieuwe thema gaan"), coerce=int,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                  validators=[DataRequired(_l("Kies de antwoorden die naar het nieuwe thema gaan."))])


class AnswerCorrectionForm(EmptyForm):
    theme = SelectField(_l("Thema"), coerce=int)
    sentiment = SelectField(_l("Sentiment"), choices=select_choices(SENTIMENT_LABELS.items()))
    stance = SelectField(_l("Standpunt over het voorstel"), choices=select_choices(STANCE_LABELS.items()))
