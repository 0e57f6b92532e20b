"""The topics of the biotechnology dialogue: reference data every installation has."""
from __future__ import annotations

from inspraak.consultations.models import Topic
from inspraak.extensions import db

TOPICS = (
    ("ngt", "Nieuwe genomische technieken (NGT)", "New genomic techniques (NGT)"),
    ("kweekvlees", "Kweekvlees en kweekvis", "Cultivated meat and fish"),
    ("precisiefermentatie", "Precisiefermentatie", "Precision fermentation"),
    ("gentherapie", "Gentherapie", "Gene therapy"),
    ("biotechnologie", "Biotechnologie algemeen", "Biotechnology in general"),
)


def ensure_topics() -> int:
    """Add the topics that are missing; return how many were added."""
    existing = set(db.session.scalars(db.select(Topic.slug)))
    added = 0
    for slug, name_nl, name_en in TOPICS:
        if slug not in existing:
            db.session.add(Topic(slug=slug, name_nl=name_nl, name_en=name_en))
            added += 1
    db.session.commit()
    return added
