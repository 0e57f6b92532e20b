"""Forms shared by every area, and the one way views turn a DomainError into feedback."""
from __future__ import annotations

import logging
from functools import lru_cache

from flask import current_app, flash, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import StringField
from wtforms.meta import DefaultMeta
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from inspraak.errors import DomainError
from inspraak.security import without_unstorable_characters
from inspraak.text import strip_text

abuse_log = logging.getLogger("inspraak.abuse")


def strip(value):
    """WTForms filter: surrounding white space is not part of what someone typed, and text
    of only white space and invisible characters is empty (so ``DataRequired`` refuses it)."""
    return strip_text(value) if isinstance(value, str) else value


class EmptyForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that POST."""


def _left_empty(form, field) -> None:
    if field.data:
        abuse_log.warning("honeypot field filled in on %s %s", request.method, request.endpoint)
        from inspraak.accounts.security_log import record_honeypot

        record_honeypot(request.endpoint)
        raise ValidationError(_l("Laat dit veld leeg. Het is er om inzendingen door computerprogramma's te "
                                 "herkennen; maak het leeg en verstuur opnieuw."))


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str):
    from babel.support import Translations
    from wtforms.i18n import messages_path

    return Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsTranslations:
    """WTForms' own messages ("Not a valid choice", ...) in the request's language, each
    catalogue read once per process; Flask-WTF reads and parses the file again for every
    form on every request (a measurable part of a survey page)."""

    @staticmethod
    def _catalogue():
        from flask_babel import get_locale

        return _wtforms_catalogue(str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))

    def gettext(self, string):
        return self._catalogue().ugettext(string)

    def ngettext(self, singular, plural, n):
        if singular == "Field cannot be longer than %(max)d character.":
            # The platform's own wording for too long a text, as the survey questions say
            # it; unformatted, WTForms fills in the numbers.
            from flask_babel import get_domain

            return get_domain().get_translations().ungettext(
                "Gebruik ten hoogste %(max)d teken (nu %(length)d).", "Gebruik ten hoogste %(max)d tekens (nu %(length)d).", n)
        return self._catalogue().ungettext(singular, plural, n)


_WTFORMS_TRANSLATIONS = _WTFormsTranslations()


def with_own_ids(form, prefix: str):
    """One of several forms on a page: give its fields ids of their own (``prefix-name``)
    while their names stay what the view reads. Ids must be unique on a page, or a label
    names the wrong field and another field has none (WCAG 1.3.1, 4.1.2)."""
    for f in form:
        f.id = f.label.field_id = f"{prefix}-{f.name}"
    return form


class ShowsStorableText(DefaultMeta):
    """The ``Meta`` of forms whose view lets a NUL through to its services
    (``inspraak.security.checks_form_characters``), which refuse it next to its field: the
    page shows what was sent without the characters that cannot be stored (a browser draws
    a NUL as U+FFFD, the replacement character), and the error says what was wrong."""

    def render_field(self, field, render_kw):
        html = str(super().render_field(field, render_kw))  # the widget's output, its values escaped
        return Markup(without_unstorable_characters(html))  # nosec B704 - only removes characters from escaped HTML


class HoneypotForm(FlaskForm):
    """The base of the forms anyone may send without staff review (registration, survey
    answers, event sign-up): one extra text field that people never see (hidden by CSS and
    from screen readers; its label asks to leave it empty for whoever meets it without
    CSS) and that form-filling programs fill in.

    A filled honeypot is refused with a clear message next to the field, which then shows,
    and everything else the person typed stays in the form. It is *not* stored as a
    suspected response, nor dropped silently: a person who meets the field (no CSS, an
    unusual reader or autofill) is told what to do and loses nothing, while a response that
    we believe a program sent never reaches the counts and results before anyone looked
    at it. Refusals are logged (``inspraak.abuse``, the endpoint only, never the input);
    bulk submissions that pass show as bulk suspects to the survey's editors.
    Rendered by ``honeypot(form.website)`` in ``templates/macros/forms.html``.
    """

    class Meta(ShowsStorableText):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return DefaultMeta.get_translations(self, form)
            return _WTFORMS_TRANSLATIONS

    website = StringField(_l("Laat dit veld leeg"), validators=[_left_empty],
                          description=_l("Dit veld is er om spam te herkennen. Vult u het in, dan komt uw "
                                         "inzending niet door."))


def add_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a DomainError next to the field(s) it names, else in the form's error summary."""
    problems = error.field_errors or {error.field: error.message}
    for name, message in problems.items():
        field = form[name] if name and name in form else None
        if field is not None:
            field.errors = list(field.errors) + [str(message)]
        else:
            form.form_errors.append(str(message))


class domain_errors:
    """Run one service call; a DomainError it raises becomes feedback instead of an error page.

    With a form, the message is shown next to its field (or in the error summary); without
    one, it is flashed. ``ok`` tells the view whether the call succeeded::

        with domain_errors(form) as outcome:
            services.update_consultation(acting_user(), consultation, fields)
        if outcome.ok:
            flash(...); return redirect(...)
    """

    def __init__(self, form: FlaskForm | None = None) -> None:
        self.form = form
        self.ok = True
        self.error: DomainError | None = None

    def __enter__(self) -> "domain_errors":
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if exc_type is None or not issubclass(exc_type, DomainError):
            return False
        self.ok = False
        self.error = exc
        if self.form is not None:
            add_domain_error(self.form, exc)
        else:
            flash(str(exc.message), "error")
        return True


def select_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices (tuples are deprecated since WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]
