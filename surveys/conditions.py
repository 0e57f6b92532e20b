"""Conditions: show a question or a section when an earlier answer equals, contains or
does not equal a value. Evaluated on the server, page by page, so no JavaScript is needed.

A condition is ``{"question": <id>, "operator": "equals|contains|not_equals", "value": "..."}``
and may only point at a question on an earlier page (the builder enforces it). A
condition on a question that was not answered (or is itself hidden) never holds.
"""
from __future__ import annotations

from surveys.models import ConditionOperator
from surveys.questions import kind_of


def condition_holds(condition: dict | None, answers: dict[int, object], questions_by_id: dict) -> bool:
    if not condition:
        return True
    question = questions_by_id.get(condition.get("question"))
    value = answers.get(condition.get("question"))
    if question is None or value is None:
        return False
    tokens = kind_of(question).condition_tokens(question, value)
    wanted = str(condition.get("value", "")).strip().lower()
    lowered = [token.lower() for token in tokens]
    operator = ConditionOperator(condition.get("operator", "equals"))
    if operator is ConditionOperator.EQUALS:
        return wanted in lowered
    if operator is ConditionOperator.NOT_EQUALS:
        return wanted not in lowered
    # contains: one of the chosen options, or a piece of the typed text
    return any(wanted == token or (len(tokens) == 1 and wanted in token) for token in lowered)


def visible_layout(survey, answers: dict[int, object]) -> list[tuple[object, list]]:
    """(section, its visible questions) for every visible section, given the answers so far.

    Walks the survey in order; answers of hidden questions do not count for later conditions.
    """
    questions_by_id = {q.id: q for q in survey.ordered_questions()}
    effective: dict[int, object] = {}
    layout = []
    for section in survey.sections:
        if not condition_holds(section.show_if, effective, questions_by_id):
            continue
        shown = [q for q in section.questions if condition_holds(q.show_if, effective, questions_by_id)]
        for question in shown:
            if question.id in answers:
                effective[question.id] = answers[question.id]
        if shown:
            layout.append((section, shown))
    return layout


def visible_question_ids(survey, answers: dict[int, object]) -> set[int]:
    return {q.id for _section, questions in visible_layout(survey, answers) for q in questions}
