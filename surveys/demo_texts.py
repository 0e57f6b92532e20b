"""Building blocks for the demo's open-text answers: themed Dutch sentences for and
against, invented organisations, and one NGO's campaign template. Invented, but written
the way people write (some short, some long, a typo now and then)."""
from __future__ import annotations

import random

ORGANISATIONS = {
    "ngo": ["Stichting Voedsel & Toekomst (demo)", "Vereniging Gentechvrij Boeren (demo)", "Natuurlijk Akkerland (demo)",
            "Stichting Eerlijk Zaad (demo)", "Milieukring Oost (demo)"],
    "company": ["Zaadhuis Westland BV (demo)", "AgriGen Breeding BV (demo)", "Kweek & Co (demo)", "Polder Proteïne BV (demo)"],
    "business_association": ["Branchevereniging Plantenveredeling (demo)", "Akkerbouw Ondernemers Nederland (demo)"],
    "knowledge_institution": ["Hogeschool Agri & Food (demo)", "Instituut voor Plantwetenschap (demo)", "Rathenau-achtig Instituut (demo)"],
    "consumer_organisation": ["Consumentenplatform Eten (demo)"],
    "trade_union": ["Bond van Agrarische Werknemers (demo)"],
    "public_authority": ["Provincie Flevoland (demo)", "Gemeente Wageningen (demo)"],
    "other": ["Coöperatie Boer & Buurt (demo)"],
}

# theme -> (sentences of people against or worried, sentences of people in favour)
NGT_THEMES = {
    "keuzevrijheid": (
        ["Ik wil zelf kunnen kiezen wat ik eet, dus zonder etiket geen keuzevrijheid.",
         "Zonder etikettering weet de consument niet meer wat er op zijn bord ligt.",
         "Boeren moeten kunnen kiezen voor zaad zonder NGT, daarvoor is een etiket op het zaad nodig."],
        ["Een etiket suggereert een risico dat er niet is.",
         "Keuzevrijheid is belangrijk, maar een vrijwillig logo is genoeg."]),
    "biologische teelt": (
        ["De biologische sector mag geen schade lijden door vermenging met NGT-gewassen.",
         "Wie betaalt de schade als een biologische teler NGT-stuifmeel op zijn perceel krijgt?",
         "Biologische boeren moeten beschermd worden, anders verdwijnt de biologische landbouw."],
        ["Co-existentie werkt al decennia met gangbare en biologische teelt naast elkaar.",
         "Met goede afspraken over afstanden is vermenging heel goed te voorkomen."]),
    "octrooien": (
        ["Octrooien op planten maken kleine veredelaars afhankelijk van een paar grote bedrijven.",
         "Ik ben bang dat een paar multinationals straks het zaad in handen hebben.",
         "Octrooien op eigenschappen die ook in de natuur voorkomen, moeten verboden worden."],
        ["Zonder bescherming van uitvindingen investeert niemand in nieuwe rassen.",
         "Een goede licentieregeling maakt NGT ook toegankelijk voor kleine veredelaars."]),
    "klimaat en droogte": (
        ["Droogtebestendigheid kan ook met klassieke veredeling en een beter bodembeheer."],
        ["Met NGT kunnen we sneller gewassen ontwikkelen die tegen droogte en hitte kunnen.",
         "Door klimaatverandering hebben boeren nu rassen nodig die minder water en minder bestrijdingsmiddelen nodig hebben.",
         "Aardappels die resistent zijn tegen phytophthora besparen heel veel spuiten."]),
    "veiligheid": (
        ["De gevolgen op lange termijn zijn nog niet onderzocht, pas het voorzorgsbeginsel toe.",
         "Ik vertrouw het niet, er moet eerst meer onafhankelijk onderzoek komen."],
        ["Een puntmutatie via CRISPR is niet anders dan een mutatie die in de natuur ontstaat.",
         "Wetenschappers zijn het erover eens dat categorie 1 NGT-planten net zo veilig zijn als gewone planten."]),
    "vertrouwen": (
        ["Ik heb het gevoel dat het besluit in Brussel al genomen is en dat onze mening niet uitmaakt.",
         "De overheid luistert vooral naar de lobby van de zaadbedrijven."],
        ["Goed dat de overheid burgers hierover om hun mening vraagt.",
         "Nederland moet niet achterblijven bij de rest van Europa."]),
}

TASTING_THEMES = {
    "smaak": (["Het smaakte wat flauw, echt vlees heeft meer bite.", "De structuur was sponzig, niet als een echte gehaktbal."],
              ["Ik proefde eerlijk gezegd geen verschil met gewoon gehakt.", "Verrassend lekker, vooral de nugget."]),
    "prijs": (["Als het straks veel duurder is dan gewoon vlees koop ik het niet.", "Wie gaat dit betalen? Het is nu nog onbetaalbaar."],
              ["Ik wil er best wat meer voor betalen als er geen dier voor hoeft te sterven."]),
    "dierenwelzijn": ([], ["Geen dier dat lijdt, dat vind ik het belangrijkste.", "Eindelijk vlees zonder de bio-industrie."]),
    "natuurlijkheid": (["Het voelt onnatuurlijk, vlees uit een bioreactor.", "Ik eet liever minder vlees dan vlees uit een fabriek."], []),
    "informatie": (["Ik had vooraf meer uitleg willen hebben over hoe het gemaakt wordt."],
                   ["De uitleg vooraf over de veiligheid was duidelijk en eerlijk.", "Goed georganiseerd, fijne uitleg van de onderzoekers."]),
}

def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 20 or rng.random() > 0.12:
        return text
    i = rng.randrange(5, len(text) - 5)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def open_text(rng: random.Random, themes: dict, attitude: float) -> str:
    """One to three sentences on one or two themes, for or against depending on ``attitude``."""
    chosen = rng.sample(list(themes), k=min(len(themes), rng.choice([1, 1, 2])))
    sentences = []
    for theme in chosen:
        against, favour = themes[theme]
        pool = against if (attitude + rng.gauss(0, 0.3)) < 0 else favour
        pool = pool or against or favour
        sentences += rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2])))
    text = _in_own_words(" ".join(sentences), chosen, attitude)
    if rng.random() < 0.1:
        text = text.lower()
    if rng.random() < 0.15:
        text = text.rstrip(".") + "!!"
    return _typo(rng, text)


# People say why in their own words: who they are, a reason of their own, a closing line.
# Drawn from a generator seeded with the answer itself, so the main generator's sequence
# (and so every other demo figure) is unchanged and every fresh clone gets the same text.
OPENERS = [
    "Als akkerbouwer in de Noordoostpolder", "Als moeder van twee jonge kinderen", "Als student plantenwetenschappen",
    "Als imker in de Betuwe", "Als eigenaar van een kleine biologische boerderij", "Als gepensioneerd bioloog",
    "Als kok in een restaurant in Utrecht", "Als veehouder met maïspercelen", "Als iemand die elke week op de markt koopt",
    "Als docent biologie op een middelbare school", "Als teler van zaaduien in Zeeland", "Als vrijwilliger bij een voedselbank",
    "Namens ons gezin", "Na lang nadenken", "Na het lezen van het consultatiedocument", "Eerlijk gezegd",
]
OPENER_VERBS = ["vind ik dit een lastig onderwerp.", "maak ik mij hier zorgen over.", "volg ik deze discussie al jaren.",
                "wil ik graag iets meegeven.", "heb ik hier een duidelijke mening over.", "zie ik voor- en nadelen."]
REASONS = {
    "keuzevrijheid": ["{who} wil weten wat er in {food} zit", "een etiket op {food} is voor {who} de enige houvast",
                      "{who} koopt {food} liever met een duidelijk etiket", "zonder etiket kiest {who} blind voor {food}"],
    "biologische teelt": ["de buren van {who} telen biologisch en zijn bang voor stuifmeel op hun {field}",
                          "een {field} ligt nooit op een eiland, dat weet {who} ook",
                          "{who} teelt {crop} biologisch en vreest vermenging vanaf het {field} ernaast"],
    "octrooien": ["{who} kan geen dure licenties betalen voor een ras van {company}",
                  "{company} mag geen eigenaar worden van een eigenschap van {crop}",
                  "{who} wil zelf verder kunnen veredelen met {crop} zonder octrooi van {company}"],
    "klimaat en droogte": ["de oogst van {crop} leed de afgelopen zomers flink onder de droogte bij {who}",
                           "{who} zag de {crop} op het {field} verdorren in juli"],
    "veiligheid": ["{who} wil eerst onafhankelijk onderzoek zien naar {crop}",
                   "onderzoekers van {company} hebben {crop} jarenlang getest, zegt {who}"],
    "vertrouwen": ["{who} heeft weinig vertrouwen in hoe Den Haag met {crop} omgaat",
                   "het helpt dat {who} nu eindelijk mag meepraten over {crop}"],
}
WHO = ["mijn buurman", "mijn dochter", "onze coöperatie", "de loonwerker", "mijn schoonvader", "de kaasboer verderop",
       "mijn collega", "onze huisarts", "een vriendin van mij", "de school van mijn zoon"]
FOOD = ["het brood", "de groente", "de aardappels", "het babyvoedsel", "de sla", "de tomaten"]
FIELD = ["perceel", "akker", "proefveld", "tuin", "weiland"]
COMPANY = ["een groot zaadbedrijf", "een multinational", "een Amerikaans concern", "een Nederlandse veredelaar"]
CROPS = ["aardappels", "tarwe", "suikerbieten", "uien", "mais", "tomaten", "spinazie"]
CLOSERS = ["Dank voor de mogelijkheid om te reageren.", "Ik hoop dat u hier echt iets mee doet.",
           "Graag hoor ik wat er met mijn reactie gebeurt.", "Succes met de afweging.", "Met vriendelijke groet.",
           "Dit moest mij even van het hart.", "Ik kijk uit naar het verslag."]


def _reason(local: random.Random, theme: str) -> str:
    reason = local.choice(REASONS[theme]).format(who=local.choice(WHO), food=local.choice(FOOD), field=local.choice(FIELD),
                                                 company=local.choice(COMPANY), crop=local.choice(CROPS))
    return local.choice(["Want ", "Bijvoorbeeld: ", "Kijk, ", "Ik noem een voorbeeld: ", "", "Wat ik merk: "]) + reason + "."


def _in_own_words(text: str, themes: list[str], attitude: float) -> str:
    local = random.Random(f"{text}|{attitude:.6f}")
    parts = []
    if local.random() < 0.6:
        parts.append(f"{local.choice(OPENERS)} {local.choice(OPENER_VERBS)}")
    known = [theme for theme in themes if theme in REASONS]
    if not known or local.random() < 0.45:
        parts.append(text)  # a sentence many people write in almost the same words
    for theme in known:
        parts.append(_reason(local, theme))
        if local.random() < 0.4:
            parts.append(_reason(local, theme))
    if local.random() < 0.35:
        parts.append(local.choice(CLOSERS))
    return " ".join(parts)


class _Campaign:
    """Stichting Eerlijk Zaad asked its supporters to send this text (with small changes)."""

    TEMPLATE = ("{greeting}Ik sluit mij aan bij de oproep van Stichting Eerlijk Zaad: NGT-gewassen moeten gewoon als "
                "genetisch gemodificeerd worden behandeld. Dat betekent verplichte etikettering{tail} en een verbod op "
                "octrooien op planten. Boeren en consumenten hebben recht op keuzevrijheid{end}")
    GREETINGS = ["", "Geachte minister, ", "Beste beleidsmakers, ", "Geachte heer/mevrouw, "]
    TAILS = ["", " van zaad tot supermarkt", " in de hele keten"]
    ENDS = [".", "!", ". Met vriendelijke groet.", ".", ". Dank voor het lezen."]

    def copies(self, rng: random.Random, n: int) -> list[str]:
        return [self.TEMPLATE.format(greeting=rng.choice(self.GREETINGS), tail=rng.choice(self.TAILS), end=rng.choice(self.ENDS))
                for _ in range(n)]


CAMPAIGN = _Campaign()
