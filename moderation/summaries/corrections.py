"""Human in the loop: rename, merge and split themes, move an answer to another theme,
correct a sentiment or stance label. Each service records who changed what, before and
after, and recomputes the question's stored figures. Overrides live beside the machine's
labels, so a re-analysis never undoes them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from inspraak.errors import DomainError
from inspraak.extensions import db
from moderation.summaries.figures import refresh_figures, resolve_theme
from moderation.summaries.models import (
    SENTIMENTS, STANCES, CorrectionKind, CorrectionSource, SummaryAnswer, SummaryCorrection, SummaryTheme, ThemeOrigin,
)
from surveys.models import Question


def _record(actor, consultation_id: int, question_id: int, kind: CorrectionKind, before, after,
            answer_id: int | None = None, theme_id: int | None = None) -> None:
    db.session.add(SummaryCorrection(
        consultation_id=consultation_id, question_id=question_id, answer_id=answer_id, theme_id=theme_id,
        kind=kind.value, source=CorrectionSource.HUMAN.value, before=str(before)[:300], after=str(after)[:300],
        user_id=actor.id))


def _consultation_id(question_id: int) -> int:
    question = db.session.get(Question, question_id)
    return question.survey.consultation_id


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_l("Geef het thema een naam."), field="name")
    if len(name) > 200:
        raise DomainError(_l("Een themanaam is ten hoogste 200 tekens."), field="name")
    return name


def _still_a_theme(theme: SummaryTheme) -> None:
    """A theme merged into another lives on only as part of it: it is not renamed, merged
    or split again (a resent form, an old tab), which would log changes that are none."""
    if theme.merged_into_id is not None:
        target = db.session.get(SummaryTheme, theme.merged_into_id)
        raise DomainError(_l("Dit thema is samengevoegd met ‘%(target)s’ en bestaat niet meer apart.",
                             target=target.name if target else "?"))


def _name_is_free(question_id: int, name: str, *, other_than: int | None = None) -> None:
    """Two themes of one question with the same name cannot be told apart on the page or in the exports."""
    taken = db.session.scalars(db.select(SummaryTheme).where(
        SummaryTheme.question_id == question_id, SummaryTheme.merged_into_id.is_(None))).all()
    if any(t.id != other_than and t.name.casefold() == name.casefold() for t in taken):
        raise DomainError(_l("Een ander thema van deze vraag heet al zo. Kies een andere naam, of voeg de "
                             "thema's samen."), field="name")


def rename_theme(actor, theme: SummaryTheme, name: str) -> None:
    _still_a_theme(theme)
    name = _clean_name(name)
    if name == theme.name:
        return
    _name_is_free(theme.question_id, name, other_than=theme.id)
    _record(actor, _consultation_id(theme.question_id), theme.question_id, CorrectionKind.RENAME, theme.name, name,
            theme_id=theme.id)
    theme.label = name
    refresh_figures(theme.question_id)
    db.session.commit()


def merge_themes(actor, theme: SummaryTheme, target: SummaryTheme) -> None:
    """``theme``'s answers now count under ``target`` (also after re-analysis)."""
    themes = {t.id: t for t in db.session.scalars(db.select(SummaryTheme).where(
        SummaryTheme.question_id == theme.question_id))}
    if target.question_id != theme.question_id:
        raise DomainError(_l("Alleen thema's van dezelfde vraag kunnen worden samengevoegd."), field="target")
    if theme.merged_into_id is not None and theme.merged_into_id == resolve_theme(target.id, themes):
        return  # the same merge sent again: it is done, and is not logged twice
    _still_a_theme(theme)
    if resolve_theme(target.id, themes) == theme.id or target.id == theme.id:
        raise DomainError(_l("Een thema kan niet met zichzelf worden samengevoegd."), field="target")
    target_id = resolve_theme(target.id, themes)
    _record(actor, _consultation_id(theme.question_id), theme.question_id, CorrectionKind.MERGE, theme.name,
            themes[target_id].name, theme_id=theme.id)
    theme.merged_into_id = target_id
    for other in themes.values():
        if other.merged_into_id == theme.id:
            other.merged_into_id = target_id
    refresh_figures(theme.question_id)
    db.session.commit()


def split_theme(actor, theme: SummaryTheme, name: str, answer_ids: list[int]) -> SummaryTheme:
    """A new theme named ``name`` with the chosen answers of ``theme``."""
    _still_a_theme(theme)
    name = _clean_name(name)
    _name_is_free(theme.question_id, name)
    chosen = list(db.session.scalars(db.select(SummaryAnswer).where(
        SummaryAnswer.question_id == theme.question_id, SummaryAnswer.answer_id.in_(answer_ids or [-1]))))
    if not chosen:
        raise DomainError(_l("Kies de antwoorden die naar het nieuwe thema gaan."), field="answers")
    new = SummaryTheme(question_id=theme.question_id, origin=ThemeOrigin.HUMAN.value, machine_label=name, label=name,
                       terms=[], representative_ids=[a.answer_id for a in chosen[:3]])
    db.session.add(new)
    db.session.flush()
    consultation_id = _consultation_id(theme.question_id)
    _record(actor, consultation_id, theme.question_id, CorrectionKind.SPLIT, theme.name,
            f"{name} ({len(chosen)})", theme_id=new.id)
    for result in chosen:
        result.theme_override_id = new.id
    refresh_figures(theme.question_id)
    db.session.commit()
    return new


def move_answer(actor, result: SummaryAnswer, theme: SummaryTheme | None) -> None:
    """Put an answer in another theme (None: no theme)."""
    themes = {t.id: t for t in db.session.scalars(db.select(SummaryTheme).where(
        SummaryTheme.question_id == result.question_id))}
    if theme is not None and theme.question_id != result.question_id:
        raise DomainError(_l("Kies een thema van dezelfde vraag."), field="theme")
    current = resolve_theme(result.chosen_theme_id, themes)
    target = theme.id if theme is not None else None
    if current == target:
        return
    name = {None: "-"} | {t.id: t.name for t in themes.values()}
    _record(actor, _consultation_id(result.question_id), result.question_id, CorrectionKind.MOVE,
            name.get(current, "-"), name.get(target, "-"), answer_id=result.answer_id, theme_id=target)
    result.theme_override_id = target
    result.theme_cleared = target is None   # "no theme" outlives re-analysis like any other move
    refresh_figures(result.question_id)
    db.session.commit()


def correct_labels(actor, result: SummaryAnswer, *, sentiment: str, stance: str) -> None:
    if sentiment not in SENTIMENTS or stance not in STANCES:
        raise DomainError(_l("Kies een sentiment en een standpunt uit de lijst."))
    consultation_id = _consultation_id(result.question_id)
    changed = False
    if sentiment != result.effective_sentiment:
        _record(actor, consultation_id, result.question_id, CorrectionKind.SENTIMENT, result.effective_sentiment,
                sentiment, answer_id=result.answer_id)
        result.sentiment_override = sentiment
        changed = True
    if stance != result.effective_stance:
        _record(actor, consultation_id, result.question_id, CorrectionKind.STANCE, result.effective_stance, stance,
                answer_id=result.answer_id)
        result.stance_override = stance
        changed = True
    if changed:
        refresh_figures(result.question_id)
        db.session.commit()
