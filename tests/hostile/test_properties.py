"""Property-based tests (hypothesis) on the Markdown sanitiser and on survey submission.

Generated input mixes random text with fragments attackers use (tags, event handlers,
script URLs, Markdown link syntax, entities, bidi and control characters), so the
generator reaches the interesting corners quickly. Runs are derandomised (the same
examples in CI and here) and keep no example database in the working tree.
"""
from __future__ import annotations

import re
import secrets
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspraak.accounts.models import Role
from inspraak.extensions import db
from inspraak.text import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, MAX_MARKDOWN_CHARS, markdown_to_html
from tests.helpers import make_app, unsafe_markup

FRAGMENTS = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<a href=", "javascript:",
    "JaVaScRiPt:", "java\tscript:", "data:text/html,", "vbscript:", "onerror=", "onmouseover=", "\"", "'", "`", "<",
    ">", "&", "&#x6a;", "&lt;", "[", "]", "(", ")", "![", "](", "<http://", "https://example.org", "mailto:x@y.z",
    "<style>", "<iframe ", "<!--", "-->", "<![CDATA[", "\n", "\n\n", "    ", "```", "# ", "> ", "* ", "1. ", "|",
    "---", "\u202e", "\u200b", "\x01", "\x1b", "=1+1", "<math><mtext>", "<noscript>", "<template>", "\\",
]
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)

PROPERTIES = settings(max_examples=300, deadline=None, derandomize=True, database=None)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@PROPERTIES
@given(hostile_text)
def test_the_sanitiser_only_ever_emits_allowed_markup(source):
    html = markdown_to_html(source)
    assert unsafe_markup(html) == []
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, source)
        allowed = set(ALLOWED_ATTRIBUTES.get(tag, [])) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, (tag, attrs, source)
        href = attrs.get("href")
        if href:
            scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
            assert scheme is None or scheme.group(1).lower() in ALLOWED_PROTOCOLS, (href, source)


@PROPERTIES
@given(st.text(max_size=200))
def test_plain_text_survives_as_text(words):
    """Whatever a person types without Markdown syntax is shown, not swallowed: every
    letter and digit of the input is in the visible text of the output."""
    html = markdown_to_html(words)
    visible = re.sub(r"<[^>]+>", "", html)
    from html import unescape

    visible = unescape(visible)
    for character in words:
        if character.isalnum():
            assert character in visible, (character, words, html)


def test_the_sanitiser_refuses_more_than_its_cap():
    with pytest.raises(ValueError):
        markdown_to_html("a" * (MAX_MARKDOWN_CHARS + 1))


# --- survey submission ------------------------------------------------------------

@pytest.fixture(scope="module")
def survey_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("properties"))
    with app.app_context():
        from tests.builders import builders

        build = builders()
        officer = build.user(Role.POLICY_OFFICER)
        survey = build.survey(officer, status="draft")
        text = build.question(survey, "long_text", "Wat vindt u?", settings={"max_length": 2000})
        choice = build.question(survey, "single_choice", "Eens?", options=["Ja", "Nee"], settings={"has_other": True})
        number = build.question(survey, "number", "Hoeveel?")
        from surveys import builder

        builder.open_survey(officer, survey)
        yield app, survey.id, {"text": text.id, "choice": choice.id, "number": number.id}
        db.session.remove()


answer_values = st.one_of(
    hostile_text, st.text(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans(),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2),
    st.sampled_from(["ja", "nee", "Ja", "__other__"]),
)
# Mostly well-formed, so that many examples are stored; the rest is anything at all.
profiles = st.fixed_dictionaries({
    "category": st.sampled_from(["citizen", "citizen", "citizen", "ngo", "burger"]),
    "organisation": st.one_of(st.just("Stichting Zaad"), hostile_text, st.none()),
    "name": st.one_of(st.none(), hostile_text),
    "publication": st.sampled_from(["anonymous", "not_published", "with_name", "anonymous", "openbaar"]),
})
text_answers = st.one_of(hostile_text, st.text(), hostile_text, answer_values)
choice_answers = st.one_of(st.sampled_from(["ja", "nee", None]), st.sampled_from(["ja", "nee"]),
                           st.fixed_dictionaries({"other": hostile_text}), answer_values)
number_answers = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False), st.none(),
                           answer_values)


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=profiles, text=text_answers, choice=choice_answers, number=number_answers)
def test_a_submission_is_stored_as_cleaned_once_or_refused_whole(survey_app, profile, text, choice, number):
    from surveys import services
    from surveys.models import Response, Survey

    app, survey_id, ids = survey_app
    survey = db.session.get(Survey, survey_id)
    raw = {ids["text"]: text, ids["choice"]: choice, ids["number"]: number}
    token = secrets.token_hex(12)
    before = db.session.scalar(db.select(db.func.count(Response.id)))
    try:
        response, created = services.import_response(
            survey, survey.owner, submission_token=token, profile=services.RespondentProfile(**profile),
            raw=dict(raw), now=services.utcnow())
    except services.DomainError as error:
        event(f"refused: {sorted(getattr(error, 'errors', {'other': 1}))}")
        db.session.rollback()
        # Refused whole: nothing of it stored.
        assert db.session.scalar(db.select(db.func.count(Response.id))) == before
        return
    assert created
    event("stored")
    questions = {q.id: q for q in survey.ordered_questions()}
    expected, errors = services.clean_answers(list(questions.values()), dict(raw))
    assert not errors
    stored = response.answers_by_question()
    assert stored == {qid: value for qid, value in expected.items()}
    if ids["text"] in stored:
        assert stored[ids["text"]] == text  # open text exactly as sent
    # The same token again: the same response, nothing new.
    again, created_again = services.import_response(
        survey, survey.owner, submission_token=token, profile=services.RespondentProfile(**profile),
        raw=dict(raw), now=services.utcnow())
    assert not created_again and again.id == response.id
    assert db.session.scalar(db.select(db.func.count(Response.id))) == before + 1
