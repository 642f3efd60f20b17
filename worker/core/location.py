"""Where an event happened: the event's own place among its sentence's toponyms.

A toponym inside the event's own clause beats one elsewhere in the sentence; a precise place
beats a vague one; a statement is placed only by a town on its own words; "the town" and "the
area" refer back to the place named before (:mod:`worker.core.toponyms` finds the mentions).
"""

from __future__ import annotations

from spacy.tokens import Token

from worker.core.clauses import clause_tokens
from worker.core.geo import Place
from worker.core.nlp.triggers import SPANS_KEY as TRIGGERS_KEY
from worker.core.records import Location
from worker.core.sentences import sent_of
from worker.core.toponyms import Toponym, bare_definite, is_agent, is_base, is_destination, is_locative

# Place nouns that, bare and definite ("outside the town", "in the area"), refer back to a place
# the story named before.
_REFERRING = frozenset({"town", "city", "village", "area", "district", "camp"})
_VISITING = {"visit", "tour", "enter", "reach"}
PRECISION_RANK = {"site": 3, "city": 2, "admin1": 1, "country": 0}


def choose(toponyms: list[Toponym], anchors: list[Token], country: str | None = None) -> Toponym | None:
    """Return the event's own place among a sentence's toponyms.

    Args:
        toponyms: the sentence's toponyms.
        anchors: the event's trigger words (their clause is the event's).
        country: the story's country; a place there beats a namesake abroad.

    Returns:
        The best toponym, or None.

    """
    toponyms = [
        t
        for t in toponyms
        if not is_destination(t.span.root) and not is_agent(t.span.root) and not is_base(t.span.root)
    ]
    if not toponyms or not anchors:
        return None
    clause = clause_tokens(anchors)
    # A country the sentence names is at home too: "In Russia, a drone struck a car in the town
    # of Shebekino" filed from Kyiv is placed in Shebekino, not in Russia as a whole.
    named = {t.place.country for t in toponyms if t.place.precision == "country"}

    def score(t: Toponym) -> tuple[int, int, int, int, int]:
        inside = t.span.root.i in clause
        distance = min(abs(t.span.start - a.i) for a in anchors)
        home = country is None or t.place.country in {country, *named} or t.place.precision == "country"
        return (
            int(inside),
            int(t.locative),
            int(home),
            PRECISION_RANK[t.place.precision],
            -distance,
        )

    best = max(toponyms, key=score)
    if best.span.root.i not in clause and not best.locative:
        return None
    # Within the clause a country named beside a town in another country is a second place
    # ("attacked a prison in Syria and a base in Iraq" is split before it gets here).
    return best


def places_statement(toponym: Toponym, anchors: list[Token]) -> bool:
    """Return True when the place is where a statement, meeting or deal itself happened.

    A verbal event is placed by a phrase on its own words ("met ... in Cairo", "agreed at talks
    in Kunming", "signed a deal in Doha"), not by one inside what it reports ("accused Rwanda
    of sending troops to Rubaya", "rejected a demand that fighters leave Khartoum") nor by one
    in the clause around it ("the ambassador in Manila said ..."), nor by the place of the
    violence it is about ("condemned the attack in Bannu"): the way up from the place reaches
    the event's words before any other verb or word of violence.
    """
    own = {a.i for a in anchors}
    own |= {a.head.i for a in anchors if a.pos_ != "VERB" and a.head.pos_ in {"VERB", "AUX"}}
    violence = {
        i
        for s in toponym.span.doc.spans.get(TRIGGERS_KEY, ())
        if s.label_.startswith("ASSAULT.")
        for i in range(s.start, s.end)
    }
    token = toponym.span.root
    while token.i not in own:
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ in {"VERB", "AUX"} and token.i not in own:
            return False
        if token.i in violence and token.i not in own:
            return False  # "condemned the attack in Bannu": the place of the violence it is about
    return True


def refers_back(anchors: list[Token]) -> bool:
    """Return True when the event's own words place it in "the town" or "the area" named before.

    "took control of the last army base outside the town", "began a joint sail in the area",
    "visited the town and condemned the attacks": the place is the one the story named
    earlier, never a country named elsewhere in the sentence ("the bridge that links it to
    Thailand"). The way up from the noun reaches the event's words before any other verb,
    except a verb the event's word is conjoined to (the same subject's visit).
    """
    if not anchors:
        return False
    own = {a.i for a in anchors}
    # A deal's or a plan's terms are its own words: "a ceasefire under which both groups agreed
    # to pull their fighters out of the city centre".
    nominal = all(a.pos_ == "NOUN" for a in anchors)
    own |= {a.head.i for a in anchors if a.dep_ == "conj" or (a.pos_ != "VERB" and a.head.pos_ in {"VERB", "AUX"})}
    for token in sent_of(anchors[0]):
        if not _place_noun(token) or not bare_definite(token, _REFERRING):
            continue
        if not (is_locative(token) or (token.dep_ == "dobj" and token.head.lemma_.lower() in _VISITING)):
            continue
        walker = token
        while walker.i not in own and walker.head.i != walker.i:
            walker = walker.head
            if walker.pos_ in {"VERB", "AUX"} and walker.i not in own and not nominal:
                break
        if walker.i in own:
            return True
    return False


def _place_noun(token: Token) -> bool:
    """Return True for the nouns of "the town", "the area", "the city centre"."""
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    if lemma in {"centre", "center"}:
        return any(c.dep_ == "compound" and c.lemma_.lower() in {"city", "town"} for c in token.children)
    return lemma in _REFERRING


def to_location(toponym: Toponym) -> Location:
    """Return the record form of a toponym."""
    return place_location(toponym.place, toponym.span.text)


def place_location(place: Place, text: str) -> Location:
    """Return the record form of a place found outside the event's sentences (the dateline)."""
    return {
        "text": text,
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
    }
