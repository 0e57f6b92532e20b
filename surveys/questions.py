"""The question-type registry: one entry per kind of question.

Each kind gives its WTForms field (format only: what the browser sends becomes a plain
value), its validation (``clean``: the ONE validation path, shared by the web form and
the API), the value it stores, its export columns and its result summary. Adding a kind
touches this file and one macro in ``templates/surveys/_questions.html``.

Stored values (also what the API accepts):
short_text/long_text ``"text"``; single_choice ``"option"`` or ``{"other": "text"}``;
multiple_choice ``["option", ..., {"other": "text"}]``; likert ``1..5``; scale ``0..10``;
number ``12`` or ``12.5``; date ``"2026-03-01"``; ranking ``["first", "second", ...]``;
matrix ``{"row": 1..5}``; file ``{"filename", "stored_name", "size_bytes", "page_count", "sha256"}``
(the API sends ``{"filename": ..., "content_base64": ...}``).
"""
from __future__ import annotations

import base64
import binascii
import math
import re
import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import FileField, Form, FormField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from inspraak.errors import DomainError
from inspraak.forms import ShowsStorableText, select_choices
from inspraak.security import has_unstorable_character
from inspraak.text import is_blank

OTHER = "__other__"
LIKERT_LABELS = (_l("Helemaal oneens"), _l("Oneens"), _l("Neutraal"), _l("Eens"), _l("Helemaal eens"))
DEFAULT_MAX_LENGTH = 5000
SHORT_MAX_LENGTH = 300
DEFAULT_FILE_MB = 10


class AnswerSubForm(Form):
    """The fields of one question that has several (a choice with "other", a ranking, a
    matrix): shown again like the page's own form (``ShowsStorableText``)."""

    class Meta(ShowsStorableText):
        pass


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is shown next to it."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class PendingFile:
    """A checked PDF that the service still has to store."""

    filename: str
    content: bytes
    page_count: int


class AuthorText(str):
    """A label the survey's author wrote (an option, a statement): Dutch content, which a
    page in another language marks ``lang="nl"`` (WCAG 3.1.2). The platform's own labels
    (Likert points, "Anders") are plain strings in the page's language."""

    lang = "nl"


@dataclass
class Summary:
    """Aggregates of one question, per respondent category (key ``"all"``: everyone).
    Labels are ``AuthorText`` where the survey's author wrote them."""

    answered: dict[str, int] = field(default_factory=dict)
    # (label, {category: count}) per option or point of a scale
    distribution: list[tuple[str, dict[str, int]]] | None = None
    # (label, {category: mean}) per row (matrix) or option (ranking: mean rank)
    means: list[tuple[str, dict[str, float | None]]] | None = None
    mean: dict[str, float | None] | None = None
    median: dict[str, float | None] | None = None
    scale_max: float | None = None



def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and is_blank(value)) or (isinstance(value, (list, dict)) and not value)


# Numbers as people type them: Dutch (10.000 and 3,5) or English (10,000 and 3.5) notation,
# spaces between the thousands allowed. Babel reads each notation strictly (groups of three);
# when both readings succeed and differ ("1.000", "2,500"), nobody can tell which was meant.
_NUMBER_SHAPE = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*")
_NOTATIONS = ("nl", "en")


def _readings(text: str) -> list[Decimal]:
    readings: list[Decimal] = []
    for notation in _NOTATIONS:
        try:
            reading = parse_decimal(text, locale=notation, strict=True)
        except NumberFormatError:
            continue
        if reading.is_finite() and reading not in readings:
            readings.append(reading)
    return readings


def _shown(number: Decimal) -> str:
    """A reading as the person's language writes it, without grouping: 10000, 3,5."""
    return format_decimal(number.normalize(), locale=get_locale() or "nl", group_separator=False,
                          decimal_quantization=False)


def _storable(text: str) -> str:
    """``text``, or AnswerError if it holds a character that cannot be stored (NUL, a lone surrogate)."""
    if has_unstorable_character(text):
        raise AnswerError(_l("De tekst bevat een ongeldig teken."))
    return text


def _number(value: Any) -> float | int:
    """A number typed in Dutch or English notation, or sent as a JSON number; a text that
    can mean two numbers ("10.000": ten thousand, or ten) is refused, never guessed."""
    if isinstance(value, bool):
        raise AnswerError(_l("Vul een getal in."))
    if isinstance(value, (int, float)):
        number = value
    else:
        text = "".join(str(value).split())  # spaces between the thousands: 10 000
        readings = _readings(text) if _NUMBER_SHAPE.fullmatch(text) else []
        if not readings:
            raise AnswerError(_l("Vul een getal in, bijvoorbeeld 12 of 3,5."))
        if len(readings) > 1:
            grouped, decimal = sorted(readings, key=abs, reverse=True)
            raise AnswerError(_l("‘%(typed)s’ kan %(grouped)s of %(decimal)s betekenen. Schrijf duizendtallen zonder "
                                 "punt of komma, dus %(grouped)s, of schrijf %(decimal)s als u dat bedoelt.",
                                 typed=str(value).strip(), grouped=_shown(grouped), decimal=_shown(decimal)))
        number = float(readings[0])
    if not math.isfinite(number):
        raise AnswerError(_l("Vul een getal in."))
    return int(number) if float(number).is_integer() else float(number)


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def _median(values: list[float]) -> float | None:
    return round(float(statistics.median(values)), 2) if values else None


def _per_category(values_by_category: dict[str, list]) -> dict[str, list]:
    merged = dict(values_by_category)
    merged["all"] = [v for values in values_by_category.values() for v in values]
    return merged


class QuestionKind:
    kind = ""
    label = ""
    has_options = False
    has_rows = False
    has_choice_limits = False  # min_choices and max_choices apply (settings)
    is_open_text = False

    # --- the form ----------------------------------------------------------
    def field(self, question):
        raise NotImplementedError

    def form_value(self, question, field) -> Any:
        """What the browser sent, as a plain (not yet checked) value."""
        return field.data

    def form_data(self, question, value) -> Any:
        """A stored value as the field's data (to show a saved answer again)."""
        return value

    # --- validation and storage --------------------------------------------
    def clean(self, question, value) -> Any:
        """The value to store, or AnswerError. ``None`` means: not answered."""
        raise NotImplementedError

    def condition_tokens(self, question, value) -> list[str]:
        return [] if value is None else [str(value)]

    # --- export and results -------------------------------------------------
    def columns(self, question, number: int) -> list[str]:
        return [f"{number}. {question.text}"]

    def cells(self, question, value) -> list:
        return [value]

    def summarise(self, question, values_by_category: dict[str, list]) -> Summary:
        merged = _per_category(values_by_category)
        return Summary(answered={c: len(v) for c, v in merged.items()})

    def api_schema(self, question) -> dict:
        return {}


# --- text ---------------------------------------------------------------------

class ShortText(QuestionKind):
    kind, label, is_open_text = "short_text", _l("Korte tekst"), True

    def field(self, question):
        return StringField(question.text, description=question.help)

    def max_length(self, question) -> int:
        return int(question.settings.get("max_length") or SHORT_MAX_LENGTH)

    def clean(self, question, value):
        if _empty(value):
            return None
        if not isinstance(value, str):
            raise AnswerError(_l("Vul tekst in."))
        _storable(value)
        limit = self.max_length(question)
        if len(value) > limit:
            raise AnswerError(_l("Gebruik ten hoogste %(limit)d tekens (nu %(count)d).", limit=limit, count=len(value)))
        return value  # exactly as typed

    def condition_tokens(self, question, value):
        return [] if value is None else [value.strip().lower()]

    def api_schema(self, question):
        return {"type": "string", "maxLength": self.max_length(question)}


class LongText(ShortText):
    kind, label = "long_text", _l("Lange tekst")

    def field(self, question):
        return TextAreaField(question.text, description=question.help)

    def max_length(self, question) -> int:
        return int(question.settings.get("max_length") or DEFAULT_MAX_LENGTH)


# --- choices ------------------------------------------------------------------

def _choice_subform(question, multiple: bool):
    choices = [(o["value"], o["label"]) for o in question.options]
    if question.settings.get("has_other"):
        choices.append((OTHER, str(_l("Anders, namelijk:"))))
    if multiple:
        choice = SelectMultipleField(question.text, choices=select_choices(choices), validate_choice=False,
                                     widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    else:
        choice = RadioField(question.text, choices=select_choices(choices), validate_choice=False)
    fields = {"choice": choice, "other": StringField(_l("Anders, namelijk"))}
    return FormField(type("ChoiceForm", (AnswerSubForm,), fields), label=question.text, description=question.help)


class SingleChoice(QuestionKind):
    kind, label, has_options = "single_choice", _l("Eén keuze"), True

    def field(self, question):
        return _choice_subform(question, multiple=False)

    def form_value(self, question, field):
        choice, other = field.choice.data, field.other.data
        if choice == OTHER:
            return {"other": other or ""}
        return choice or None

    def form_data(self, question, value):
        if isinstance(value, dict):
            return {"choice": OTHER, "other": value.get("other", "")}
        return {"choice": value, "other": ""}

    def _clean_one(self, question, value):
        if isinstance(value, dict):
            if not question.settings.get("has_other") or set(value) != {"other"}:
                raise AnswerError(_l("Kies een van de mogelijkheden."))
            text = value["other"]
            if not isinstance(text, str) or is_blank(text):
                raise AnswerError(_l("Vul in wat u met ‘anders’ bedoelt."))
            if len(text) > SHORT_MAX_LENGTH:
                raise AnswerError(_l("Gebruik ten hoogste %(limit)d tekens (nu %(count)d).", limit=SHORT_MAX_LENGTH, count=len(text)))
            return {"other": _storable(text)}
        if not isinstance(value, str) or value not in {o["value"] for o in question.options}:
            raise AnswerError(_l("Kies een van de mogelijkheden."))
        return value

    def clean(self, question, value):
        if _empty(value):
            return None
        return self._clean_one(question, value)

    def condition_tokens(self, question, value):
        if value is None:
            return []
        return ["other" if isinstance(value, dict) else value]

    def _labels(self, question) -> list[tuple[str, str]]:
        labels = [(o["value"], AuthorText(o["label"])) for o in question.options]
        if question.settings.get("has_other"):
            labels.append(("other", str(_l("Anders"))))
        return labels

    def columns(self, question, number):
        columns = [f"{number}. {question.text}"]
        if question.settings.get("has_other"):
            columns.append(f"{number}. {question.text}: {_l('anders, namelijk')}")
        return columns

    def cells(self, question, value):
        other = value.get("other") if isinstance(value, dict) else None
        cells = [str(_l("Anders")) if other is not None else (question.option_label(value) if value else None)]
        if question.settings.get("has_other"):
            cells.append(other)
        return cells

    def summarise(self, question, values_by_category):
        merged = _per_category(values_by_category)
        distribution = []
        for key, label in self._labels(question):
            distribution.append((label, {c: sum(1 for v in values if key in self.condition_tokens(question, v))
                                         for c, values in merged.items()}))
        return Summary(answered={c: len(v) for c, v in merged.items()}, distribution=distribution)

    def api_schema(self, question):
        schema = {"type": "string", "enum": [o["value"] for o in question.options]}
        if question.settings.get("has_other"):
            return {"oneOf": [schema, {"type": "object", "required": ["other"], "properties": {"other": {"type": "string"}}}]}
        return schema


class MultipleChoice(SingleChoice):
    kind, label, has_choice_limits = "multiple_choice", _l("Meerdere keuzes"), True

    def field(self, question):
        return _choice_subform(question, multiple=True)

    def form_value(self, question, field):
        chosen = [c for c in (field.choice.data or []) if c != OTHER]
        if OTHER in (field.choice.data or []):
            chosen.append({"other": field.other.data or ""})
        return chosen or None

    def form_data(self, question, value):
        value = value or []
        other = next((v["other"] for v in value if isinstance(v, dict)), "")
        return {"choice": [v if isinstance(v, str) else OTHER for v in value], "other": other}

    def clean(self, question, value):
        if _empty(value):
            return None
        if not isinstance(value, list):
            raise AnswerError(_l("Kies een of meer mogelijkheden."))
        cleaned = [self._clean_one(question, v) for v in value]
        keys = self.condition_tokens(question, cleaned)
        if len(set(keys)) != len(keys):
            raise AnswerError(_l("Kies elke mogelijkheid ten hoogste één keer."))
        low, high = question.settings.get("min_choices"), question.settings.get("max_choices")
        if low and len(cleaned) < int(low):
            raise AnswerError(_l("Kies er ten minste %(n)d.", n=int(low)))
        if high and len(cleaned) > int(high):
            raise AnswerError(_l("Kies er ten hoogste %(n)d.", n=int(high)))
        return cleaned

    def condition_tokens(self, question, value):
        return [] if value is None else ["other" if isinstance(v, dict) else v for v in value]

    def columns(self, question, number):
        columns = [f"{number}. {question.text}: {o['label']}" for o in question.options]
        if question.settings.get("has_other"):
            columns.append(f"{number}. {question.text}: {_l('anders, namelijk')}")
        return columns

    def cells(self, question, value):
        chosen = set(self.condition_tokens(question, value))
        cells = [None if value is None else int(o["value"] in chosen) for o in question.options]
        if question.settings.get("has_other"):
            cells.append(next((v["other"] for v in value or [] if isinstance(v, dict)), None))
        return cells

    def api_schema(self, question):
        return {"type": "array", "items": SingleChoice.api_schema(self, question)}


# --- scales and numbers -------------------------------------------------------

class Likert(QuestionKind):
    kind, label = "likert", _l("Likertschaal (5 punten)")
    low, high = 1, 5

    def point_labels(self, question) -> list[tuple[int, str]]:
        return [(n, str(label)) for n, label in zip(range(1, 6), LIKERT_LABELS)]

    def field(self, question):
        return RadioField(question.text, description=question.help, validate_choice=False,
                          choices=select_choices((str(n), label) for n, label in self.point_labels(question)))

    def form_value(self, question, field):
        return field.data or None

    def form_data(self, question, value):
        return None if value is None else str(value)

    def clean(self, question, value):
        if _empty(value):
            return None
        try:
            number = int(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
            number = None
        if number is None or str(number) != str(value).strip() or not self.low <= number <= self.high:
            raise AnswerError(_l("Kies een waarde van %(low)d tot en met %(high)d.", low=self.low, high=self.high))
        return number

    def cells(self, question, value):
        return [value]

    def summarise(self, question, values_by_category):
        merged = _per_category(values_by_category)
        distribution = [(label, {c: values.count(n) for c, values in merged.items()})
                        for n, label in self.point_labels(question)]
        return Summary(answered={c: len(v) for c, v in merged.items()}, distribution=distribution,
                       mean={c: _mean(v) for c, v in merged.items()}, median={c: _median(v) for c, v in merged.items()},
                       scale_max=self.high)

    def api_schema(self, question):
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


class Scale(Likert):
    kind, label = "scale", _l("Schaal van 0 tot 10")
    low, high = 0, 10

    def point_labels(self, question):
        return [(n, str(n)) for n in range(0, 11)]


class Number(QuestionKind):
    kind, label = "number", _l("Getal")

    def field(self, question):
        return StringField(question.text, description=question.help)

    def form_data(self, question, value):
        return None if value is None else str(value).replace(".", ",")

    def clean(self, question, value):
        if _empty(value):
            return None
        number = _number(value)
        low, high = question.settings.get("minimum"), question.settings.get("maximum")
        if low is not None and number < low or high is not None and number > high:
            if low is not None and high is not None:
                raise AnswerError(_l("Vul een getal in van %(low)s tot en met %(high)s.", low=low, high=high))
            raise AnswerError(_l("Vul een getal in van ten minste %(low)s.", low=low) if low is not None
                              else _l("Vul een getal in van ten hoogste %(high)s.", high=high))
        return number

    def summarise(self, question, values_by_category):
        merged = _per_category(values_by_category)
        return Summary(answered={c: len(v) for c, v in merged.items()}, mean={c: _mean(v) for c, v in merged.items()},
                       median={c: _median(v) for c, v in merged.items()})

    def api_schema(self, question):
        schema = {"type": "number"}
        if question.settings.get("minimum") is not None:
            schema["minimum"] = question.settings["minimum"]
        if question.settings.get("maximum") is not None:
            schema["maximum"] = question.settings["maximum"]
        return schema


class DateKind(QuestionKind):
    kind, label = "date", _l("Datum")

    def field(self, question):
        return StringField(question.text, description=question.help or _l("Bijvoorbeeld 2026-03-01."))

    def clean(self, question, value):
        if _empty(value):
            return None
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise AnswerError(_l("Vul een bestaande datum in als jjjj-mm-dd, bijvoorbeeld 2026-03-01.")) from None

    def api_schema(self, question):
        return {"type": "string", "format": "date"}


# --- ranking and matrix -------------------------------------------------------

class Ranking(QuestionKind):
    kind, label, has_options = "ranking", _l("Rangorde"), True

    def field(self, question):
        places = [("", str(_l("Kies een plaats")))] + [(str(n), str(n)) for n in range(1, len(question.options) + 1)]
        fields = {o["value"]: SelectField(o["label"], choices=select_choices(places), validate_choice=False) for o in question.options}
        return FormField(type("RankingForm", (AnswerSubForm,), fields), label=question.text, description=question.help)

    def form_value(self, question, field):
        places = {key: value for key, value in (field.data or {}).items() if value}
        if not places:
            return None
        # Every option its own place, each place one of the dropdown's 1..n.
        allowed = {str(n) for n in range(1, len(question.options) + 1)}
        if not set(places.values()) <= allowed or len(set(places.values())) != len(places) \
                or len(places) != len(question.options):
            return {"invalid": places}
        return [key for key, _ in sorted(places.items(), key=lambda item: int(item[1]))]

    def form_data(self, question, value):
        return {key: str(place) for place, key in enumerate(value or [], start=1)}

    def clean(self, question, value):
        if _empty(value):
            return None
        keys = [o["value"] for o in question.options]
        if not isinstance(value, list) or sorted(map(str, value)) != sorted(keys):
            raise AnswerError(_l("Geef elke mogelijkheid een eigen plaats, van 1 tot en met %(n)d.", n=len(keys)))
        return value

    def condition_tokens(self, question, value):
        return [] if not value else [value[0]]

    def columns(self, question, number):
        return [f"{number}. {question.text}: {o['label']}" for o in question.options]

    def cells(self, question, value):
        places = {key: place for place, key in enumerate(value or [], start=1)}
        return [places.get(o["value"]) for o in question.options]

    def summarise(self, question, values_by_category):
        merged = _per_category(values_by_category)
        means = [(AuthorText(o["label"]), {c: _mean([v.index(o["value"]) + 1 for v in values]) for c, values in merged.items()})
                 for o in question.options]
        return Summary(answered={c: len(v) for c, v in merged.items()}, means=means, scale_max=len(question.options))

    def api_schema(self, question):
        return {"type": "array", "items": {"type": "string", "enum": [o["value"] for o in question.options]}}


class Matrix(QuestionKind):
    """Several statements (the rows), each answered on the 5-point Likert scale."""

    kind, label, has_rows = "matrix", _l("Matrix (stellingen op een Likertschaal)"), True

    def field(self, question):
        points = [(str(n), str(label)) for n, label in zip(range(1, 6), LIKERT_LABELS)]
        fields = {o["value"]: RadioField(o["label"], choices=select_choices(points), validate_choice=False) for o in question.options}
        return FormField(type("MatrixForm", (AnswerSubForm,), fields), label=question.text, description=question.help)

    def form_value(self, question, field):
        rows = {key: value for key, value in (field.data or {}).items() if value}
        return rows or None

    def form_data(self, question, value):
        return {key: str(point) for key, point in (value or {}).items()}

    def clean(self, question, value):
        if _empty(value):
            return None
        keys = {o["value"] for o in question.options}
        if not isinstance(value, dict) or not set(value) <= keys:
            raise AnswerError(_l("Beantwoord de stellingen van deze vraag."))
        cleaned = {}
        for key, point in value.items():
            cleaned[key] = Likert().clean(question, point)
        if question.is_required and set(cleaned) != keys:
            raise AnswerError(_l("Beantwoord elke stelling van deze vraag."))
        return cleaned

    def condition_tokens(self, question, value):
        return [] if not value else [f"{k}={v}" for k, v in value.items()]

    def columns(self, question, number):
        return [f"{number}. {question.text}: {o['label']}" for o in question.options]

    def cells(self, question, value):
        value = value or {}
        return [value.get(o["value"]) for o in question.options]

    def summarise(self, question, values_by_category):
        merged = _per_category(values_by_category)
        means = [(AuthorText(o["label"]), {c: _mean([v[o["value"]] for v in values if o["value"] in v])
                                           for c, values in merged.items()})
                 for o in question.options]
        return Summary(answered={c: len(v) for c, v in merged.items()}, means=means, scale_max=5)

    def api_schema(self, question):
        return {"type": "object", "properties": {o["value"]: {"type": "integer", "minimum": 1, "maximum": 5}
                                                 for o in question.options}}


# --- file ---------------------------------------------------------------------

@dataclass(frozen=True)
class KeptFile:
    """The paper a draft already holds, passed back through ``clean`` when its page is
    saved again without a new file (``services._store_page``). Only the server makes one:
    a ``stored_name`` sent by a client (the JSON import) would name any file on disk."""

    value: dict


class PositionPaper(QuestionKind):
    """A position paper: PDF only, checked by its content, size-limited."""

    kind, label = "file", _l("Bestand (position paper, PDF)")

    def max_bytes(self, question) -> int:
        return int(question.settings.get("max_mb") or DEFAULT_FILE_MB) * 1024 * 1024

    def field(self, question):
        return FileField(question.text, description=question.help or _l(
            "Alleen PDF, maximaal %(mb)d MB.", mb=self.max_bytes(question) // (1024 * 1024)))

    def form_value(self, question, field):
        storage = field.data
        if storage is None or not getattr(storage, "filename", ""):
            return None
        return {"filename": storage.filename, "content": storage.read()}

    def form_data(self, question, value):
        return None

    def clean(self, question, value):
        from inspraak.consultations.services import _validated_pdf as validated_pdf

        if _empty(value):
            return None
        if isinstance(value, KeptFile):
            return value.value  # stored earlier (a saved page); never what a client sent
        if not isinstance(value, dict) or not isinstance(value.get("filename"), str):
            raise AnswerError(_l("Voeg een PDF-bestand toe."))
        content = value.get("content")
        if content is None and isinstance(value.get("content_base64"), str):
            try:
                content = base64.b64decode(value["content_base64"], validate=True)
            except (binascii.Error, ValueError):
                raise AnswerError(_l("Het bestand is niet goed gecodeerd (base64).")) from None
        if not isinstance(content, bytes):
            raise AnswerError(_l("Voeg een PDF-bestand toe."))
        limit = min(self.max_bytes(question), current_app.config["MAX_DOCUMENT_BYTES"])
        if len(content) > limit:
            raise AnswerError(_l("Het bestand is groter dan %(mb)d MB.", mb=limit // (1024 * 1024)))
        try:
            pages = validated_pdf(content)
        except DomainError as error:
            raise AnswerError(error.message) from None
        return PendingFile(filename=_storable(value["filename"][-200:]), content=content, page_count=pages)

    def condition_tokens(self, question, value):
        return [] if not value else ["file"]

    def cells(self, question, value):
        return [value.get("filename") if isinstance(value, dict) else None]

    def api_schema(self, question):
        return {"type": "object", "required": ["filename", "content_base64"],
                "properties": {"filename": {"type": "string"}, "content_base64": {"type": "string", "contentEncoding": "base64"}}}


REGISTRY: dict[str, QuestionKind] = {k.kind: k for k in (
    ShortText(), LongText(), SingleChoice(), MultipleChoice(), Likert(), Scale(), Number(), DateKind(),
    Ranking(), Matrix(), PositionPaper(),
)}


def kind_of(question) -> QuestionKind:
    return REGISTRY[question.kind]


def kind_choices() -> list[tuple[str, object]]:
    return [(k.kind, k.label) for k in REGISTRY.values()]


def field_name(question) -> str:
    return f"q{question.id}"


def answer_form_class(questions, base):
    """The one function that builds a survey page's form: one field per question."""
    fields = {field_name(q): kind_of(q).field(q) for q in questions}
    return type("AnswerForm", (base,), fields)
