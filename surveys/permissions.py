"""Who may answer, build, see results of and export a survey. Pure functions, tested as
a role x action matrix."""
from __future__ import annotations

from datetime import datetime

from inspraak.accounts.permissions import can_manage_consultations, is_admin

__all__ = ["can_view_survey", "can_create_survey", "can_edit_survey", "can_view_results", "can_export_responses",
           "can_import_responses"]


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _is_owner(user, survey) -> bool:
    """The survey's policy officer, or, for a consultation's questionnaire, the consultation's
    one too: they read its summaries and report, so they also manage its questions and
    responses, whoever made the survey (an admin, a colleague)."""
    if not _signed_in(user):
        return False
    return survey.owner_id == user.id or (survey.consultation is not None
                                          and survey.consultation.owner_id == user.id)


def can_view_survey(user, survey) -> bool:
    """Public once opened (and its consultation is public); a draft only to its owner and admins."""
    if _is_owner(user, survey) or is_admin(user):
        return True
    return not survey.is_draft and (survey.consultation is None or survey.consultation.is_public)


def can_create_survey(user) -> bool:
    return can_manage_consultations(user)


def can_edit_survey(user, survey) -> bool:
    """The owning policy officer (of the survey or of its consultation), or an admin."""
    return is_admin(user) or (can_manage_consultations(user) and _is_owner(user, survey))


def can_view_results(user, survey, now: datetime) -> bool:
    """Public after closing, or live while open if the officer allows it; always to its editors."""
    if can_edit_survey(user, survey):
        return True
    if survey.is_draft:
        return False
    return survey.has_ended(now) or survey.shows_live_results


def can_export_responses(user, survey) -> bool:
    return can_edit_survey(user, survey)


def can_import_responses(user, survey) -> bool:
    """Responses collected on paper or at a stand (API token), into a published survey:
    those who may edit and export it (its owning policy officer, admins), nobody else."""
    return can_edit_survey(user, survey) and not survey.is_draft
