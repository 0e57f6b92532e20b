"""A consultation with a questionnaire and varied responses, for the summary tests."""
from __future__ import annotations

import random

import pytest

from inspraak.accounts.models import Role

# Per theme its words; answers are random sentences of them (so no two are near copies and
# only CAMPAIGN forms a campaign), with the words anyone uses in between.
THEME_WORDS = {
    "etiket": "etiket etikettering keuzevrijheid consument supermarkt verpakking lezen kiezen weten bord".split(),
    "octrooi": "octrooi octrooien veredelaar zaadbedrijf licentie multinational eigendom afhankelijk macht rechten".split(),
    "droogte": "droogte hitte klimaat water oogst aardappel tarwe resistent ziekte bodem".split(),
}
COMMON = ("ik vind dat het de een we er moet zijn niet wel ook heel erg veel meer echt zeker vooral "
          "boeren burgers overheid Nederland Europa toekomst").split()
POSITIVE = "goed prima mooi verstandig steun nuttig uitstekend".split()
NEGATIVE = "slecht gevaarlijk onverstandig zorgen tegen bang schadelijk".split()


def answer_text(rng: random.Random, n: int) -> str:
    theme = rng.choice(list(THEME_WORDS))
    words = rng.sample(THEME_WORDS[theme], 5) + rng.sample(COMMON, 6) + [rng.choice(rng.choice([POSITIVE, NEGATIVE]))]
    rng.shuffle(words)
    return " ".join(words).capitalize() + f" ({n})."


CAMPAIGN = ("Ik sluit mij aan bij Stichting Eerlijk Zaad: NGT-gewassen moeten als ggo worden behandeld, met verplichte "
            "etikettering en een verbod op octrooien op planten.")


def _approve_waiting(consultation) -> None:
    """A moderator (here an admin) approves what waits, so answers may be quoted."""
    from inspraak.database import utcnow
    from inspraak.extensions import db
    from moderation import services
    from moderation.models import ItemStatus, ModerationItem
    from tests.builders.accounts import user

    waiting = list(db.session.scalars(db.select(ModerationItem).where(
        ModerationItem.consultation_id == consultation.id, ModerationItem.status == ItemStatus.PENDING.value)))
    if waiting:
        admin = user(Role.ADMIN)
        for item in waiting:
            services.approve(admin, item, utcnow())


@pytest.fixture
def consultation_with_responses(build):
    """An open consultation with a questionnaire: a choice, a Likert and an open question; fill(n) adds n responses."""
    officer = build.user(Role.POLICY_OFFICER, name="Beleid Eigenaar")
    consultation = build.consultation(officer, status="open")
    survey = build.survey(consultation=consultation, status="draft")
    page = survey.sections[0]
    choice = build.question(survey, "single_choice", "Moet zaad een etiket krijgen?", options=["Ja", "Nee"], page=page)
    likert = build.question(survey, "likert", "NGT is veilig.", page=page)
    open_q = build.question(survey, "long_text", "Licht uw antwoord toe", page=page)
    from surveys import builder

    builder.open_survey(officer, survey)
    rng = random.Random(7)
    categories = ["citizen"] * 6 + ["ngo", "company", "knowledge_institution"]

    def fill(n: int, *, start: int = 0, campaign: int = 0, publication: str = "anonymous"):
        responses = []
        for i in range(start, start + n):
            category = categories[i % len(categories)]
            responses.append(build.imported_response(survey, {
                choice.id: rng.choice(["ja", "nee"]), likert.id: rng.randint(1, 5), open_q.id: answer_text(rng, i)},
                category=category, organisation=None if category == "citizen" else f"Organisatie {i % 4}",
                publication=publication))
        for i in range(campaign):
            responses.append(build.imported_response(survey, {choice.id: "ja", likert.id: 1, open_q.id: CAMPAIGN},
                                                      publication=publication))
        _approve_waiting(consultation)
        return responses

    return consultation, survey, {"choice": choice, "likert": likert, "open": open_q}, fill
