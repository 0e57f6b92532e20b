"""The figures the dashboard and the reports show, computed when the analysis or a
correction changes them and stored, so a page never counts 100,000 answers.

Counts are per respondent category (key ``"all"``: everyone). Themes count a campaign
once (its copies are one argument, as in the analysis); sentiment and stance count every
answer."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from inspraak.database import utcnow
from inspraak.extensions import db
from moderation.summaries.models import SENTIMENTS, STANCES, SummaryAnswer, SummaryQuestion, SummaryTheme
from surveys.models import Answer, Response, ResponsePublication, Survey

QUOTE_CANDIDATES = 12     # answers kept per theme to quote from: their respondents chose publication;
                          # the page quotes those a moderator approved (one query for all)
CAMPAIGNS_SHOWN = 10      # the largest campaigns on the dashboard and in the report; the data lists all
TOP_ORGANISATIONS = 25


def _count(target: dict, category: str) -> None:
    target[category] = target.get(category, 0) + 1
    target["all"] = target.get("all", 0) + 1


def resolve_theme(theme_id: int | None, themes: dict[int, SummaryTheme]) -> int | None:
    """Follow merges to the theme an answer now belongs to."""
    seen = set()
    while theme_id is not None and theme_id in themes and themes[theme_id].merged_into_id is not None:
        if theme_id in seen:
            break
        seen.add(theme_id)
        theme_id = themes[theme_id].merged_into_id
    return theme_id


def effective_theme(result: SummaryAnswer, themes: dict[int, SummaryTheme]) -> int | None:
    return resolve_theme(result.chosen_theme_id, themes)


def refresh_figures(question_id: int) -> None:
    """Recompute one open question's figures from the stored labels and overrides."""
    row = db.session.scalar(db.select(SummaryQuestion).where(SummaryQuestion.question_id == question_id))
    if row is None:
        return
    themes = {t.id: t for t in db.session.scalars(db.select(SummaryTheme).where(SummaryTheme.question_id == question_id))}
    stmt = (db.select(SummaryAnswer.answer_id, SummaryAnswer.sentiment, SummaryAnswer.sentiment_override,
                      SummaryAnswer.stance, SummaryAnswer.stance_override, SummaryAnswer.chosen_theme_id,
                      SummaryAnswer.theme_override_id.is_not(None) | SummaryAnswer.theme_cleared,
                      SummaryAnswer.campaign, Response.respondent_category,
                      Response.publication)
            .join(Answer, SummaryAnswer.answer_id == Answer.id).join(Response, Answer.response_id == Response.id)
            .where(SummaryAnswer.question_id == question_id).order_by(SummaryAnswer.answer_id)
            .execution_options(yield_per=5000))  # streamed: a million answers are never all in memory
    answered: dict[str, int] = {}
    sentiment = {label: {} for label in SENTIMENTS}
    stance = {label: {} for label in STANCES}
    theme_counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    members: dict[int, list[int]] = defaultdict(list)
    campaign_counts: dict[int, dict[str, int]] = defaultdict(dict)
    seen_campaigns = set()
    publishable: set[int] = set()
    campaign_quotes: dict[int, list[int]] = defaultdict(list)
    for answer_id, s, s_over, st, st_over, chosen, theme_over, campaign, category, publication in db.session.execute(stmt):
        if publication != ResponsePublication.NOT_PUBLISHED.value:
            publishable.add(answer_id)
            if campaign and len(campaign_quotes[campaign]) < 3:
                campaign_quotes[campaign].append(answer_id)
        category = category or ""
        _count(answered, category)
        _count(sentiment[s_over or s], category)
        _count(stance[st_over or st], category)
        if campaign:
            _count(campaign_counts[campaign], category)
        theme = resolve_theme(chosen, themes)
        if theme is not None and answer_id in publishable and len(members[theme]) < 50:
            members[theme].append(answer_id)
        if campaign and campaign in seen_campaigns and not theme_over:
            continue  # a campaign is one argument in the themes
        if campaign:
            seen_campaigns.add(campaign)
        _count(theme_counts[theme], category)
    theme_list = []
    for theme_id, counts in sorted(((t, c) for t, c in theme_counts.items() if t is not None),
                                   key=lambda item: (-item[1]["all"], item[0])):
        theme = themes[theme_id]
        preferred = [a for a in _representatives(theme, themes) if a in publishable]
        candidates = list(dict.fromkeys(preferred + members[theme_id]))[:QUOTE_CANDIDATES]
        theme_list.append({"id": theme_id, "name": theme.name, "terms": list(theme.terms or [])[:8],
                           "origin": theme.origin, "counts": counts, "quote_ids": candidates})
    largest = sorted(row.campaigns or [], key=lambda c: (-c["size"], c["number"]))[:CAMPAIGNS_SHOWN]
    campaigns = [{"number": c["number"], "size": c["size"], "template": c["template"],
                  "counts": campaign_counts.get(c["number"], {}), "quote_ids": campaign_quotes.get(c["number"], [])}
                 for c in largest]
    row.figures = {
        "kind": "open", "answered": answered,
        "sentiment": [[label, counts] for label, counts in sentiment.items()],
        "stance": [[label, counts] for label, counts in stance.items()],
        "themes": theme_list, "unthemed": theme_counts.get(None, {}), "campaigns": campaigns,
        "campaign_count": len(row.campaigns or []),
        "campaign_copies": sum(c["size"] for c in row.campaigns or []),
    }
    row.updated_at = utcnow()


def _representatives(theme: SummaryTheme, themes: dict[int, SummaryTheme]) -> list[int]:
    ids = list(theme.representative_ids or [])
    for other in themes.values():
        if other.merged_into_id == theme.id:
            ids += list(other.representative_ids or [])
    return ids


def respondent_figures(survey: Survey) -> tuple[dict, int]:
    """Who responded: per category, organisation (with its category), province and week.
    Counted in the database (a million responses are a few hundred groups)."""
    submitted = (Response.survey_id == survey.id, Response.submitted_at.is_not(None))
    categories: Counter = Counter()
    provinces: Counter = Counter()
    total = 0
    for category, province, count in db.session.execute(
            db.select(Response.respondent_category, Response.province, db.func.count()).where(*submitted)
            .group_by(Response.respondent_category, Response.province)):
        total += count
        categories[category or ""] += count
        provinces[province or ""] += count
    organisations: Counter = Counter()
    for organisation, category, count in db.session.execute(
            db.select(Response.organisation_name, Response.respondent_category, db.func.count())
            .where(*submitted, Response.organisation_name.is_not(None), Response.organisation_name != "")
            .group_by(Response.organisation_name, Response.respondent_category)):
        if organisation.strip():
            organisations[(organisation.strip(), category or "")] += count
    weeks: Counter = Counter()
    day = db.func.date(Response.submitted_at)   # stored in UTC: SQLite gives 'YYYY-MM-DD', PostgreSQL a date
    for value, count in db.session.execute(db.select(day, db.func.count()).where(*submitted).group_by(day)):
        year, week, _weekday = (date.fromisoformat(value) if isinstance(value, str) else value).isocalendar()
        weeks[f"{year}-W{week:02d}"] += count
    return {
        "categories": dict(categories),
        "organisation_count": len(organisations),
        "organisations": [[name, category, n] for (name, category), n in
                          sorted(organisations.items(), key=lambda item: (-item[1], item[0][0]))[:TOP_ORGANISATIONS]],
        "provinces": dict(provinces),
        "weeks": sorted(weeks.items()),
    }, total
