"""Consultations: proposals with documents, an open period and a report."""
