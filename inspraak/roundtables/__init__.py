"""Roundtables and other dialogue events: seats per stakeholder category, sign-ups,
waitlists, selection, attendance and a public summary afterwards."""
