"""Demo: the NGT consultation's questionnaire analysed once, so its dashboard and draft
report read like a real one (themes, a campaign of one NGO's template text, sentiment
and stance per stakeholder category)."""
from __future__ import annotations

from inspraak.consultations.models import Consultation, Topic
from inspraak.extensions import db
from moderation.summaries.runs import analyse_now, latest_finished_run
from surveys.services import survey_for_consultation


def seed_summaries() -> bool:
    consultation = db.session.scalar(db.select(Consultation).join(Topic).where(Topic.slug == "ngt")
                                     .order_by(Consultation.id))
    if consultation is None or survey_for_consultation(consultation) is None or latest_finished_run(consultation):
        return False
    analyse_now(None, consultation)
    return True
