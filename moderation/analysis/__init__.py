"""Pure text analysis: text in, dataclasses out. Imports neither Flask nor SQLAlchemy."""
