"""Access control, exhaustively: every route of ``app.url_map``, every method, every role.

For each actor (anonymous; a participant, an organisation representative, a moderator, a
policy officer and an admin; and a *second* user of each of those roles, who meets the
first one's objects), the test walks one world of real objects (``tests/builders``; built
once, each actor walks a fresh copy of it), fills them into the URL parameters, sends
every method of every rule, and compares the status with ``EXPECTED``. Staff sign in with their second factor, as in production.

After every GET (and HEAD) the database must be unchanged: a checksum of every row of
every table is compared before and after. The security log is the one exception: a
refused request is written there on purpose (ASVS V16) and it changes no state a user
sees.

How to extend the table (a new route fails with a message that says so):

* A page anyone may read, whatever their role: add its endpoint to ``PUBLIC``.
* Anything else: add ``"endpoint": {"GET": expect(...), "POST": expect(...)}`` to
  ``EXPECTED``, one entry per method the rule accepts (HEAD and OPTIONS follow GET and
  are not listed). ``expect(default, **overrides)`` takes the status most actors get
  and overrides per group or actor; the most specific wins:
  ``anonymous``, ``users`` (everyone signed in), ``staff`` (moderators, policy officers,
  admins), ``moderators``, ``officers``, ``admins``, or a single actor
  (``policy_officer_2``). ``LOGIN`` stands for a redirect to the sign-in page.
* URL parameters: objects of the world are found by parameter name (``slug``,
  ``roundtable_id``, ...; see ``World.values``); an endpoint that needs other objects gets
  a line in ``World.values``. An endpoint may be walked with several objects (variants,
  e.g. a draft and an open consultation): list it in ``VARIANTS`` and key its table
  entries ``"endpoint@variant"``.
* The first user of a role owns the objects (the policy officer owns the consultations,
  surveys and events; the participant owns a registration and a saved response); the
  ``_2`` user of the same role must not get at them.

``INSPRAAK_PRINT_ACCESS_TABLE=1`` prints what the walk saw, to compare with a new entry;
read every status before you write it down: the table is a statement of policy.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from inspraak.accounts import services as account_services
from inspraak.accounts import two_factor
from inspraak.accounts.models import OrganisationCategory, Role
from inspraak.consultations import services as consultation_services
from inspraak.database import utcnow
from inspraak.extensions import db
from inspraak.pdf import simple_pdf
from tests.builders import builders
from tests.builders.roundtables import fresh
from tests.helpers import PASSWORD, Snapshot, make_app

LOGIN = "login"  # 302 to /account/inloggen

ROLES = ("participant", "organisation", "moderator", "policy_officer", "admin")
ACTORS = ("anonymous",) + tuple(a for role in ROLES for a in (role, f"{role}_2"))
GROUPS = {
    "anonymous": {"anonymous"},
    "users": set(ACTORS) - {"anonymous"},
    "staff": {a for a in ACTORS if a.startswith(("moderator", "policy_officer", "admin"))},
    "moderators": {"moderator", "moderator_2"},
    "officers": {"policy_officer", "policy_officer_2"},
    "admins": {"admin", "admin_2"},
}
# The most specific override wins: a single actor, then the smaller groups, then the larger.
GROUP_ORDER = ("admins", "officers", "moderators", "staff", "users", "anonymous")


def expect(default, **overrides) -> dict[str, object]:
    """The status per actor: ``default``, overridden by group, overridden by actor."""
    table = {actor: default for actor in ACTORS}
    for group in reversed(GROUP_ORDER):
        if group in overrides:
            for actor in GROUPS[group]:
                table[actor] = overrides[group]
    for actor, status in overrides.items():
        if actor in GROUPS:
            continue
        assert actor in ACTORS, f"unknown actor {actor!r} in the access table"
        table[actor] = status
    return table


# Pages everyone may read with GET, signed in or not, whatever their role.
PUBLIC = {
    "main.show_home", "main.show_accessibility", "main.show_privacy", "static", "api.get_openapi",
    "main.show_analysis_data", "main.show_glossary", "main.show_open_data", "main.show_robots_txt",
    "main.show_security_txt",
    "consultations.list_consultations", "consultations_api.list_consultations",
    "surveys.list_surveys", "surveys_api.list_surveys",
    "roundtables.list_roundtables", "roundtables_api.list_roundtables",
}

EXPECTED: dict[str, dict[str, dict[str, object]]] = {
    # --- accounts. Bearer links (reset, sign-in link, verification, cancel) answer whoever holds
    # them; a sign-in link stops working once its person has signed in since (participant: 400).
    "accounts.change_password": {"GET": expect(LOGIN, users=200), "POST": expect(LOGIN, users=200)},
    "accounts.check_mail": {"GET": expect(200)},
    "accounts.confirm_email_change": {"GET": expect(200), "POST": expect(302, anonymous=LOGIN)},
    "accounts.edit_profile": {"GET": expect(LOGIN, users=200), "POST": expect(LOGIN, users=200)},
    "accounts.request_email_change": {"POST": expect(LOGIN, users=400)},
    "accounts.create_token": {"POST": expect(403, officers=400, admins=400, anonymous=LOGIN)},
    "accounts.delete_account": {"GET": expect(LOGIN, users=200), "POST": expect(LOGIN, users=200)},
    "accounts.download_personal_data": {"GET": expect(LOGIN, users=200)},
    "accounts.edit_user": {"GET": expect(403, admins=200, anonymous=LOGIN), "POST": expect(403, admins=200, anonymous=LOGIN)},
    "accounts.enrol_two_factor": {"GET": expect(200, staff=302, anonymous=LOGIN), "POST": expect(200, staff=302, anonymous=LOGIN)},
    "accounts.list_organisations": {"GET": expect(403, admins=200, anonymous=LOGIN), "POST": expect(403, admins=200, anonymous=LOGIN)},
    "accounts.list_users": {"GET": expect(403, admins=200, anonymous=LOGIN)},
    "accounts.reauthenticate": {"GET": expect(LOGIN, users=200), "POST": expect(LOGIN, users=200)},
    "accounts.register": {"GET": expect(302, anonymous=200), "POST": expect(302, anonymous=200)},
    "accounts.renew_recovery_codes": {"POST": expect(LOGIN, users=302)},
    "accounts.request_reset": {"GET": expect(200), "POST": expect(200)},
    "accounts.request_sign_in_link": {"GET": expect(200), "POST": expect(200)},
    "accounts.resend_verification": {"POST": expect(302)},
    "accounts.reset_password": {"GET": expect(200), "POST": expect(200)},
    "accounts.reset_two_factor": {"POST": expect(403, admins=302, anonymous=LOGIN)},
    "accounts.end_user_sessions": {"POST": expect(403, admins=302, anonymous=LOGIN)},
    "accounts.revoke_token": {"POST": expect(404, anonymous=LOGIN, policy_officer=302)},
    "accounts.show_profile": {"GET": expect(LOGIN, users=200)},
    "accounts.show_recovery_codes": {"GET": expect(LOGIN, users=302)},
    "accounts.show_security_log": {"GET": expect(403, admins=200, anonymous=LOGIN)},
    "accounts.sign_in": {"GET": expect(302, anonymous=200), "POST": expect(302, anonymous=200)},
    "accounts.sign_in_with_link": {"GET": expect(200, participant=400), "POST": expect(302, participant=400)},
    "accounts.sign_out": {"POST": expect(302)},
    "accounts.verify_email": {"GET": expect(200), "POST": expect(LOGIN)},
    "accounts.verify_two_factor": {"GET": expect(LOGIN), "POST": expect(LOGIN)},
    # --- consultations: the draft (no variant) belongs to ``policy_officer``; another officer,
    # moderators and participants get 404 (a draft's existence is private), admins see all.
    "consultations.add_document": {"POST": expect(404, admins=400, anonymous=LOGIN, policy_officer=400)},
    "consultations.change_status": {"POST": expect(404, admins=302, anonymous=LOGIN, policy_officer=302)},
    "consultations.confirm_close": {"GET": expect(404, anonymous=LOGIN)},  # a draft is not closed
    "consultations.confirm_remove_document": {"GET": expect(404, admins=200, anonymous=LOGIN, policy_officer=200)},
    "consultations.create_consultation": {"GET": expect(403, officers=200, admins=200, anonymous=LOGIN), "POST": expect(403, officers=200, admins=200, anonymous=LOGIN)},
    "consultations.download_document": {"GET": expect(404, admins=200, policy_officer=200)},
    "consultations.download_document@open": {"GET": expect(200)},
    "consultations.edit_consultation": {"GET": expect(404, admins=200, anonymous=LOGIN, policy_officer=200), "POST": expect(404, admins=200, anonymous=LOGIN, policy_officer=200)},
    "consultations.manage_consultations": {"GET": expect(403, officers=200, admins=200, anonymous=LOGIN)},
    "consultations.publish_report": {"POST": expect(404, admins=400, anonymous=LOGIN, policy_officer=400)},
    "consultations.remove_document": {"POST": expect(404, admins=302, anonymous=LOGIN, policy_officer=302)},
    "consultations.show_consultation": {"GET": expect(404, admins=200, policy_officer=200)},
    "consultations.show_consultation@open": {"GET": expect(200)},
    "consultations_api.get_consultation": {"GET": expect(404, admins=200, policy_officer=200)},
    "consultations_api.get_consultation@open": {"GET": expect(200)},
    # --- the language switch redirects back and writes nothing (checked with every GET).
    "main.set_language": {"GET": expect(302)},
    # --- no logo is configured in the tests.
    "main.show_organisation_logo": {"GET": expect(404)},
    "main.show_favicon": {"GET": expect(301)},
    # --- moderation of the open consultation: ``moderator`` is assigned to it, ``moderator_2`` is
    # not; the owner (``policy_officer``) reads the queue and assigns but does not decide; the
    # item is an approved open answer without a file (its paper downloads are 404). Decisions
    # posted without a valid form are 400 for those allowed to decide.
    "moderation.approve_item": {"POST": expect(403, anonymous=LOGIN, admins=400, moderator=400)},
    "moderation.bulk_approve": {"POST": expect(403, anonymous=LOGIN, admins=302, moderator=302)},
    "moderation.download_paper": {"GET": expect(403, anonymous=LOGIN, admins=404, moderator=404, policy_officer=404)},
    "moderation.download_published_paper": {"GET": expect(404)},
    "moderation.export_decisions": {"GET": expect(403, anonymous=LOGIN, admins=200, moderator=200, policy_officer=200)},
    "moderation.hide_item": {"POST": expect(403, anonymous=LOGIN, admins=400, moderator=400)},
    "moderation.list_consultations": {"GET": expect(403, anonymous=LOGIN, staff=200)},
    "moderation.list_responses": {"GET": expect(200)},
    "moderation.manage_moderators": {"GET": expect(403, anonymous=LOGIN, admins=200, policy_officer=200),
                                     "POST": expect(403, anonymous=LOGIN, admins=200, policy_officer=200)},
    "moderation.redact_item": {"POST": expect(403, anonymous=LOGIN, admins=400, moderator=400)},
    "moderation.report_response": {"GET": expect(200), "POST": expect(400)},
    "moderation.restore_item": {"POST": expect(403, anonymous=LOGIN, admins=302, moderator=302)},
    "moderation.show_dashboard": {"GET": expect(403, anonymous=LOGIN, admins=200, moderator=200, policy_officer=200)},
    "moderation.show_decisions": {"GET": expect(403, anonymous=LOGIN, admins=200, moderator=200, policy_officer=200)},
    "moderation.show_item": {"GET": expect(403, anonymous=LOGIN, admins=200, moderator=200, policy_officer=200)},
    "moderation.show_queue": {"GET": expect(403, anonymous=LOGIN, admins=200, moderator=200, policy_officer=200)},
    "moderation.unassign_moderator": {"POST": expect(403, anonymous=LOGIN, admins=302, policy_officer=302)},
    "moderation_api.list_responses": {"GET": expect(200)},
    # --- summaries of the open consultation (analysed once): its owner and admins only; the
    # API answers bearer tokens (policy officers and admins hold one), not browser sessions.
    **{f"summaries.{name}": {"GET": expect(403, anonymous=LOGIN, admins=200, policy_officer=200)}
       for name in ("download", "list_corrections", "manage_themes", "show_summary", "theme_sources")},
    "summaries.list_summaries": {"GET": expect(403, anonymous=LOGIN, officers=200, admins=200)},
    **{f"summaries.{name}": {"POST": expect(403, anonymous=LOGIN, admins=302, policy_officer=302)}
       for name in ("merge_theme", "rename_theme", "start_analysis")},
    "summaries.show_answer": {"GET": expect(403, anonymous=LOGIN, admins=200, policy_officer=200),
                              "POST": expect(403, anonymous=LOGIN, admins=302, policy_officer=302)},
    "summaries.split_theme": {"GET": expect(403, anonymous=LOGIN, admins=200, policy_officer=200),
                              "POST": expect(403, anonymous=LOGIN, admins=200, policy_officer=200)},
    "summaries_api.get_summary": {"GET": expect(401, admins=200, policy_officer=200, policy_officer_2=403)},
    # --- roundtables: the published event and the participant's registration (no variant);
    # an unpublished event (@draft) is private to its owner and admins.
    "roundtables.cancel_registration": {"POST": expect(404, anonymous=LOGIN, participant=302)},
    "roundtables.cancel_with_token": {"POST": expect(302)},
    "roundtables.close_selection": {"POST": expect(403, admins=302, anonymous=LOGIN, policy_officer=302)},
    "roundtables.confirm_cancel": {"GET": expect(200)},
    "roundtables.create_roundtable": {"GET": expect(403, officers=200, admins=200, anonymous=LOGIN), "POST": expect(403, officers=200, admins=200, anonymous=LOGIN)},
    "roundtables.download_invitation": {"GET": expect(404, anonymous=LOGIN, participant=200)},
    "roundtables.edit_roundtable": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200), "POST": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "roundtables.export_participants": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "roundtables.list_my_registrations": {"GET": expect(LOGIN, users=200)},
    "roundtables.list_participants": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "roundtables.manage_roundtables": {"GET": expect(403, officers=200, admins=200, anonymous=LOGIN)},
    "roundtables.mark_attendance": {"POST": expect(403, admins=400, anonymous=LOGIN, policy_officer=400)},
    "roundtables.publish_roundtable": {"POST": expect(403, admins=302, anonymous=LOGIN, policy_officer=302)},
    "roundtables.publish_summary": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200), "POST": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "roundtables.reject_application": {"POST": expect(403, admins=302, anonymous=LOGIN, policy_officer=302)},
    "roundtables.select_participant": {"POST": expect(403, admins=302, anonymous=LOGIN, policy_officer=302)},
    "roundtables.show_roundtable": {"GET": expect(200)},
    "roundtables.show_roundtable@draft": {"GET": expect(404, admins=200, policy_officer=200)},
    "roundtables.sign_up": {"GET": expect(200, anonymous=LOGIN, participant=302), "POST": expect(LOGIN, users=200)},
    "roundtables.sign_up@draft": {"GET": expect(404, admins=403, anonymous=LOGIN, policy_officer=403), "POST": expect(404, admins=403, anonymous=LOGIN, policy_officer=403)},
    "roundtables_api.get_roundtable": {"GET": expect(200)},
    "roundtables_api.get_roundtable@draft": {"GET": expect(404, admins=200, policy_officer=200)},
    # --- surveys: the officer's draft survey (no variant), its open and closed ones, a submitted
    # response's receipt and an anonymous respondent's saved draft (bearer links). Paper
    # responses are imported into an open survey by its officer and admins only (the walk
    # sends an empty body: 400 for them); another officer's token gets 403.
    "surveys.answer_survey": {"GET": expect(404, admins=200, policy_officer=200), "POST": expect(404, admins=200, policy_officer=200)},
    "surveys.answer_survey@open": {"GET": expect(200), "POST": expect(200)},
    "surveys.change_part": {"POST": expect(403, admins=302, anonymous=LOGIN, policy_officer=302)},
    "surveys.change_survey_status": {"POST": expect(403, admins=302, anonymous=LOGIN, policy_officer=302)},
    "surveys.create_survey": {"GET": expect(403, officers=200, admins=200, anonymous=LOGIN), "POST": expect(403, officers=200, admins=200, anonymous=LOGIN)},
    "surveys.edit_question": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200), "POST": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "surveys.edit_section": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200), "POST": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "surveys.edit_survey": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200), "POST": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "surveys.export_responses": {"GET": expect(404, admins=200, anonymous=LOGIN, policy_officer=200)},
    "surveys.export_responses@open": {"GET": expect(404, admins=200, anonymous=LOGIN, policy_officer=200)},
    "surveys.manage_surveys": {"GET": expect(403, officers=200, admins=200, anonymous=LOGIN)},
    "surveys.preview_survey": {"GET": expect(403, admins=200, anonymous=LOGIN, policy_officer=200)},
    "surveys.resume_survey": {"GET": expect(302)},
    "surveys.show_receipt": {"GET": expect(200)},
    "surveys.show_results": {"GET": expect(404, admins=200, policy_officer=200)},
    "surveys.show_results@closed": {"GET": expect(200)},
    "surveys.show_results@open": {"GET": expect(404, admins=200, policy_officer=200)},
    "surveys.show_saved": {"GET": expect(302, anonymous=200)},
    "surveys.show_survey": {"GET": expect(404, admins=200, policy_officer=200)},
    "surveys.show_survey@open": {"GET": expect(200)},
    "surveys_api.get_survey": {"GET": expect(404)},
    "surveys_api.get_survey@open": {"GET": expect(200)},
    "surveys_api.import_response": {"POST": expect(401, officers=404, admins=404)},
    "surveys_api.import_response@open": {"POST": expect(401, admins=400, policy_officer=400, policy_officer_2=403)},
}

# Endpoints walked with more than one object; the table keys them "endpoint@variant".
# Without a variant, consultations.* get the officer's draft consultation, surveys.* the
# officer's draft survey and roundtables.* the officer's published event (World.values).
VARIANTS: dict[str, tuple[str | None, ...]] = {
    "consultations.show_consultation": (None, "open"),
    "consultations.download_document": (None, "open"),
    "consultations_api.get_consultation": (None, "open"),
    "surveys.show_survey": (None, "open"),
    "surveys.answer_survey": (None, "open"),
    "surveys.show_results": (None, "open", "closed"),
    "surveys.export_responses": (None, "open"),
    "surveys_api.get_survey": (None, "open"),
    "surveys_api.import_response": (None, "open"),
    "roundtables.show_roundtable": (None, "draft"),
    "roundtables.sign_up": (None, "draft"),
    "roundtables_api.get_roundtable": (None, "draft"),
}


@dataclass
class World:
    """Real objects for the URL parameters, made through the services."""

    users: dict[str, object] = field(default_factory=dict)
    recovery: dict[str, list[str]] = field(default_factory=dict)
    api_secrets: dict[str, str] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def values(self, endpoint: str, arguments: set[str], variant: str | None) -> dict:
        o = self.objects
        area = endpoint.split(".")[0].removesuffix("_api")
        by_name = {
            "consultations": {"slug": o["consultation_draft"].slug, "document_id": o["document_draft"].id,
                              "target": "open"},
            "surveys": {"slug": o["survey_draft"].slug, "section_id": o["section_draft"].id,
                        "question_id": o["question_draft"].id, "item_id": o["question_draft"].id,
                        "part": "vragen", "action": "omhoog", "fmt": "csv",
                        "token": o["response_submitted"].submission_token, "secret": o["resume_secret"]},
            "roundtables": {"roundtable_id": o["roundtable"].id, "registration_id": o["registration"].id,
                            "token": o["cancel_token"], "fmt": "csv"},
            "accounts": {"user_id": self.users["participant"].id, "token_id": o["api_token"].id},
            "moderation": {"slug": o["consultation_open"].slug, "item_id": o["moderation_item"].id,
                           "assignment_id": o["moderator_assignment"].id},
            "summaries": {"slug": o["consultation_open"].slug, "question_id": o["open_question"].id,
                          "answer_id": o["open_answer"].id, "theme_id": o["summary_theme"].id, "fmt": "docx"},
            "main": {"code": "en"},
            "static": {"filename": "css/inspraak.css"},
            "api": {},
        }[area]
        per_endpoint = {
            "accounts.reset_password": {"token": o["reset_token"]},
            "accounts.sign_in_with_link": {"token": o["sign_in_token"]},
            # Ending someone's sessions also ends the sign-in link sent to them: not the participant's.
            "accounts.end_user_sessions": {"user_id": self.users["organisation"].id},
            "accounts.verify_email": {"token": o["verify_token"]},
            "accounts.confirm_email_change": {"token": o["email_change_token"]},
            # A submitted response's receipt, and an anonymous respondent's saved draft.
            "surveys.show_receipt": {"slug": o["survey_open"].slug},
            "surveys.resume_survey": {"slug": o["survey_open"].slug},
            "surveys.show_saved": {"slug": o["survey_open"].slug},
        }
        values = dict(by_name)
        values.update(per_endpoint.get(endpoint, {}))
        values.update(VARIANT_VALUES.get(f"{endpoint}@{variant}", lambda world: {})(self) if variant else {})
        missing = arguments - set(values)
        assert not missing, f"{endpoint}: no object for URL parameter(s) {sorted(missing)}; add them in World.values"
        return {name: values[name] for name in arguments}


VARIANT_VALUES: dict[str, object] = {
    **{f"{endpoint}@open": lambda w: {"slug": w.objects["consultation_open"].slug,
                                      "document_id": w.objects["document_open"].id}
       for endpoint in ("consultations.show_consultation", "consultations.download_document",
                        "consultations_api.get_consultation")},
    **{f"{endpoint}@open": lambda w: {"slug": w.objects["survey_open"].slug}
       for endpoint in ("surveys.show_survey", "surveys.answer_survey", "surveys.show_results",
                        "surveys.export_responses", "surveys_api.get_survey", "surveys_api.import_response")},
    "surveys.show_results@closed": lambda w: {"slug": w.objects["survey_closed"].slug},
    **{f"{endpoint}@draft": lambda w: {"roundtable_id": w.objects["roundtable_draft"].id}
       for endpoint in ("roundtables.show_roundtable", "roundtables.sign_up", "roundtables_api.get_roundtable")},
}


def _add_staff_second_factor(user) -> list[str]:
    import pyotp

    secret = two_factor.pending_secret(user, two_factor.new_enrolment_nonce())
    return two_factor.confirm_enrolment(user, pyotp.TOTP(secret).now(), secret)


def build_world() -> World:
    build = builders()
    world = World()
    for role in ROLES:
        for suffix in ("", "_2"):
            name = role + suffix
            organisation = f"Stichting {name}" if role == "organisation" else None
            user = build.user(Role(role), email=f"{name.replace('_', '-')}@example.org", name=f"Gebruiker {name}",
                              organisation=organisation, category=OrganisationCategory.NGO)
            if role in ("moderator", "policy_officer", "admin"):
                world.recovery[name] = _add_staff_second_factor(user)
            if role in ("policy_officer", "admin"):
                _token, secret = account_services.create_api_token(user, f"token van {name}")
                world.api_secrets[name] = secret
            world.users[name] = _Frozen(fresh(user))
    officer = _load(world.users["policy_officer"])
    participant = _load(world.users["participant"])
    o = world.objects
    pdf = simple_pdf("Bijlage", ["Een document."])
    draft = build.consultation(officer, status="draft", title="Een verborgen concept")
    o["consultation_draft"] = _Frozen(draft)
    o["document_draft"] = _Frozen(consultation_services.add_document(officer, draft, "Concepttekst", "concept.pdf", pdf))
    opened = build.consultation(officer, status="open", title="Een open consultatie")
    o["consultation_open"] = _Frozen(opened)
    o["document_open"] = _Frozen(consultation_services.add_document(officer, opened, "Voorstel", "voorstel.pdf", pdf))
    o["consultation_reported"] = _Frozen(build.consultation(officer, status="reported", title="Een afgeronde consultatie"))
    o["api_token"] = _Frozen(account_services.create_api_token(officer, "nog een token")[0])

    # Moderation: the open consultation's questionnaire with one published (approved) answer;
    # ``moderator`` is assigned to it by its owner, ``moderator_2`` is not.
    from moderation import services as moderation_services
    from tests.builders import moderation as moderation_builders

    _consultation, questionnaire, (asked,) = moderation_builders.questionnaire(opened)
    answered = moderation_builders.open_answer(questionnaire, asked, "Ik steun het voorstel, met voorwaarden.")
    item = moderation_builders.item_of_response(answered, asked)
    admin = _load(world.users["admin"])
    moderation_services.approve(admin, item, utcnow())
    o["moderation_item"] = _Frozen(item)
    o["open_question"] = _Frozen(asked)
    o["open_answer"] = _Frozen(next(a for a in answered.answers if a.question_id == asked.id))
    # Summaries: the open consultation analysed once (inline job), so it has themes.
    for n, text in enumerate(("Etikettering van NGT-zaad is belangrijk voor de consument in de supermarkt.",
                              "Octrooien op planten maken veredelaars afhankelijk van grote zaadbedrijven.",
                              "Droogteresistente aardappels helpen boeren bij hitte en waterschaarste.",
                              "Ik wil op het etiket kunnen lezen of zaad met NGT is veredeld.",
                              "Zaadbedrijven krijgen te veel macht door octrooien op eigenschappen.")):
        moderation_builders.open_answer(questionnaire, asked, f"{text} ({n})")
    from moderation.summaries import runs as summary_runs
    from moderation.summaries.models import SummaryTheme

    summary_runs.start_analysis(officer, opened)
    o["summary_theme"] = _Frozen(db.session.scalars(
        db.select(SummaryTheme).where(SummaryTheme.question_id == asked.id).order_by(SummaryTheme.id)).first())
    o["moderator_assignment"] = _Frozen(moderation_services.assign_moderator(
        officer, opened, _load(world.users["moderator"]), utcnow()))

    from surveys import builder as survey_builder
    from surveys import services as survey_services

    survey_draft = build.survey(officer, status="draft", questions=True)
    o["survey_draft"] = _Frozen(survey_draft)
    o["section_draft"] = _Frozen(survey_draft.sections[0])
    o["question_draft"] = _Frozen(survey_draft.ordered_questions()[0])
    survey_open = build.survey(officer, status="open", allows_anonymous=True)
    o["survey_open"] = _Frozen(survey_open)
    o["response_submitted"] = _Frozen(build.imported_response(survey_open, token="submitted-token-of-someone"))
    _draft, o["resume_secret"] = survey_services.save_profile(
        survey_open, submission_token="saved-draft-token", user=None, client_address="192.0.2.1", now=utcnow(),
        profile=survey_services.RespondentProfile(category="citizen", publication="not_published"))
    survey_closed = build.survey(officer, status="open", allows_anonymous=True)
    survey_builder.close_survey(officer, survey_closed)
    o["survey_closed"] = _Frozen(survey_closed)

    o["roundtable_draft"] = _Frozen(build.roundtable(officer, published=False, title="Een ongepubliceerde bijeenkomst"))
    event = build.roundtable(officer, title="Een gepubliceerde bijeenkomst")
    o["roundtable"] = _Frozen(event)
    outcome = build.sign_up(participant, event)
    o["registration"] = _Frozen(outcome.registration)
    o["cancel_token"] = outcome.cancel_token

    # Links from mail: for the participant (verification: for a new, unverified person).
    participant = fresh(participant)
    unverified = build.user(email="nog-niet-bevestigd@example.org", verified=False)
    o["verify_token"] = account_services._serializer(account_services.VERIFY_SALT).dumps(
        {"uid": unverified.id, "email": unverified.email})
    o["reset_token"] = account_services._serializer(account_services.RESET_SALT).dumps(
        {"uid": participant.id, "fp": account_services._reset_fingerprint(participant)})
    from inspraak.accounts import sign_in_links

    from inspraak.accounts import profile

    o["email_change_token"] = account_services._serializer(profile.EMAIL_CHANGE_SALT).dumps(
        {"uid": participant.id, "old": participant.email, "new": "nieuw-adres@example.org"})
    o["sign_in_token"] = account_services._serializer(sign_in_links.SIGN_IN_SALT).dumps(
        {"uid": participant.id, "fp": sign_in_links._fingerprint(participant)})
    return world


class _Frozen:
    """The id and slug of a row, read once (the ORM object expires when a job ends its session)."""

    def __init__(self, obj) -> None:
        self.model = type(obj)
        self.id = obj.id
        self.slug = getattr(obj, "slug", None)
        self.email = getattr(obj, "email", None)
        self.submission_token = getattr(obj, "submission_token", None)


def _load(frozen: "_Frozen"):
    return db.session.get(frozen.model, frozen.id)


# Written on purpose by requests that change nothing a person can see: the security log
# (refused requests are recorded, ASVS V16) and when an API token was last used (shown to
# its holder, written at most every few minutes).
BOOKKEEPING = {"security_event": None, "api_token": {"last_used_at"}}


def checksum() -> str:
    """A hash of every row of every table (less the bookkeeping above), in primary-key order."""
    digest = hashlib.sha256()
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in BOOKKEEPING and BOOKKEEPING[table.name] is None:
                continue
            columns = [c for c in table.columns if c.name not in (BOOKKEEPING.get(table.name) or ())]
            order = list(table.primary_key.columns) or columns
            for row in connection.execute(db.select(*columns).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
            digest.update(f"|{table.name}|".encode())
    return digest.hexdigest()


def sign_in_as(client, world: World, actor: str) -> None:
    if actor == "anonymous":
        return
    user = world.users[actor]
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    if actor in world.recovery:
        assert response.headers["Location"].endswith("/account/tweestaps")
        response = client.post("/account/tweestaps", data={"code": world.recovery[actor][0]})
        assert response.status_code == 302 and not response.headers["Location"].endswith("/account/tweestaps")


def observed(response) -> object:
    if response.status_code == 302 and "/account/inloggen" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


# Walked after the other POSTs, in this order: status changes (opening a draft gives it its
# public address, so later requests would miss it), then what changes who the client is
# (signing in with someone's link, signing out).
LAST = ("consultations.change_status", "surveys.change_survey_status", "accounts.sign_in_with_link",
        "accounts.sign_out")


def _walk_items(app):
    """(endpoint, variant, method, rule) for every rule and method: GETs first, then the
    other methods, and at the very end what changes who the client is (``LAST``)."""
    items = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for variant in VARIANTS.get(rule.endpoint, (None,)):
                items.append((rule.endpoint, variant, method, rule))
    return sorted(items, key=lambda item: (item[2] != "GET", item[0] in LAST and LAST.index(item[0]) + 1, item[0], item[1] or ""))


def _expected_for(endpoint: str, variant: str | None, method: str) -> dict[str, object] | None:
    key = f"{endpoint}@{variant}" if variant else endpoint
    if key in EXPECTED and method in EXPECTED[key]:
        return EXPECTED[key][method]
    if key in PUBLIC and method == "GET":
        return expect(200)
    return None


WORLD_SETTINGS = {"STAFF_TWO_FACTOR": True, "RATELIMIT_ENABLED": False}


@pytest.fixture
def world_app(tmp_path):
    app = make_app(tmp_path, **WORLD_SETTINGS)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture(scope="module")
def built_world(tmp_path_factory) -> tuple[World, Snapshot]:
    """The world, built once for all actors (its PDF checks and analysis take a while),
    and a snapshot of its database and files."""
    folder = tmp_path_factory.mktemp("world")
    app = make_app(folder / "built", **WORLD_SETTINGS)
    with app.app_context():
        world = build_world()
        db.session.remove()
    snapshot = Snapshot.take(app, folder / "snapshot")
    with app.app_context():
        db.engine.dispose()
    return world, snapshot


@pytest.fixture
def world_copy(built_world, tmp_path):
    """An app of its own with a fresh copy of the world (no actor sees another's changes), and the world."""
    world, snapshot = built_world
    app = snapshot.make_app(tmp_path, **WORLD_SETTINGS)
    with app.app_context():
        yield app, world
        db.session.remove()


_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid=["']([^"']+)["']""")


def _repeated_ids(html: str) -> list[str]:
    ids = _ID.findall(html)
    return sorted({i for i in ids if ids.count(i) > 1})


def test_every_route_is_in_the_access_table(world_app):
    missing = []
    for endpoint, variant, method, rule in _walk_items(world_app):
        if _expected_for(endpoint, variant, method) is None:
            key = f"{endpoint}@{variant}" if variant else endpoint
            missing.append(f"{method} {rule.rule} ({key})")
    assert not missing, (
        "Routes without an entry in tests/test_access_control.py (add them to PUBLIC or EXPECTED; "
        "the module's docstring says how):\n  " + "\n  ".join(missing))


@pytest.mark.parametrize("actor", ACTORS)
def test_every_route_answers_every_actor_as_the_table_says(world_copy, actor):
    world_app, world = world_copy
    client = world_app.test_client()
    sign_in_as(client, world, actor)
    differences, written, seen, repeated_ids = [], [], [], []
    unchanged = None  # the checksum after the last GET, while no other request has run since
    for endpoint, variant, method, rule in _walk_items(world_app):
        table = _expected_for(endpoint, variant, method)
        url = rule.build(world.values(endpoint, set(rule.arguments), variant), append_unknown=False)[1]
        headers = {}
        if rule.rule.startswith("/api/") and actor in world.api_secrets:
            headers["Authorization"] = f"Bearer {world.api_secrets[actor]}"
        before = (unchanged or checksum()) if method == "GET" else None
        unchanged = None
        response = client.open(url, method=method, headers=headers, data={} if method == "POST" else None)
        status = observed(response)
        if method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
            repeated = _repeated_ids(response.get_data(as_text=True))
            if repeated:
                repeated_ids.append(f"GET {url}: {', '.join(repeated)}")
        response.close()
        key = f"{endpoint}@{variant}" if variant else endpoint
        seen.append((key, method, status))
        assert response.status_code < 500, f"{actor}: {method} {url} answered {response.status_code}"
        if before is not None:
            after = checksum()
            if after != before:
                written.append(f"{method} {url}")
            unchanged = after
        if table is not None and table[actor] != status:
            differences.append(f"{method} {url} ({key}): expected {table[actor]}, got {status}")
    if os.environ.get("INSPRAAK_PRINT_ACCESS_TABLE"):
        print(f"\n# {actor}")
        for key, method, status in seen:
            print(f"{actor}\t{method}\t{key}\t{status}")
    assert not written, f"{actor}: GET requests changed the database:\n  " + "\n  ".join(written)
    # An id twice on a page: a label names the wrong field and another field has none.
    assert not repeated_ids, f"{actor}: ids used more than once on a page:\n  " + "\n  ".join(repeated_ids)
    assert not differences, f"{actor}: answers differ from the access table:\n  " + "\n  ".join(differences)
