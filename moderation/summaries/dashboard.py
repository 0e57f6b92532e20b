"""The summary of a consultation as plain data: what the dashboard, the DOCX and PDF
report, the data downloads and the API all show, built from the stored figures with a
fixed number of queries whatever the number of answers.

Every number is formatted here once (``Table.rows`` hold the cell texts), so the report
and the dashboard cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from inspraak.consultations.models import Consultation
from inspraak.extensions import db
from inspraak.web import fixed_decimal
from inspraak.roundtables.models import Registration, RegistrationStatus, Roundtable
from moderation.summaries.models import SummaryQuestion, SummaryRun
from moderation.summaries.quotes import quotes_for
from moderation.summaries.runs import is_analysed, latest_finished_run, latest_run, responses_since
from surveys.models import Survey, respondent_categories
from surveys.services import survey_for_consultation

SENTIMENT_LABELS = {"positive": _l("Positief"), "neutral": _l("Neutraal"), "negative": _l("Negatief")}
STANCE_LABELS = {"supports": _l("Voor"), "opposes": _l("Tegen"), "mixed": _l("Gemengd of onder voorwaarden"),
                 "unclear": _l("Onduidelijk")}
# The stakeholder categories a policy team expects to hear from.
EXPECTED_CATEGORIES = ("citizen", "ngo", "company", "knowledge_institution")
SMALL_SHARE = 0.02       # under 2% of the responses (and under 5 responses) is "very small"
SMALL_COUNT = 5
QUOTES_PER_THEME = 2


def _percent(count: int, total: int) -> str:
    return f"{count} ({round(100 * count / total)}%)" if total else str(count)


def _decimal(value) -> str:
    return fixed_decimal(value, 2)


@dataclass
class Bar:
    label: str
    value: float
    text: str
    width: float   # 0..100

    @property
    def svg_width(self) -> str:
        """The bar's width in the dashboard's 320-wide SVG (bars start at 130, 120 wide at most)."""
        return f"{max(self.width, 0.5) * 1.2:.1f}"

    @property
    def svg_text_x(self) -> str:
        return f"{134 + self.width * 1.2:.1f}"


@dataclass
class Table:
    caption: str
    header: list[str]                        # first column's heading, then everyone, then each category
    rows: list[tuple[str, list[str]]]
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    author: str
    reference: str
    answer_id: int


@dataclass
class ThemeView:
    id: int
    name: str
    terms: list[str]
    origin: str
    count: int
    quotes: list[Quote]


@dataclass
class CampaignView:
    number: int
    size: int
    template: str | None        # None when no copy may be quoted
    reference: str | None


@dataclass
class QuestionView:
    id: int
    number: int
    text: str
    kind: str
    is_open: bool
    answered: int
    tables: list[Table]
    themes: list[ThemeView] = field(default_factory=list)
    campaigns: list[CampaignView] = field(default_factory=list)
    is_analysed: bool = True
    campaign_count: int = 0       # all campaigns; ``campaigns`` holds the largest
    campaign_copies: int = 0


@dataclass
class RoundtableView:
    id: int
    title: str
    kind: str
    starts_at: object
    confirmed: dict[str, int]
    attended: int
    key_points_html: str | None
    minutes_html: str | None


@dataclass
class Summary:
    consultation: Consultation
    survey: Survey | None
    run: SummaryRun | None              # the analysis shown
    current_run: SummaryRun | None      # the newest (maybe still running)
    new_responses: int
    categories: list[tuple[str, str]]   # categories that responded, as (value, label)
    category: str | None                # filter
    question_id: int | None             # filter
    respondents: Table | None
    organisations: Table | None
    provinces: Table | None
    weeks: Table | None
    warnings: list[str]
    roundtables: list[RoundtableView]
    channels: Table | None
    questions: list[QuestionView]
    all_questions: list[tuple[int, str]]
    total_responses: int

    @property
    def is_running(self) -> bool:
        return self.current_run is not None and self.current_run.is_active


def _counts_table(caption: str, first: str, items: list[tuple[str, dict]], answered: dict, keys: list[str],
                  focus: str, names: dict[str, str]) -> Table:
    header = [first] + [names[key] for key in keys]
    rows = [(label, [_percent(counts.get(key, 0), answered.get(key, 0)) for key in keys]) for label, counts in items]
    total = answered.get(focus, 0) or 1
    bars = [Bar(label, counts.get(focus, 0), _percent(counts.get(focus, 0), answered.get(focus, 0)),
                100 * counts.get(focus, 0) / total) for label, counts in items]
    return Table(caption, header, rows, bars)


def _closed_tables(number: int, figures: dict, keys: list[str], focus: str, names: dict[str, str]) -> list[Table]:
    tables = []
    answered = figures.get("answered") or {}
    if figures.get("distribution"):
        tables.append(_counts_table(_("Vraag %(n)d: antwoorden per groep", n=number), _("Antwoord"),
                                    [(label, counts) for label, counts in figures["distribution"]], answered, keys, focus,
                                    names))
    if figures.get("means"):
        scale = figures.get("scale_max") or 1
        header = [_("Onderdeel (gemiddeld)")] + [names[k] for k in keys]
        rows = [(label, [_decimal(means.get(k)) for k in keys]) for label, means in figures["means"]]
        bars = [Bar(label, means.get(focus) or 0, _decimal(means.get(focus)), 100 * (means.get(focus) or 0) / scale)
                for label, means in figures["means"]]
        tables.append(Table(_("Vraag %(n)d: gemiddelden per groep", n=number), header, rows, bars))
    if figures.get("mean") and not figures.get("distribution"):
        header = [_("Maat")] + [names[k] for k in keys]
        rows = [(_("Gemiddelde"), [_decimal(figures["mean"].get(k)) for k in keys]),
                (_("Mediaan"), [_decimal((figures.get("median") or {}).get(k)) for k in keys])]
        tables.append(Table(_("Vraag %(n)d: gemiddelde en mediaan", n=number), header, rows))
    return tables


def _open_tables(number: int, figures: dict, keys: list[str], focus: str, names: dict[str, str]) -> list[Table]:
    answered = figures.get("answered") or {}
    sentiment = [(str(SENTIMENT_LABELS[label]), counts) for label, counts in figures.get("sentiment", [])]
    stance = [(str(STANCE_LABELS[label]), counts) for label, counts in figures.get("stance", [])]
    tables = [
        _counts_table(_("Vraag %(n)d: sentiment per groep", n=number), _("Sentiment"), sentiment, answered, keys, focus, names),
        _counts_table(_("Vraag %(n)d: standpunt per groep", n=number), _("Standpunt"), stance, answered, keys, focus, names),
    ]
    themes = [(theme["name"], theme["counts"]) for theme in figures.get("themes", [])]
    if figures.get("unthemed"):
        themes.append((_("Geen thema"), figures["unthemed"]))
    if themes:
        counted = {k: sum(c.get(k, 0) for _l, c in themes) for k in keys}
        tables.append(_counts_table(_("Vraag %(n)d: thema's per groep (een campagne telt één keer)", n=number),
                                    _("Thema"), themes, counted, keys, focus, names))
    return tables


def _roundtables(consultation: Consultation) -> list[RoundtableView]:
    events = list(db.session.scalars(db.select(Roundtable).where(Roundtable.consultation_id == consultation.id,
                                                                 Roundtable.published_at.is_not(None))
                                     .order_by(Roundtable.starts_at)))
    if not events:
        return []
    confirmed: dict[int, dict[str, int]] = {e.id: {} for e in events}
    attended: dict[int, int] = {e.id: 0 for e in events}
    stmt = (db.select(Registration.roundtable_id, Registration.category, db.func.count(),
                      db.func.count(Registration.attended_at))
            .where(Registration.roundtable_id.in_(confirmed), Registration.status == RegistrationStatus.CONFIRMED.value)
            .group_by(Registration.roundtable_id, Registration.category))
    for event_id, category, count, came in db.session.execute(stmt):
        confirmed[event_id][category] = count
        attended[event_id] += came
    return [RoundtableView(e.id, e.title, str(e.kind_label), e.starts_at, confirmed[e.id], attended[e.id],
                           e.key_points_html if e.has_summary else None, e.minutes_html if e.has_summary else None)
            for e in events]


def build_summary(consultation: Consultation, *, category: str | None = None, question_id: int | None = None,
                  quotes_per_theme: int = QUOTES_PER_THEME) -> Summary:
    survey = survey_for_consultation(consultation)
    current = latest_run(consultation)
    run = current if current is not None and current.status == "done" else latest_finished_run(consultation)
    respondents = (run.respondents or {}) if run else {}
    counts = respondents.get("categories", {})
    total = run.responses if run else 0
    categories = [(value, label) for value, label in _labels().items() if counts.get(value)]
    if counts.get(""):
        categories.append(("", _("Onbekend")))
    if category is not None and category not in dict(categories):
        category = None
    keys = ["all"] + ([category] if category is not None else [value for value, _label in categories])
    focus = category if category is not None else "all"
    names = {"all": _("Iedereen"), **dict(categories)}
    questions = survey.ordered_questions() if survey is not None else []
    all_questions = [(q.id, f"{n}. {q.text}") for n, q in enumerate(questions, 1)]
    stored = {row.question_id: row for row in db.session.scalars(
        db.select(SummaryQuestion).where(SummaryQuestion.consultation_id == consultation.id))} if run else {}
    views = []
    wanted: set[int] = set()
    for number, question in enumerate(questions, 1):
        if question_id is not None and question.id != question_id:
            continue
        row = stored.get(question.id)
        figures = row.figures if row is not None else {}
        is_open = is_analysed(question)
        tables = (_open_tables if is_open else _closed_tables)(number, figures, keys, focus, names) if figures else []
        view = QuestionView(question.id, number, question.text, question.kind, is_open,
                            (figures.get("answered") or {}).get(focus, 0), tables, is_analysed=row is not None)
        if is_open and figures:
            view.campaign_count = figures.get("campaign_count", len(figures.get("campaigns", [])))
            view.campaign_copies = figures.get("campaign_copies", 0)
            for theme in figures.get("themes", []):
                wanted.update(theme["quote_ids"])
                view.themes.append(ThemeView(theme["id"], theme["name"], theme["terms"], theme["origin"],
                                             theme["counts"].get(focus, 0), theme["quote_ids"]))
            for campaign in figures.get("campaigns", []):
                wanted.update(campaign["quote_ids"])
                view.campaigns.append(CampaignView(campaign["number"], campaign["size"], None, campaign["quote_ids"]))
        views.append(view)
    public = quotes_for(consultation, wanted) if quotes_per_theme else {}
    for view in views:
        for theme in view.themes:
            quotes = []
            for answer_id in theme.quotes:
                quote = public.get(answer_id)
                if quote is None or (category is not None and quote.category != category):
                    continue
                quotes.append(Quote(quote.text, quote.author, quote.reference, answer_id))
                if len(quotes) >= quotes_per_theme:
                    break
            theme.quotes = quotes
        for campaign in view.campaigns:
            ids, campaign.reference = campaign.reference, None
            for answer_id in ids:
                if answer_id in public:
                    campaign.template, campaign.reference = public[answer_id].text, public[answer_id].reference
                    break
    rounds = _roundtables(consultation)
    return Summary(
        consultation=consultation, survey=survey, run=run, current_run=current,
        new_responses=responses_since(survey.id, run.started_at) if run is not None and survey is not None else 0,
        categories=categories, category=category, question_id=question_id,
        respondents=_respondent_table(counts, categories, total) if run else None,
        organisations=_organisation_table(respondents) if run else None,
        provinces=_simple_table(_("Reacties per provincie"), _("Provincie"),
                                [(name or _("Niet opgegeven"), n) for name, n in sorted(
                                    respondents.get("provinces", {}).items(), key=lambda item: (item[0] == "", item[0]))],
                                total) if run else None,
        weeks=_simple_table(_("Reacties per week"), _("Week"), [(week, n) for week, n in respondents.get("weeks", [])],
                            total) if run else None,
        warnings=_warnings(counts, total) if run else [],
        roundtables=rounds, channels=_channels(counts, categories, rounds) if run and rounds else None,
        questions=views, all_questions=all_questions, total_responses=total)


def _labels() -> dict[str, str]:
    """Respondent categories and their names in this request's language, translated once per request."""
    cached = getattr(g, "_summary_category_labels", None)
    if cached is None:
        cached = g._summary_category_labels = {value: str(label) for value, label in respondent_categories()}
    return cached


def _respondent_table(counts: dict, categories, total: int) -> Table:
    items = [(label, counts.get(value, 0)) for value, label in categories]
    return _simple_table(_("Reacties per groep"), _("Groep"), items, total)


def _simple_table(caption: str, first: str, items: list[tuple[str, int]], total: int) -> Table:
    biggest = max((n for _label, n in items), default=0) or 1
    return Table(caption, [first, _("Reacties")], [(label, [_percent(n, total)]) for label, n in items],
                 [Bar(label, n, _percent(n, total), 100 * n / biggest) for label, n in items])


def _organisation_table(respondents: dict) -> Table:
    labels = _labels()
    rows = [(name, [labels.get(category, category), str(n)]) for name, category, n in respondents.get("organisations", [])]
    return Table(_("Organisaties met de meeste reacties (%(n)d organisaties in totaal)",
                   n=respondents.get("organisation_count", 0)), [_("Organisatie"), _("Groep"), _("Reacties")], rows)


def _warnings(counts: dict, total: int) -> list[str]:
    warnings = []
    for value in EXPECTED_CATEGORIES:
        n = counts.get(value, 0)
        label = _labels()[value]
        if n == 0:
            warnings.append(_("Geen enkele reactie van de groep ‘%(group)s’. Overweeg deze groep gericht te benaderen.",
                              group=label))
        elif n < SMALL_COUNT or n < SMALL_SHARE * total:
            warnings.append(_("Weinig reacties van de groep ‘%(group)s’: %(n)d van %(total)d. Wees voorzichtig met conclusies over deze groep.",
                              group=label, n=n, total=total))
    return warnings


def _channels(counts: dict, categories, rounds: list[RoundtableView]) -> Table:
    """One record across channels: per category the survey responses beside the event participants."""
    values = list(dict.fromkeys([v for v, _l in categories] + [c for r in rounds for c in r.confirmed]))
    rows = []
    for value in values:
        at_events = sum(r.confirmed.get(value, 0) for r in rounds)
        rows.append((_labels().get(value, value) if value else _("Onbekend"), [str(counts.get(value, 0)), str(at_events)]))
    return Table(_("Per groep: reacties op de vragenlijst en deelnemers aan bijeenkomsten"),
                 [_("Groep"), _("Reacties vragenlijst"), _("Deelnemers bijeenkomsten")], rows)
