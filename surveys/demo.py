"""Demo surveys: the NGT consultation's questionnaire and a stand-alone survey after a
cultivated-meat tasting, with a few hundred generated, varied Dutch responses (a seeded
random generator, so every fresh clone shows the same results), including open text in
which a later analysis can find themes and a small campaign (one NGO's template text).

Responses go through ``services.import_response``: the same validation as the web form."""
from __future__ import annotations

import random
from datetime import timedelta

from inspraak.accounts.models import User
from inspraak.consultations.models import Consultation, Topic
from inspraak.database import utcnow
from inspraak.extensions import db
from surveys import builder, services
from surveys.demo_texts import CAMPAIGN, NGT_THEMES, ORGANISATIONS, TASTING_THEMES, open_text
from surveys.models import Response, ResponseSource, Survey
from surveys.services import PROVINCES

NGT_SLUG = "vragenlijst-ngt-verordening"
TASTING_SLUG = "proeverij-kweekvlees-rotterdam"
SEED = 2026

# category -> (share, attitude towards the technique: -1 against ... +1 for)
CATEGORIES = {
    "citizen": (0.68, 0.0), "ngo": (0.09, -0.6), "company": (0.08, 0.6), "business_association": (0.04, 0.4),
    "knowledge_institution": (0.05, 0.3), "consumer_organisation": (0.02, -0.3), "trade_union": (0.01, -0.1),
    "public_authority": (0.02, 0.1), "other": (0.01, 0.0),
}
# Roughly by population, with the farming provinces a little more present in an NGT consultation.
PROVINCE_WEIGHTS = (3, 4, 4, 13, 4, 6, 14, 15, 7, 8, 3, 19)
PUBLICATIONS = (("with_name", 0.3), ("anonymous", 0.45), ("not_published", 0.25))


def _q(survey, page, kind, text, options=(), required=False, condition=None, **settings):
    return builder.add_question(survey.owner, page, builder.QuestionFields(
        kind=kind, text=text, is_required=required, option_labels=list(options), settings=settings, condition=condition))


def _ngt_survey(officer: User, consultation: Consultation) -> tuple[Survey, dict]:
    survey = builder.create_survey(officer, builder.SurveyFields(
        title="Vragenlijst: uitvoering van de NGT-verordening", consultation=consultation, allows_anonymous=True,
        shows_live_results=True, intro_markdown=(
            "Deze vragenlijst hoort bij de consultatie over planten uit **nieuwe genomische technieken**. "
            "Het invullen duurt ongeveer tien minuten. U kunt tussendoor stoppen en later verder gaan.")))
    q = {}
    first = survey.sections[0]
    first.title = "Etikettering"
    q["label"] = _q(survey, first, "single_choice", "Moet zaad van NGT-planten een etiket krijgen?",
                    ["Ja, verplicht", "Ja, vrijwillig", "Nee", "Weet ik niet"], required=True, has_other=True)
    q["see"] = _q(survey, first, "likert", "Consumenten moeten in de winkel kunnen zien of een product met NGT is gemaakt.",
                  required=True)
    q["why"] = _q(survey, first, "long_text", "Licht uw antwoord toe (niet verplicht)", max_length=3000)
    second = builder.add_section(officer, survey, "Naast elkaar bestaan met biologische teelt")
    q["measures"] = _q(survey, second, "multiple_choice", "Welke maatregelen zijn nodig om biologische teelt te beschermen? Kies er ten hoogste drie.",
                       ["Isolatieafstanden tussen percelen", "Openbaar register van NGT-percelen", "Aansprakelijkheidsregeling",
                        "Schadefonds", "Geen extra maatregelen nodig"], max_choices=3)
    q["risk"] = _q(survey, second, "scale", "Hoe groot schat u de kans op vermenging met biologische teelt?", required=True)
    q["statements"] = _q(survey, second, "matrix", "Wat vindt u van deze stellingen?",
                         ["NGT-gewassen helpen boeren bij droogte en ziekten",
                          "NGT maakt boeren afhankelijker van grote bedrijven",
                          "NGT-planten zijn even veilig als klassiek veredelde planten"])
    q["grower"] = _q(survey, second, "single_choice", "Bent u zelf actief als teler of veredelaar?", ["Ja", "Nee"], required=True)
    third = builder.add_section(officer, survey, "Voor telers en veredelaars",
                                condition={"question": q["grower"].id, "operator": "equals", "value": "ja"})
    q["priorities"] = _q(survey, third, "ranking", "Zet in volgorde wat voor u het belangrijkst is (1 = belangrijkst).",
                         ["Toegang tot eigenschappen waarop octrooi rust", "Lage licentiekosten", "Duidelijke regels",
                          "Snelle toelating"])
    q["hectares"] = _q(survey, third, "number", "Op hoeveel hectare teelt u (ongeveer)?", minimum=0, maximum=100000)
    q["paper"] = _q(survey, third, "file", "Position paper van uw organisatie (niet verplicht)")
    last = builder.add_section(officer, survey, "Tot slot")
    q["place"] = _q(survey, last, "short_text", "In welke gemeente woont of werkt u? (niet verplicht)")
    q["start"] = _q(survey, last, "date", "Vanaf welke datum zou een etiketteringsplicht moeten gelden? (niet verplicht)")
    q["message"] = _q(survey, last, "long_text", "Wilt u nog iets meegeven aan het kabinet? (niet verplicht)", max_length=5000)
    builder.open_survey(officer, survey)
    return survey, q


def _tasting_survey(officer: User, topic: Topic, now) -> tuple[Survey, dict]:
    survey = builder.create_survey(officer, builder.SurveyFields(
        title="Na de proeverij: wat vond u van kweekvlees?", topic=topic, allows_anonymous=True,
        opens_at=now - timedelta(days=40), closes_at=now + timedelta(days=1), intro_markdown=(
            "U proefde kweekvlees of kweekvis bij een proeverij onder de gedragscode van de sector. "
            "Wij horen graag hoe u dat vond.")))
    page = survey.sections[0]
    page.title = "Uw proeverij"
    q = {
        "product": _q(survey, page, "single_choice", "Wat heeft u geproefd?", ["Kweekgehaktbal", "Kweekkipnugget", "Kweektonijn"], required=True),
        "expected": _q(survey, page, "likert", "Het smaakte zoals ik had verwacht.", required=True),
        "buy": _q(survey, page, "scale", "Hoe waarschijnlijk is het dat u kweekvlees koopt als het te koop is?", required=True),
        "values": _q(survey, page, "multiple_choice", "Wat vindt u het belangrijkst bij kweekvlees? Kies er ten hoogste drie.",
                     ["Dierenwelzijn", "Klimaat", "Prijs", "Smaak", "Voedselveiligheid", "Natuurlijkheid"], max_choices=3, has_other=True),
        "price": _q(survey, page, "number", "Hoeveel euro zou u betalen voor 100 gram kweekvlees?", minimum=0, maximum=100),
        "remarks": _q(survey, page, "long_text", "Wat wilt u nog kwijt over de proeverij? (niet verplicht)", max_length=3000),
    }
    builder.open_survey(officer, survey)
    return survey, q


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _respondent(rng: random.Random) -> tuple[str, str | None, str, float]:
    category = rng.choices(list(CATEGORIES), weights=[v[0] for v in CATEGORIES.values()])[0]
    attitude = max(-1.0, min(1.0, rng.gauss(CATEGORIES[category][1], 0.45)))
    organisation = None if category == "citizen" else rng.choice(ORGANISATIONS[category])
    return category, organisation, _pick(rng, PUBLICATIONS), attitude


def _point(rng, attitude, low, high):
    middle = (low + high) / 2 + attitude * (high - low) / 2.5
    return int(round(max(low, min(high, rng.gauss(middle, (high - low) / 5)))))


def _ngt_answers(rng, q, attitude, category) -> dict:
    answers = {}
    if attitude < -0.2:
        answers[q["label"].id] = "ja-verplicht"
    elif attitude > 0.4:
        answers[q["label"].id] = rng.choice(["nee", "ja-vrijwillig", "nee"])
    else:
        answers[q["label"].id] = _pick(rng, [("ja-verplicht", 4), ("ja-vrijwillig", 3), ("weet-ik-niet", 2), ("other", 1)])
    if answers[q["label"].id] == "other":
        answers[q["label"].id] = {"other": rng.choice(["Alleen bij verkoop aan consumenten", "Eerst meer onderzoek", "Per gewas bekijken"])}
    answers[q["see"].id] = _point(rng, -attitude, 1, 5)
    if rng.random() < 0.55:
        answers[q["why"].id] = open_text(rng, NGT_THEMES, attitude)
    measures = q["measures"].options
    chosen = [o["value"] for o in measures[:4] if rng.random() < 0.35 - attitude * 0.25]
    answers[q["measures"].id] = chosen[:3] or [measures[4]["value"] if attitude > 0.3 else measures[0]["value"]]
    answers[q["risk"].id] = _point(rng, -attitude, 0, 10)
    rows = [o["value"] for o in q["statements"].options]
    answers[q["statements"].id] = {rows[0]: _point(rng, attitude, 1, 5), rows[1]: _point(rng, -attitude, 1, 5),
                                   rows[2]: _point(rng, attitude, 1, 5)}
    grower = category in ("company", "business_association") or rng.random() < 0.07
    answers[q["grower"].id] = "ja" if grower else "nee"
    if grower:
        keys = [o["value"] for o in q["priorities"].options]
        rng.shuffle(keys)
        answers[q["priorities"].id] = keys
        answers[q["hectares"].id] = rng.choice([2, 5, 12, 20, 35, 60, 80, 150, 400])
    if rng.random() < 0.3:
        answers[q["place"].id] = rng.choice(["Utrecht", "Wageningen", "Zwolle", "Groningen", "Emmeloord", "Dronten",
                                             "Eindhoven", "Leeuwarden", "Middelburg", "Venlo", "Den Haag", "Amsterdam"])
    if rng.random() < 0.15:
        answers[q["start"].id] = rng.choice(["2027-01-01", "2027-07-01", "2028-01-01"])
    if rng.random() < 0.3:
        answers[q["message"].id] = open_text(rng, NGT_THEMES, attitude)
    return answers


def _tasting_answers(rng, q, attitude) -> dict:
    values = [o["value"] for o in q["values"].options]
    liked = [v for v in values if rng.random() < 0.3]
    if rng.random() < 0.05:
        liked = liked[:2] + [{"other": rng.choice(["Eerlijke informatie", "Lokale productie", "Geen antibiotica"])}]
    answers = {
        q["product"].id: rng.choice([o["value"] for o in q["product"].options]),
        q["expected"].id: _point(rng, attitude + 0.2, 1, 5),
        q["buy"].id: _point(rng, attitude + 0.1, 0, 10),
        q["values"].id: liked[:3] or [rng.choice(values)],
        q["price"].id: round(max(0.5, rng.gauss(4.5 + 2 * attitude, 1.5)), 1),
    }
    if rng.random() < 0.5:
        answers[q["remarks"].id] = open_text(rng, TASTING_THEMES, attitude)
    return answers


def _store(survey, rng, answers, category, organisation, publication, token) -> Response:
    response, _created = services.import_response(
        survey, survey.owner, submission_token=token, now=utcnow(), raw=answers,
        profile=services.RespondentProfile(category=category, organisation=organisation, publication=publication,
                                           name=(organisation or rng.choice(["J. de Boer", "M. Bakker", "A. Yilmaz", "S. Visser"]))
                                           if publication == "with_name" else None))
    return response


def _spread(survey: Survey, rng: random.Random, start, end) -> None:
    """Demo responses arrived over the period and through the website, not in one second."""
    span = (end - start).total_seconds()
    places = random.Random(SEED + 7)  # its own generator: the other demo figures stay as they were
    for response in db.session.scalars(db.select(Response).where(Response.survey_id == survey.id)):
        response.submitted_at = start + timedelta(seconds=rng.random() * span)
        response.source = ResponseSource.WEB.value
        if response.province is None and places.random() < 0.8:
            response.province = places.choices(PROVINCES, weights=PROVINCE_WEIGHTS)[0]
        # The campaign's copies came from one address: the results page flags them as possible bulk.
        campaign = response.submission_token.startswith("demo-ngt-campagne")
        response.client_hash = "demo-campagne" if campaign else f"demo-{rng.getrandbits(64):016x}"
    db.session.commit()


def seed_surveys(officer: User) -> bool:
    """Add the demo surveys that are missing; return whether anything was added."""
    created = False
    rng = random.Random(SEED)
    now = utcnow()
    consultation = db.session.scalar(db.select(Consultation).join(Topic).where(Topic.slug == "ngt").order_by(Consultation.id))
    if consultation is not None and services.survey_by_slug(NGT_SLUG) is None and db.session.scalar(
            db.select(Survey.id).where(Survey.consultation_id == consultation.id)) is None:
        survey, q = _ngt_survey(officer, consultation)
        survey.slug = NGT_SLUG
        db.session.commit()
        for n in range(320):
            category, organisation, publication, attitude = _respondent(rng)
            _store(survey, rng, _ngt_answers(rng, q, attitude, category), category, organisation, publication, f"demo-ngt-{n:04d}")
        for n, text in enumerate(CAMPAIGN.copies(rng, 30)):
            answers = _ngt_answers(rng, q, -0.9, "citizen")
            answers[q["message"].id] = text
            _store(survey, rng, answers, "citizen", None, _pick(rng, PUBLICATIONS), f"demo-ngt-campagne-{n:02d}")
        _spread(survey, rng, consultation.opens_at, min(now, consultation.closes_at))
        created = True
    topic = db.session.scalar(db.select(Topic).where(Topic.slug == "kweekvlees"))
    if topic is not None and services.survey_by_slug(TASTING_SLUG) is None:
        survey, q = _tasting_survey(officer, topic, now)
        survey.slug = TASTING_SLUG
        db.session.commit()
        for n in range(180):
            category, organisation, publication, attitude = _respondent(rng)
            _store(survey, rng, _tasting_answers(rng, q, attitude), category, organisation, publication, f"demo-proef-{n:04d}")
        _spread(survey, rng, now - timedelta(days=40), now - timedelta(days=3))
        # The tasting round is over: the survey closed three days ago, so its results are public.
        survey.closes_at = now - timedelta(days=2)
        builder.close_survey(officer, survey)
        created = True
    return created
