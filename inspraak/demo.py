"""Demo content: the biotechnology dialogue of 2025-2026 as a newcomer should first see it.

Loaded once by ``inspraak seed-demo`` (``make run`` does this). Refused in production.
The texts summarise real Dutch and EU policy; names of people and organisations are
invented.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from inspraak.accounts import services as account_services
from inspraak.accounts.models import OrganisationCategory, Role, User
from inspraak.accounts.two_factor import STAFF_ROLES
from inspraak.consultations import services as consultation_services
from inspraak.consultations.models import Consultation
from inspraak.consultations.topics import ensure_topics
from inspraak.database import utcnow
from inspraak.errors import DomainError
from inspraak.extensions import db
from inspraak.pdf import simple_pdf

DEMO_PASSWORD = "inspraak-demo-2026"
# Demo staff sign in with two-factor like real staff; this key is public (demo only).
DEMO_TOTP_SECRET = "INSPRAAKDEMOTWEESTAPSVERIFICATIE"

DEMO_ACCOUNTS = (
    # email, name, role, organisation (name, category) or None
    ("beheer@inspraak.example", "Beheerder Demo", Role.ADMIN, None),
    ("beleid@inspraak.example", "Fatima El Amrani (LVVN)", Role.POLICY_OFFICER, None),
    ("moderator@inspraak.example", "Joost de Moderator", Role.MODERATOR, None),
    ("burger@inspraak.example", "Sanne Jansen", Role.PARTICIPANT, None),
    ("ngo@inspraak.example", "Pieter Visser", Role.ORGANISATION,
     ("Stichting Voedsel & Toekomst (demo)", OrganisationCategory.NGO)),
)

CONSULTATIONS = [
    {
        "slug_hint": "ngt",
        "topic": "ngt",
        "title": "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening",
        "summary": ("Hoe voert Nederland de Europese regels uit voor planten die met nieuwe genomische "
                    "technieken zoals CRISPR-Cas zijn veredeld? We vragen uw mening over etikettering, "
                    "keuzevrijheid en naast elkaar bestaan met de biologische landbouw."),
        "body": """## Waar gaat deze consultatie over?

De Europese Commissie stelde in juli 2023 een verordening voor over planten die zijn verkregen met
**nieuwe genomische technieken** (NGT's), zoals CRISPR-Cas. Planten met veranderingen die ook door
klassieke veredeling hadden kunnen ontstaan (categorie 1) worden behandeld als gewone planten.
Andere NGT-planten (categorie 2) blijven onder de regels voor genetisch gemodificeerde organismen vallen.

Het kabinet steunt in de *Kabinetsvisie biotechnologie* (2025) een verantwoorde toepassing van NGT's,
bijvoorbeeld voor gewassen die beter bestand zijn tegen droogte en ziekten, en wil tegelijk de
keuzevrijheid van boeren en consumenten waarborgen.

## Waarover vragen we uw mening?

1. Etikettering van zaad en teeltmateriaal van NGT-planten.
2. Maatregelen voor het naast elkaar bestaan van NGT-teelt en biologische teelt (co-existentie).
3. Toegang van veredelaars tot NGT-eigenschappen waarop octrooi rust.

Lees het voorstel in de documenten hieronder. Meer informatie over de Europese onderhandelingen
staat op [rijksoverheid.nl](https://www.rijksoverheid.nl).
""",
        "state": "open",
        "opens_days": -14,
        "closes_days": 42,
        "documents": [
            ("Consultatiedocument uitvoering NGT-verordening", "consultatiedocument-ngt.pdf",
             ["Uitvoering van de Europese verordening over NGT-planten.",
              "Vraag 1: etikettering van zaad en teeltmateriaal.",
              "Vraag 2: co-existentie met biologische teelt.",
              "Vraag 3: octrooien en toegang tot eigenschappen."]),
        ],
    },
    {
        "topic": "biotechnologie",
        "title": "Maatschappelijke dialoog over de Kabinetsvisie biotechnologie",
        "summary": ("Welke toepassingen van biotechnologie vindt u wenselijk, en onder welke voorwaarden? "
                    "Uw inbreng helpt bij het inrichten van de dialoog met burgers, bedrijven en organisaties."),
        "body": """## Achtergrond

In de *Kabinetsvisie biotechnologie* (2025) kondigt het kabinet een actieve maatschappelijke dialoog aan
over toepassingen zoals nieuwe genomische technieken in de landbouw, kweekvlees en kweekvis,
precisiefermentatie en gentherapie. Die dialoog krijgt vorm in werkplaatsen, rondetafelgesprekken,
webinars en consultaties.

## Wat vragen we?

- Welke vragen over biotechnologie vindt u het belangrijkst?
- Hoe wilt u betrokken worden: online, in een rondetafelgesprek of op een bijeenkomst bij u in de buurt?
- Wat heeft u nodig om goed mee te kunnen praten?
""",
        "state": "open",
        "opens_days": -3,
        "closes_days": 60,
        "documents": [],
    },
    {
        "topic": "gentherapie",
        "title": "Aanvaardbaar risico bij klinisch onderzoek met gentherapie",
        "summary": ("Gentherapie valt in Nederland onder de regels voor genetisch gemodificeerde organismen. "
                    "Wanneer is het milieurisico van klinisch onderzoek aanvaardbaar, en kunnen procedures "
                    "eenvoudiger zonder dat de veiligheid vermindert?"),
        "body": """## Achtergrond

Onderzoek met gentherapie vraagt in Nederland een vergunning volgens de regels voor genetisch
gemodificeerde organismen (GGO's). Onderzoekers en patiëntenorganisaties wijzen op lange
doorlooptijden; de COGEM en het RIVM adviseren over de risico's voor mens en milieu.

Het kabinet wil de procedures voor klinisch onderzoek met gentherapie vereenvoudigen waar dat
verantwoord kan, en vroeg daarom om reacties op een voorstel voor een kader voor **aanvaardbaar risico**.

## Stand van zaken

De reactietermijn is gesloten. De reacties worden verwerkt in het consultatieverslag.
""",
        "state": "closed",
        "opens_days": -70,
        "closes_days": -10,
        "documents": [
            ("Voorstel kader aanvaardbaar risico gentherapie", "kader-aanvaardbaar-risico.pdf",
             ["Voorstel voor een kader voor aanvaardbaar milieurisico",
              "bij klinisch onderzoek met gentherapie."]),
        ],
    },
    {
        "topic": "kweekvlees",
        "title": "Voorwaarden voor proeverijen van kweekvlees en kweekvis",
        "summary": ("Sinds 2023 mogen in Nederland onder voorwaarden proeverijen van kweekvlees en kweekvis "
                    "plaatsvinden, voordat deze producten in de EU zijn toegelaten. Wij vroegen reacties "
                    "op de voorwaarden voor veiligheid en transparantie."),
        "body": """## Achtergrond

Kweekvlees en kweekvis worden gemaakt uit dierlijke cellen die buiten het dier groeien. Voordat zulke
producten in de Europese Unie verkocht mogen worden, moet de Europese Autoriteit voor
voedselveiligheid (EFSA) ze beoordelen als nieuw voedingsmiddel (*novel food*).

Om onderzoek en ontwikkeling mogelijk te maken, zijn in 2023 afspraken gemaakt over proeverijen onder
gecontroleerde omstandigheden, vastgelegd in een gedragscode van de sector.

## Vragen in deze consultatie

1. Zijn de veiligheidseisen voor proeverijen voldoende?
2. Hoe informeren organisatoren deelnemers over mogelijke risico's?
3. Moeten de resultaten van proeverijen openbaar worden?
""",
        "state": "reported",
        "opens_days": -200,
        "closes_days": -140,
        "report": """## Wat is er met de reacties gedaan?

We ontvingen 312 reacties: 241 van burgers, 38 van bedrijven, 19 van maatschappelijke organisaties en
14 van kennisinstellingen.

- **Veiligheid**: de meeste respondenten vinden de eisen voldoende, mits een onafhankelijke partij
  het veiligheidsdossier beoordeelt. Dit is toegevoegd aan de gedragscode.
- **Informatie aan deelnemers**: deelnemers krijgen voortaan vooraf schriftelijke informatie en
  tekenen voor geïnformeerde toestemming.
- **Openbaarheid**: een samenvatting van elke proeverij wordt openbaar gemaakt.

Het volledige consultatieverslag staat bij de documenten.
""",
        "documents": [
            ("Consultatieverslag proeverijen kweekvlees en kweekvis", "consultatieverslag-proeverijen.pdf",
             ["Consultatieverslag", "312 reacties ontvangen", "Aanpassingen in de gedragscode voor proeverijen"]),
        ],
    },
    {
        "topic": "precisiefermentatie",
        "title": "Precisiefermentatie in de eiwittransitie",
        "summary": ("Met precisiefermentatie maken micro-organismen eiwitten zoals melkeiwitten zonder koe. "
                    "Welke regels en welke steun zijn nodig voor opschaling in Nederland?"),
        "body": """## Concept

Deze consultatie wordt voorbereid. Onderwerpen: toelating als nieuw voedingsmiddel, etikettering,
en de rol van precisiefermentatie in de eiwittransitie.
""",
        "state": "draft",
        "opens_days": 30,
        "closes_days": 90,
        "documents": [],
    },
]



# Each demo consultation says who is responsible and starts with a summary in plain Dutch
# (language level B1: short sentences, common words; see inspraak/readability.py).
DEMO_DEPARTMENTS = {
    "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening":
        ("Directie Plantaardige Productie, ministerie van LVVN", "ngt-consultatie@example.nl"),
    "Maatschappelijke dialoog over de Kabinetsvisie biotechnologie":
        ("Directie Innovatie en Kennis, ministerie van EZ", "biotechnologie@example.nl"),
    "Aanvaardbaar risico bij klinisch onderzoek met gentherapie":
        ("Directie Geneesmiddelen en Medische Technologie, ministerie van VWS", "gentherapie@example.nl"),
    "Voorwaarden voor proeverijen van kweekvlees en kweekvis":
        ("Directie Voedsel en Gezondheid, ministerie van VWS", "kweekvlees@example.nl"),
    "Precisiefermentatie in de eiwittransitie":
        ("Directie Agro en Voedsel, ministerie van LVVN", "eiwittransitie@example.nl"),
}
DEMO_PLAIN_SUMMARIES = {
    "Planten uit nieuwe genomische technieken: uitvoering van de Europese NGT-verordening":
        "Met nieuwe technieken kunnen kwekers het DNA van een plant heel precies veranderen. "
        "Europa maakt nieuwe regels voor zulke planten. Nederland moet die regels uitvoeren.\n\n"
        "Wij willen weten wat u daarvan vindt. Moet op het etiket staan dat een plant zo is gemaakt? "
        "En hoe houden biologische boeren hun teelt vrij van deze planten?",
    "Maatschappelijke dialoog over de Kabinetsvisie biotechnologie":
        "Biotechnologie gaat over het werken met levende cellen, planten en dieren. "
        "Het kabinet schrijft een plan voor de komende jaren.\n\n"
        "Wij willen weten wat u belangrijk vindt. Wat mag wel, en wat mag niet? "
        "Uw mening helpt ons bij het plan.",
    "Aanvaardbaar risico bij klinisch onderzoek met gentherapie":
        "Artsen zoeken nieuwe manieren om ziektes te genezen. Bij gentherapie maken zij een gen in de cellen "
        "van een zieke weer goed. Eerst testen ze dat bij een kleine groep zieken. Dat heet een proef.\n\n"
        "Zo'n proef kan ook schade doen. Hoeveel risico is nog goed? Daarover vragen wij uw mening.",
    "Voorwaarden voor proeverijen van kweekvlees en kweekvis":
        "Kweekvlees is vlees dat groeit uit cellen van een dier. Het groeit in een tank, niet in een dier. "
        "Het is nog niet te koop. Wel mogen mensen het soms proeven.\n\n"
        "Wij willen regels maken voor die proeverijen. Wat vindt u nodig om veilig te proeven?",
    "Precisiefermentatie in de eiwittransitie":
        "Gist of bacteriën kunnen in een tank een stof maken, zoals een eiwit uit melk. Daar is dan geen koe voor nodig. "
        "Zo kunnen we minder dierlijk voedsel eten.\n\n"
        "Wij vragen uw mening: wat zijn de kansen, en waar maakt u zich zorgen over?",
}


def seed() -> bool:
    """Load what is missing of the demo content; return False when all of it was there.

    Each account and consultation is added only if absent, so an interrupted run
    is completed by the next one and nothing is ever added twice.
    """
    if not current_app.config.get("DEMO_CONTENT_ALLOWED"):
        raise DomainError(_l("Demo-inhoud laden is in productie niet toegestaan."))
    ensure_topics()
    created = False
    users = {}
    for email, name, role, organisation in DEMO_ACCOUNTS:
        users[role] = db.session.scalar(db.select(User).where(User.email == email))
        if users[role] is None:
            details = account_services.OrganisationDetails(*organisation) if organisation else None
            users[role] = account_services.create_user(email=email, name=name, password=DEMO_PASSWORD, role=role,
                                                       organisation=details, verified=True)
            if role in STAFF_ROLES:
                users[role].totp_secret = DEMO_TOTP_SECRET
                users[role].totp_enabled_at = utcnow()
                db.session.commit()
            created = True
    officer = users[Role.POLICY_OFFICER]
    now = utcnow()
    existing_titles = set(db.session.scalars(db.select(Consultation.title)))
    for spec in CONSULTATIONS:
        if spec["title"] in existing_titles:
            continue
        created = True
        topic = consultation_services.topic_by_slug(spec["topic"])
        opens_at = (now + timedelta(days=spec["opens_days"])).replace(minute=0, second=0, microsecond=0)
        closes_at = (now + timedelta(days=spec["closes_days"])).replace(hour=17, minute=0, second=0, microsecond=0)
        fields = consultation_services.ConsultationFields(
            title=spec["title"], topic=topic, summary=spec["summary"], body_markdown=spec["body"],
            opens_at=opens_at if spec["state"] in ("draft", "open") else now - timedelta(hours=1),
            closes_at=closes_at if spec["state"] in ("draft", "open") else now + timedelta(days=1),
            plain_summary=DEMO_PLAIN_SUMMARIES.get(spec["title"]),
            department=DEMO_DEPARTMENTS.get(spec["title"], (None, None))[0],
            contact_email=DEMO_DEPARTMENTS.get(spec["title"], (None, None))[1])
        consultation = consultation_services.create_consultation(officer, fields)
        for title, filename, lines in spec["documents"]:
            consultation_services.add_document(officer, consultation, title, filename, simple_pdf(title, lines))
        if spec["state"] in ("open", "closed", "reported"):
            consultation_services.open_consultation(officer, consultation)
        if spec["state"] in ("closed", "reported"):
            consultation_services.close_consultation(officer, consultation)
            _backdate(consultation, opens_at, closes_at)
        if spec["state"] == "reported":
            consultation_services.publish_report(officer, consultation, spec["report"])
    from inspraak.roundtables.demo import seed_roundtables
    from surveys.demo import seed_surveys  # the surveys area's demo (the core may import it here only)

    created = seed_surveys(officer) or created
    from moderation.demo import seed_moderation  # the moderation area's demo (idem)

    created = seed_moderation() or created
    created = seed_roundtables(db.session.get(User, officer.id), DEMO_PASSWORD) or created
    from moderation.summaries.demo import seed_summaries  # moderation's demo (the core may import it here only)

    created = seed_summaries() or created
    return created


def _backdate(consultation: Consultation, opens_at, closes_at) -> None:
    """A demo consultation that closed in the past: set its dates as they would have been."""
    consultation.opens_at = opens_at
    consultation.opened_at = opens_at
    consultation.closes_at = closes_at
    consultation.closed_at = closes_at
    db.session.commit()


def accounts_table() -> str:
    """The demo accounts as ``make run`` prints them, each role in words."""
    from flask_babel import force_locale

    rows = ["", "Demo accounts (password for all: %s)" % DEMO_PASSWORD]
    with force_locale("en"):
        for email, _name, role, _organisation in DEMO_ACCOUNTS:
            rows.append(f"  {str(role.label):<30} {email}" + ("   (two-factor)" if role in STAFF_ROLES else ""))
    rows += ["", "Staff sign in with a second step: add the key %s to an authenticator app," % DEMO_TOTP_SECRET,
             "or print the current code with: .venv/bin/inspraak demo-code"]
    return "\n".join(rows)


def current_demo_code() -> str:
    """The code the demo staff accounts accept now (development and test only)."""
    import pyotp

    if not current_app.config.get("DEMO_CONTENT_ALLOWED"):
        raise DomainError(_l("Demo-inhoud laden is in productie niet toegestaan."))
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()
