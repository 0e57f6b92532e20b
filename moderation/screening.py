"""Automatic findings at submission time: the job that turns a sent response into
moderation items, one per open answer or position paper whose respondent chose
publication, each with the findings of ``moderation.analysis.findings``.

Surveys calls ``on_response_submitted`` after the commit (``surveys.services.
register_after_submit``); the work itself runs as a background job (``enqueue``), so
the respondent never waits for the detectors. Findings are shown to a moderator and
never act alone: an item with findings waits like any other.
"""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from inspraak.database import utcnow
from inspraak.extensions import db
from inspraak.jobs import enqueue
from moderation.analysis.findings import find_all, find_similar
from moderation.models import Finding, ItemKind, ModerationItem
from surveys.models import Answer, Response, ResponsePublication
from surveys.services import moderated_kind, paper_path

CAMPAIGN_WINDOW = 5000   # the most recent answers to a question compared with a new one
# Stricter than the analysis' campaign threshold (0.5): a finding on a single answer should
# point at near-identical copies, not at answers that merely share the debate's phrases.
CAMPAIGN_THRESHOLD = 0.8
CAMPAIGN_MIN_SIZE = 3


def on_response_submitted(response_id: int) -> None:
    """Surveys' after-submit callback: queue the screening of this response."""
    enqueue(screen_response, response_id, retries=2)


def item_kind(answer: Answer) -> ItemKind | None:
    kind = moderated_kind(answer.question)
    return ItemKind(kind) if kind else None


def document_text(answer: Answer) -> str | None:
    """The text of an uploaded position paper (read in the limited PDF child process)."""
    from inspraak.pdfcheck import extract_text

    path = paper_path(answer.value)
    return extract_text(path.read_bytes()) if path is not None else None


def _findings_for(item: ModerationItem, answer: Answer) -> list[Finding]:
    if item.kind == ItemKind.TEXT.value:
        text, in_document = answer.value if isinstance(answer.value, str) else "", False
    else:
        text, in_document = document_text(answer) or "", True
    return [Finding(kind=f.kind, start=f.start, end=f.end, detail=f.detail[:200], in_document=in_document)
            for f in find_all(text)]


def screen_response(response_id: int) -> int:
    """The job: create the items of one sent response and store their findings. Running it
    twice changes nothing. Returns how many items it created."""
    response = db.session.get(Response, response_id)
    if response is None or not response.is_submitted or response.survey.consultation_id is None:
        return 0
    if response.publication == ResponsePublication.NOT_PUBLISHED.value:
        return 0
    now = utcnow()
    created: list[ModerationItem] = []
    for answer in response.answers:
        kind = item_kind(answer)
        if kind is None or answer.value in (None, ""):
            continue
        if db.session.scalar(db.select(ModerationItem.id).where(ModerationItem.answer_id == answer.id)):
            continue
        item = ModerationItem(answer=answer, consultation_id=response.survey.consultation_id,
                              question_id=answer.question_id, kind=kind.value, submitted_at=response.submitted_at,
                              redactions=[])
        item.findings = _findings_for(item, answer)
        item.analysed_at = now
        db.session.add(item)
        created.append(item)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()       # another run of this job stored them first
        return 0
    for question_id in {item.question_id for item in created if item.kind == ItemKind.TEXT.value}:
        mark_campaigns(question_id, [item.id for item in created if item.question_id == question_id])
    return len(created)


def mark_campaigns(question_id: int, new_item_ids: list[int]) -> int:
    """Compare the new answers with the most recent answers to the same question; when a new
    answer has ``CAMPAIGN_MIN_SIZE - 1`` or more near-identical copies, add a ``campaign``
    finding to it and to them (once each)."""
    rows = db.session.execute(
        db.select(ModerationItem, Answer.value).join(Answer, Answer.id == ModerationItem.answer_id)
        .where(ModerationItem.question_id == question_id, ModerationItem.kind == ItemKind.TEXT.value)
        .order_by(ModerationItem.id.desc()).limit(CAMPAIGN_WINDOW)).all()
    if len(rows) < 2:
        return 0
    items = [item for item, _value in rows]
    texts = [value if isinstance(value, str) else "" for _item, value in rows]
    new = [index for index, item in enumerate(items) if item.id in set(new_item_ids)]
    marked = 0
    for index, similar in find_similar(texts, new, threshold=CAMPAIGN_THRESHOLD).items():
        if len(similar) + 1 < CAMPAIGN_MIN_SIZE:
            continue
        for member in [index, *similar]:
            item = items[member]
            if any(f.kind == "campaign" for f in item.findings):
                continue
            detail = f"near-identical to {len(similar)} other answer(s) to this question"
            item.findings.append(Finding(kind="campaign", start=0, end=len(texts[member]), detail=detail))
            marked += 1
    db.session.commit()
    return marked


def responses_to_screen(consultation_id: int | None = None) -> list[int]:
    """Sent responses to a consultation's questionnaire that have no items yet (answers
    from before moderation existed, or whose job was lost)."""
    from surveys.models import Survey

    query = (db.select(Response.id).join(Survey, Survey.id == Response.survey_id)
             .where(Survey.consultation_id.is_not(None), Response.submitted_at.is_not(None),
                    Response.publication != ResponsePublication.NOT_PUBLISHED.value,
                    ~db.exists().where(ModerationItem.answer_id == Answer.id, Answer.response_id == Response.id))
             .order_by(Response.id))
    if consultation_id is not None:
        query = query.where(Survey.consultation_id == consultation_id)
    return list(db.session.scalars(query))


def screen_missing(consultation_id: int | None = None) -> int:
    """Screen every response ``responses_to_screen`` finds; returns how many items were made."""
    return sum(screen_response(response_id) for response_id in responses_to_screen(consultation_id))
