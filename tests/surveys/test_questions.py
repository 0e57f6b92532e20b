"""The question-type registry: each kind's validation, stored value, export cells and
summary; and each condition operator."""
from __future__ import annotations

import pytest

from inspraak.pdf import simple_pdf
from surveys.conditions import condition_holds, visible_question_ids
from surveys.models import Question
from surveys.questions import REGISTRY, AnswerError, PendingFile, kind_of


def q(kind, options=(), **settings):
    question = Question(id=1, kind=kind, text="Vraag", help="", is_required=False, settings=settings,
                        options=[{"value": o.lower(), "label": o} for o in options])
    return question


CASES = {
    # kind: (question, good raw -> stored, bad raw)
    "short_text": (q("short_text"), [("  Hallo  ", "  Hallo  "), ("🐄 emoji", "🐄 emoji")],
                   ["x" * 301, 12, "a\x00b", "a\ud800b", "a\udfffb"]),
    "long_text": (q("long_text", max_length=10), [("Tien tekens", None), ("Kort", "Kort")], ["x" * 11]),
    "single_choice": (q("single_choice", ["Ja", "Nee"], has_other=True),
                      [("ja", "ja"), ({"other": "Soms"}, {"other": "Soms"})],
                      ["misschien", {"other": " "}, {"other": "a\x00b"}, {"other": "a\ud800b"}]),
    "multiple_choice": (q("multiple_choice", ["A", "B", "C"], min_choices=2, max_choices=2, has_other=True),
                        [(["a", "b"], ["a", "b"]), (["c", {"other": "D"}], ["c", {"other": "D"}])],
                        [["a"], ["a", "b", "c"], ["a", "a"], ["z", "a"]]),
    "likert": (q("likert"), [("4", 4), (1, 1)], ["6", "0", "drie", 2.5, float("nan"), float("inf"), float("-inf")]),
    "scale": (q("scale"), [("0", 0), (10, 10)], ["11", "-1", float("nan"), float("inf"), float("-inf"), "1\ud800"]),
    "number": (q("number", minimum=0, maximum=100), [("3,5", 3.5), ("42", 42), (7, 7)],
               ["101", "veel", "nan", float("nan"), float("inf"), float("-inf"), "1e999"]),
    "date": (q("date"), [("2026-03-01", "2026-03-01")], ["2026-02-30", "1 maart"]),
    "ranking": (q("ranking", ["Prijs", "Smaak", "Dierenwelzijn"]),
                [(["smaak", "prijs", "dierenwelzijn"], ["smaak", "prijs", "dierenwelzijn"])],
                [["smaak", "prijs"], ["smaak", "smaak", "prijs"], {"invalid": {}}]),
    "matrix": (q("matrix", ["Veilig", "Duurzaam"]), [({"veilig": "5", "duurzaam": 2}, {"veilig": 5, "duurzaam": 2}),
                                                      ({"veilig": 3}, {"veilig": 3})],
               [{"veilig": 6, "duurzaam": 1}, {"anders": 1, "veilig": 1, "duurzaam": 1}]),
}


def test_every_kind_has_a_case_here():
    assert set(CASES) | {"file"} == set(REGISTRY)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_stores_good_values_and_refuses_bad_ones(app, kind):
    question, good, bad = CASES[kind]
    for raw, stored in good:
        if stored is None:
            with pytest.raises(AnswerError):
                kind_of(question).clean(question, raw)
            continue
        assert kind_of(question).clean(question, raw) == stored
        cells = kind_of(question).cells(question, stored)
        assert len(cells) == len(kind_of(question).columns(question, 1))
    for raw in bad:
        with pytest.raises(AnswerError):
            kind_of(question).clean(question, raw)
    assert kind_of(question).clean(question, None) is None
    assert kind_of(question).clean(question, "   " if kind not in ("matrix", "ranking") else {}) is None


def test_a_required_matrix_needs_every_row(app):
    question = q("matrix", ["Veilig", "Duurzaam"])
    question.is_required = True
    with pytest.raises(AnswerError):
        kind_of(question).clean(question, {"veilig": 5})


def test_file_is_a_pdf_checked_by_its_content_and_size(app):
    question = q("file", max_mb=1)
    kind = kind_of(question)
    pdf = simple_pdf("Visie", ["Tekst"])
    assert isinstance(kind.clean(question, {"filename": "visie.pdf", "content": pdf}), PendingFile)
    for content in (b"%PDF-1.4 kapot", b"GIF89a", pdf + b" " * (1024 * 1024)):
        with pytest.raises(AnswerError):
            kind.clean(question, {"filename": "x.pdf", "content": content})
    for filename in ("vi\x00sie.pdf", "vi\ud800sie.pdf"):  # neither can be stored
        with pytest.raises(AnswerError):
            kind.clean(question, {"filename": filename, "content": pdf})


def test_summaries_split_by_category(app):
    likert = q("likert")
    summary = kind_of(likert).summarise(likert, {"citizen": [1, 2, 5], "ngo": [5]})
    assert summary.answered == {"citizen": 3, "ngo": 1, "all": 4}
    assert summary.mean["all"] == 3.25 and summary.median["citizen"] == 2
    assert dict(summary.distribution)["Helemaal eens"] == {"citizen": 1, "ngo": 1, "all": 2}
    multiple = q("multiple_choice", ["A", "B"], has_other=True)
    summary = kind_of(multiple).summarise(multiple, {"citizen": [["a"], ["a", "b"], [{"other": "x"}]]})
    assert [(label, counts["all"]) for label, counts in summary.distribution] == [("A", 2), ("B", 1), ("Anders", 1)]
    ranking = q("ranking", ["X", "Y"])
    assert kind_of(ranking).summarise(ranking, {"ngo": [["x", "y"], ["y", "x"], ["x", "y"]]}).means[0][1]["all"] == 1.33


def test_export_columns_one_per_option_for_multiple_choice(app):
    multiple = q("multiple_choice", ["A", "B"], has_other=True)
    assert kind_of(multiple).columns(multiple, 3) == ["3. Vraag: A", "3. Vraag: B", "3. Vraag: anders, namelijk"]
    assert kind_of(multiple).cells(multiple, ["b", {"other": "C"}]) == [0, 1, "C"]
    assert kind_of(multiple).cells(multiple, None) == [None, None, None]


@pytest.mark.parametrize("operator, wanted, answer, holds", [
    ("equals", "ja", "ja", True), ("equals", "Ja", "ja", True), ("equals", "ja", "nee", False),
    ("not_equals", "ja", "nee", True), ("not_equals", "ja", "ja", False),
    ("contains", "b", ["a", "b"], True), ("contains", "c", ["a", "b"], False),
    ("contains", "prijs", "De prijs is te hoog", True), ("contains", "smaak", "De prijs is te hoog", False),
    ("equals", "ja", None, False), ("not_equals", "ja", None, False),
])
def test_each_condition_operator(app, operator, wanted, answer, holds):
    kind = "multiple_choice" if isinstance(answer, list) else ("long_text" if answer and " " in answer else "single_choice")
    question = q(kind, ["Ja", "Nee", "A", "B", "C"])
    answers = {} if answer is None else {1: answer}
    assert condition_holds({"question": 1, "operator": operator, "value": wanted}, answers, {1: question}) is holds


def test_a_condition_on_a_hidden_question_hides_its_dependants_too(app, build):
    survey = build.survey(status="draft")
    first = build.question(survey, "single_choice", "Proefde u?", options=["Ja", "Nee"])
    page2 = build.section(survey, "Proeven", condition={"question": first.id, "operator": "equals", "value": "ja"})
    taste = build.question(survey, "single_choice", "Lekker?", options=["Ja", "Nee"], page=page2)
    page3 = build.section(survey, "Meer")
    more = build.question(survey, "short_text", "Wat precies?", page=page3,
                          condition={"question": taste.id, "operator": "equals", "value": "ja"})
    assert more.id in visible_question_ids(survey, {first.id: "ja", taste.id: "ja"})
    # The stale answer to the hidden question does not count.
    assert more.id not in visible_question_ids(survey, {first.id: "nee", taste.id: "ja"})
