"""Moderation: review queue, flags, redaction, audit log, policy dashboard, reports.

May import ``inspraak`` and ``surveys.models``/``surveys.services``, never their views
or forms. ``moderation.analysis`` imports neither Flask nor SQLAlchemy.
"""
