"""Forms shared by every area."""
from __future__ import annotations

from flask_wtf import FlaskForm


def strip(value):
    """WTForms filter: surrounding white space is not part of what someone typed."""
    return value.strip() if isinstance(value, str) else value


class EmptyForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that POST."""


def add_domain_error(form: FlaskForm, error) -> None:
    """Show a DomainError next to the field it names, else in the form's error summary."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors.append(str(error.message))
