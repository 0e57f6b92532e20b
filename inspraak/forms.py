"""Forms shared by every area."""
from __future__ import annotations

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that POST."""
