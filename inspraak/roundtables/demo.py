"""Demo events: a roundtable on NGTs in plant breeding (selection), a cultivated-meat
tasting (first come, with a waitlist) and a finished stakeholder meeting with minutes.

Called once from ``inspraak.demo.seed``; each event is added only when absent. People
and organisations are invented.
"""
from __future__ import annotations

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

from inspraak.accounts import services as account_services
from inspraak.accounts.models import OrganisationCategory as O
from inspraak.accounts.models import Role, User
from inspraak.consultations.models import Consultation
from inspraak.consultations.services import topic_by_slug
from inspraak.database import utcnow
from inspraak.extensions import db
from inspraak.roundtables import services, signup
from inspraak.roundtables.models import ParticipantCategory as C
from inspraak.roundtables.models import Registration, Roundtable, RoundtableKind, RoundtableMode

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NGT_TITLE = "Rondetafelgesprek: NGT's in de plantenveredeling"
TASTING_TITLE = "Proeverij kweekvlees en gesprek over toelating"
FINISHED_TITLE = "Stakeholderbijeenkomst gentherapie: procedures en aanvaardbaar risico"

# email, name, organisation (name, category, KvK) or None for a citizen
PEOPLE = (
    ("natuur@inspraak.example", "Lotte Bakker", ("Natuur & Milieu Collectief (demo)", O.NGO, "90000001")),
    ("biologisch@inspraak.example", "Erik Smit", ("Vereniging Biologische Telers (demo)", O.NGO, "90000002")),
    ("zaad@inspraak.example", "Anouk de Wit", ("Zaadhuis Holland BV (demo)", O.COMPANY, "90000003")),
    ("kweek@inspraak.example", "Daan Mulder", ("Celvlees Innovaties BV (demo)", O.COMPANY, "90000004")),
    ("branche@inspraak.example", "Ilse Vos", ("Branchevereniging Plantaardig (demo)", O.BUSINESS_ASSOCIATION, "90000005")),
    ("wur@inspraak.example", "prof. Hans Jacobs", ("Kennisinstituut Plantwetenschap (demo)", O.KNOWLEDGE_INSTITUTION, "90000006")),
    ("umc@inspraak.example", "dr. Mirjam Hendriks", ("Universitair Centrum Gentherapie (demo)", O.KNOWLEDGE_INSTITUTION, "90000007")),
    ("sara@inspraak.example", "Sara Yilmaz", None),
    ("tom@inspraak.example", "Tom de Boer", None),
    ("noor@inspraak.example", "Noor Peters", None),
    ("bram@inspraak.example", "Bram Willems", None),
)


def _person(email: str, name: str, organisation, password: str) -> User:
    existing = db.session.scalar(db.select(User).where(User.email == email))
    if existing is not None:
        return existing
    details = account_services.OrganisationDetails(organisation[0], organisation[1], kvk_number=organisation[2]) if organisation else None
    return account_services.create_user(email=email, name=name, password=password,
                                        role=Role.ORGANISATION if organisation else Role.PARTICIPANT,
                                        organisation=details, verified=True)


def _consultation(title_start: str) -> Consultation | None:
    return db.session.scalar(db.select(Consultation).where(Consultation.title.like(f"{title_start}%")))


def _fields(**values) -> services.RoundtableFields:
    given = values.pop("seats")
    seats = {category: given.get(category, 0) for category in C}
    return services.RoundtableFields(seats=seats, **values)


def seed_roundtables(officer: User, password: str) -> bool:
    existing = set(db.session.scalars(db.select(Roundtable.title)))
    if {NGT_TITLE, TASTING_TITLE, FINISHED_TITLE} <= existing:
        return False
    people = {email: _person(email, name, organisation, password) for email, name, organisation in PEOPLE}
    officer_id = officer.id
    ids = {email: user.id for email, user in people.items()}
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    if NGT_TITLE not in existing:
        _ngt_roundtable(officer_id, ids, now)
    if TASTING_TITLE not in existing:
        _tasting(officer_id, ids, now)
    if FINISHED_TITLE not in existing:
        _finished(officer_id, ids, now)
    return True


def _local(now, days: int, hour: int):
    """``days`` from now at ``hour`` o'clock Dutch time (the hours people were told), in UTC."""
    day = (now + timedelta(days=days)).astimezone(AMSTERDAM)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def _officer(officer_id: int) -> User:
    return db.session.get(User, officer_id)


def _sign_up(user_id: int, roundtable_id: int, **answers) -> int:
    roundtable = db.session.get(Roundtable, roundtable_id)
    defaults = {"consent": True}
    if roundtable.is_tasting:
        defaults.update(is_adult=True, informed_consent=True, diet="geen")
    defaults.update(answers)
    outcome = signup.sign_up_for_roundtable(db.session.get(User, user_id), roundtable, signup.SignupAnswers(**defaults))
    return outcome.registration.id


def _ngt_roundtable(officer_id: int, ids: dict, now) -> None:
    starts_at = _local(now, 21, 13)
    roundtable = services.create_roundtable(_officer(officer_id), _fields(
        kind=RoundtableKind.ROUNDTABLE, mode=RoundtableMode.SELECTION, title=NGT_TITLE,
        description_markdown=(
            "Een rondetafelgesprek over de uitvoering van de Europese NGT-verordening in de plantenveredeling.\n\n"
            "We zoeken een **evenwichtige tafel**: maatschappelijke organisaties, veredelaars en telers, "
            "kennisinstellingen en burgers. Meld u aan met een korte motivatie; de organisator kiest per categorie."),
        agenda_markdown=("1. Welkom en doel van het gesprek\n2. Etikettering van zaad en teeltmateriaal\n"
                         "3. Co-existentie met de biologische teelt\n4. Octrooien en toegang tot eigenschappen\n5. Afsluiting"),
        consultation=_consultation("Planten uit nieuwe genomische technieken"), topic=topic_by_slug("ngt"),
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), place="Ministerie van LVVN, Bezuidenhoutseweg 73, Den Haag",
        online_url=None, signup_opens_at=now - timedelta(days=3), signup_closes_at=starts_at - timedelta(days=7),
        max_per_organisation=1,
        seats={C.NGO: 3, C.COMPANY: 2, C.BUSINESS_ASSOCIATION: 1, C.KNOWLEDGE_INSTITUTION: 2, C.CITIZEN: 2}))
    services.publish_roundtable(_officer(officer_id), roundtable)
    roundtable_id = roundtable.id
    motivations = {
        "natuur@inspraak.example": "Wij volgen de NGT-onderhandelingen en willen inbrengen hoe keuzevrijheid en etikettering samengaan.",
        "biologisch@inspraak.example": "Onze telers maken zich zorgen over co-existentie en zaadzuiverheid.",
        "zaad@inspraak.example": "Als veredelaar werken wij aan droogteresistente rassen en willen we meedenken over octrooien.",
        "branche@inspraak.example": "Wij vertegenwoordigen 40 plantaardige bedrijven.",
        "wur@inspraak.example": "Onderzoek naar CRISPR-Cas in aardappel en tomaat; graag deel ik de stand van de wetenschap.",
        "sara@inspraak.example": "Als consument wil ik weten wat ik eet.",
        "tom@inspraak.example": "Ik ben akkerbouwer en benieuwd wat dit voor mijn bedrijf betekent.",
        "noor@inspraak.example": "Ik studeer biologie en wil graag meepraten.",
    }
    registrations = {email: _sign_up(ids[email], roundtable_id, motivation=text) for email, text in motivations.items()}
    for email in ("natuur@inspraak.example", "zaad@inspraak.example", "sara@inspraak.example"):
        signup.select_participant(_officer(officer_id), db.session.get(Registration, registrations[email]))


def _tasting(officer_id: int, ids: dict, now) -> None:
    starts_at = _local(now, 10, 15)
    roundtable = services.create_roundtable(_officer(officer_id), _fields(
        kind=RoundtableKind.TASTING, mode=RoundtableMode.FIRST_COME, title=TASTING_TITLE,
        description_markdown=(
            "Proef kweekvlees onder de voorwaarden van de gedragscode voor proeverijen, en praat daarna met "
            "onderzoekers en beleidsmakers over toelating in de EU.\n\n"
            "Alleen voor volwassenen. U krijgt vooraf schriftelijke informatie en geeft geïnformeerde toestemming."),
        agenda_markdown="1. Uitleg over productie en veiligheid\n2. Proeverij\n3. Gesprek: wat is er nodig voor toelating?",
        consultation=None, topic=topic_by_slug("kweekvlees"), starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
        place="Proeflokaal, Stationsplein 12, Utrecht", online_url=None, signup_opens_at=now - timedelta(days=5),
        signup_closes_at=starts_at - timedelta(days=2), max_per_organisation=1,
        seats={C.CITIZEN: 3, C.NGO: 2, C.COMPANY: 1, C.KNOWLEDGE_INSTITUTION: 1}))
    services.publish_roundtable(_officer(officer_id), roundtable)
    for email in ("sara@inspraak.example", "tom@inspraak.example", "noor@inspraak.example", "bram@inspraak.example",
                  "natuur@inspraak.example", "kweek@inspraak.example"):
        _sign_up(ids[email], roundtable.id, diet="vegetarisch" if email == "noor@inspraak.example" else "geen")


def _finished(officer_id: int, ids: dict, now) -> None:
    starts_at = _local(now, 2, 10)
    roundtable = services.create_roundtable(_officer(officer_id), _fields(
        kind=RoundtableKind.STAKEHOLDER_MEETING, mode=RoundtableMode.FIRST_COME, title=FINISHED_TITLE,
        description_markdown="Een bijeenkomst met onderzoekers, patiëntenorganisaties en vergunningverleners.",
        agenda_markdown="1. Doorlooptijden van vergunningen\n2. Het voorstel voor aanvaardbaar risico\n3. Vervolg",
        consultation=_consultation("Aanvaardbaar risico bij klinisch onderzoek"), topic=topic_by_slug("gentherapie"),
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), place=None,
        online_url="https://vergaderen.example/gentherapie", signup_opens_at=now - timedelta(days=1),
        signup_closes_at=starts_at - timedelta(days=1), max_per_organisation=2,
        seats={C.KNOWLEDGE_INSTITUTION: 4, C.NGO: 4, C.COMPANY: 2, C.CITIZEN: 4}))
    services.publish_roundtable(_officer(officer_id), roundtable)
    for email in ("umc@inspraak.example", "wur@inspraak.example", "biologisch@inspraak.example", "bram@inspraak.example"):
        _sign_up(ids[email], roundtable.id)
    # It took place six weeks ago: dates as they were, attendance recorded, answers erased.
    roundtable = db.session.get(Roundtable, roundtable.id)
    held = _local(now, -42, 10)
    roundtable.signup_opens_at, roundtable.signup_closes_at = held - timedelta(days=30), held - timedelta(days=1)
    roundtable.starts_at, roundtable.ends_at = held, held + timedelta(hours=3)
    for registration in db.session.scalars(db.select(Registration).where(Registration.roundtable_id == roundtable.id)):
        registration.attended_at = held + timedelta(minutes=5)
    db.session.commit()
    services.publish_summary(_officer(officer_id), roundtable, now=now, key_points=(
        "- Onderzoekers en patiëntenorganisaties vragen kortere doorlooptijden.\n"
        "- Vergunningverleners steunen een kader voor aanvaardbaar risico, mits openbaar en toetsbaar.\n"
        "- Afgesproken: een werkgroep werkt het kader uit."), minutes=(
        "## Verslag\n\nVeertien deelnemers bespraken de procedures voor klinisch onderzoek met gentherapie. "
        "De deelnemers herkenden de lange doorlooptijden. Er was steun voor een kader voor **aanvaardbaar risico**, "
        "met de kanttekening dat het openbaar moet zijn en regelmatig moet worden herzien.\n\n"
        "## Vervolg\n\nHet ministerie verwerkt de inbreng in het consultatieverslag."))
    services.purge_event_data(now=now)
