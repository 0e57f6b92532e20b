"""Forms shared by every area, and the one way views turn a DomainError into feedback."""
from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from inspraak.errors import DomainError


def strip(value):
    """WTForms filter: surrounding white space is not part of what someone typed."""
    return value.strip() if isinstance(value, str) else value


class EmptyForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that POST."""


def add_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Show a DomainError next to the field it names, else in the form's error summary."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors.append(str(error.message))


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
