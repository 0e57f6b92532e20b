"""The glossary of technical terms (``/begrippen``) and the jargon list of the readability check.

Each entry has an anchor (``/begrippen#ngt``), the term, a plain explanation at language
level B1 and, where one exists, a plain word to write instead. ``forms`` are the spellings
the readability check looks for (lower case, whole words; a form may be several words).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Entry:
    anchor: str
    term: str
    explanation: object  # a lazy string
    plain: str | None  # a plain Dutch word to write instead, if there is one (never translated: it is for Dutch text)
    forms: tuple[str, ...]


ENTRIES: tuple[Entry, ...] = (
    Entry("ngt", "NGT (nieuwe genomische technieken)",
          _l("Nieuwe manieren om het DNA van planten heel precies te veranderen, bijvoorbeeld met CRISPR-Cas."),
          "nieuwe technieken om planten te veredelen",
          ("ngt", "ngt's", "ngts", "nieuwe genomische technieken", "genomische technieken")),
    Entry("cisgenese", "cisgenese",
          _l("Een plant krijgt een gen van een andere plant van dezelfde soort, of van een soort waarmee zij kan kruisen."),
          "een gen toevoegen uit dezelfde plantensoort", ("cisgenese", "cisgene", "cisgeen")),
    Entry("intragenese", "intragenese",
          _l("Zoals cisgenese, maar de stukjes DNA uit dezelfde soort worden in een nieuwe volgorde gezet."),
          None, ("intragenese",)),
    Entry("crispr", "CRISPR-Cas",
          _l("Een techniek die als een schaar op een precieze plek in het DNA knipt. Zo kan een gen worden uitgezet of veranderd."),
          "genetische schaar", ("crispr", "crispr-cas", "crispr-cas9")),
    Entry("mutagenese", "mutagenese",
          _l("Het DNA van een plant veranderen met straling of chemische stoffen. Dit gebeurt al tientallen jaren."),
          None, ("mutagenese", "gerichte mutagenese")),
    Entry("ggo", "ggo (genetisch gemodificeerd organisme)",
          _l("Een plant, dier of micro-organisme waarvan het DNA is veranderd op een manier die in de natuur niet voorkomt."),
          "genetisch veranderde plant of dier", ("ggo", "ggo's", "genetisch gemodificeerd", "genetisch gemodificeerde")),
    Entry("precisiefermentatie", "precisiefermentatie",
          _l("Gist of bacteriën maken in een tank één bepaalde stof, zoals een melkeiwit, zonder koe."),
          "eiwitten laten maken door gist of bacteriën", ("precisiefermentatie",)),
    Entry("kweekvlees", "kweekvlees",
          _l("Vlees dat gekweekt is uit cellen van een dier, in een tank in plaats van in een dier."),
          "vlees uit dierlijke cellen", ("kweekvlees", "gekweekt vlees", "cultured meat")),
    Entry("gentherapie", "gentherapie",
          _l("Een behandeling die een ziekte aanpakt door genen in de cellen van een patiënt te veranderen of toe te voegen."),
          None, ("gentherapie", "gentherapieën")),
    Entry("genoom", "genoom",
          _l("Al het DNA van een plant, dier of mens samen."),
          "al het DNA", ("genoom", "genomen")),
    Entry("etikettering", "etikettering",
          _l("Wat er op het etiket van een product moet staan, zodat kopers weten wat ze kopen."),
          "wat op het etiket staat", ("etikettering", "etiketteringsplicht")),
    Entry("voorzorgsbeginsel", "voorzorgsbeginsel",
          _l("De regel dat de overheid mag ingrijpen als iets misschien schadelijk is, ook als dat nog niet zeker is."),
          "voorzichtig zijn bij twijfel", ("voorzorgsbeginsel",)),
    Entry("consultatie", "consultatie",
          _l("De overheid vraagt iedereen om een mening over een plan, voordat het plan vastligt."),
          "raadpleging", ()),
    Entry("rondetafelgesprek", "rondetafelgesprek",
          _l("Een gesprek van een kleine groep mensen met verschillende meningen, samen met beleidsmedewerkers."),
          "gesprek in een kleine groep", ()),
    # Policy words that have a plain alternative but need no explanation of their own.
    Entry("implementatie", "implementatie", _l("Het uitvoeren of invoeren van een besluit of regel."),
          "invoering, uitvoering", ("implementatie", "implementeren")),
    Entry("stakeholder", "stakeholder", _l("Een persoon of organisatie die belang heeft bij een besluit."),
          "betrokkene", ("stakeholder", "stakeholders", "belanghebbenden")),
    Entry("wet-en-regelgeving", "wet- en regelgeving", _l("Alle wetten en regels samen."),
          "regels", ("wet- en regelgeving", "regelgeving")),
    Entry("derhalve", "derhalve", _l("Een ouderwets woord voor ‘daarom’."), "daarom", ("derhalve",)),
    Entry("teneinde", "teneinde", _l("Een ouderwets woord voor ‘om’."), "om", ("teneinde",)),
)


def entries() -> tuple[Entry, ...]:
    return tuple(sorted(ENTRIES, key=lambda entry: entry.term.lower()))


def jargon() -> dict[str, Entry]:
    """Every spelling the readability check looks for, mapped to its entry."""
    return {form: entry for entry in ENTRIES for form in entry.forms}
