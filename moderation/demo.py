"""Demo moderation: the demo moderator is assigned to the NGT consultation, every demo
response is screened, a few answers carry personal data (so the queue shows findings),
and earlier decisions (approvals, a redaction, a hidden answer) fill the public page,
the dashboard and the log. Deterministic: a seeded random generator."""
from __future__ import annotations

import random
from datetime import timedelta

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation
from inspraak.database import utcnow
from inspraak.extensions import db
from moderation import services
from moderation.models import ItemStatus, ModerationItem, ModeratorAssignment
from moderation.screening import screen_response
from surveys.models import Answer, Response, Survey
from surveys.services import RespondentProfile, import_response

MODERATOR_EMAIL = "moderator@inspraak.example"
SEED = 909
# Answers with personal data or abuse, as respondents type them.
FLAGGED = (
    ("citizen", "with_name", "Ik maak me zorgen over de etikettering. Bel me gerust: 06-12345678. Met vriendelijke groet, Jan de Vries"),
    ("citizen", "anonymous", "Stuur de uitkomst naar annemiek.bos@example.nl, dan lees ik mee. Ik ben tegen deze teelt."),
    ("citizen", "anonymous", "Mijn BSN is 111222333, ik wil graag persoonlijk worden geïnformeerd over de gevolgen voor mijn tuin."),
    ("ngo", "with_name", "Zie onze reactie op https://www.example.org/ngt-standpunt en neem contact op via 020-1234567."),
    ("citizen", "anonymous", "Wat een idioten zijn het die dit bedenken. Stop ermee!"),
    ("citizen", "anonymous", "Ik woon aan de Dorpsstraat 12, 1234 AB Ergens, vlak naast een proefveld. Graag meer toezicht."),
)


def seed_moderation() -> bool:
    """Add what is missing; return whether anything was added."""
    consultation = db.session.scalar(db.select(Consultation).join(Survey, Survey.consultation_id == Consultation.id)
                                     .order_by(Consultation.id))
    moderator = db.session.scalar(db.select(User).where(User.email == MODERATOR_EMAIL))
    if consultation is None or moderator is None:
        return False
    if db.session.scalar(db.select(ModeratorAssignment.id).where(ModeratorAssignment.consultation_id == consultation.id)):
        return False
    now = utcnow()
    survey = db.session.scalar(db.select(Survey).where(Survey.consultation_id == consultation.id))
    message = next(q for q in survey.ordered_questions() if q.kind == "long_text" and "meegeven" in q.text)
    rng = random.Random(SEED)
    for n, (category, publication, text) in enumerate(FLAGGED):
        raw = {q.id: _plain_answer(q) for q in survey.ordered_questions() if q.is_required}
        raw[message.id] = text
        import_response(survey, survey.owner, submission_token=f"demo-moderatie-{n:02d}", now=now, raw=raw,
                        profile=RespondentProfile(category=category, publication=publication,
                                                  organisation="Stichting Akkerwacht" if category == "ngo" else None,
                                                  name="Jan de Vries" if publication == "with_name" else None))
    # Screen every sent response that has no items yet (the jobs may not have run).
    missing = db.session.scalars(db.select(Response.id).where(
        Response.survey_id == survey.id, Response.submitted_at.is_not(None),
        ~db.exists().where(ModerationItem.answer_id == Answer.id, Answer.response_id == Response.id))).all()
    for response_id in missing:
        screen_response(response_id)
    # The queue runs by submission time: keep the items in step with their (spread) responses.
    for item in db.session.scalars(db.select(ModerationItem).where(ModerationItem.consultation_id == consultation.id)):
        item.submitted_at = item.answer.response.submitted_at
    db.session.add(ModeratorAssignment(consultation=consultation, user=moderator, assigned_by=survey.owner,
                                       created_at=now - timedelta(days=20)))
    db.session.commit()
    _decide(consultation, moderator, rng, now)
    return True


def _plain_answer(question):
    """A valid middle-of-the-road answer to a required closed question."""
    if question.options:
        return question.options[-1]["value"] if question.kind == "single_choice" else question.options[0]["value"]
    return {"likert": 3, "scale": 5}.get(question.kind, "")


def _decide(consultation: Consultation, moderator: User, rng: random.Random, now) -> None:
    """Earlier work: most clean answers older than two days approved, one redaction, one hidden."""
    items = db.session.scalars(db.select(ModerationItem).where(
        ModerationItem.consultation_id == consultation.id, ModerationItem.status == ItemStatus.PENDING.value)
        .order_by(ModerationItem.submitted_at, ModerationItem.id)).all()
    for item in items:
        if item.submitted_at > now - timedelta(days=2) or rng.random() > 0.8:
            continue
        kinds = {f.kind for f in item.findings}
        decided_at = min(now - timedelta(minutes=5), item.submitted_at + timedelta(hours=rng.uniform(0.5, 30)))
        if not kinds or kinds == {"campaign"}:
            services.approve(moderator, item, decided_at)
    flagged = db.session.scalars(db.select(ModerationItem).join(Answer).join(Response).where(
        ModerationItem.consultation_id == consultation.id, Response.submission_token.like("demo-moderatie-%"))
        .order_by(Response.submission_token)).all()
    if len(flagged) >= 5:
        phone_item, abusive = flagged[0], flagged[4]
        spans = [[f.start, f.end] for f in phone_item.findings if f.kind in ("phone", "name")]
        if spans:
            services.redact(moderator, phone_item, spans, now - timedelta(hours=3), note="Telefoonnummer en naam")
            services.approve(moderator, phone_item, now - timedelta(hours=3))
        services.hide(moderator, abusive, "abuse", now - timedelta(hours=2), note="Scheldwoord, geen inhoudelijke reactie")

