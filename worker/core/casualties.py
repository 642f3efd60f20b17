"""Casualty counts of a trigger: how many were killed, injured, abducted, arrested, and who.

A killing word's victims are its object ("killed 11 soldiers"), its passive subject ("nearly
40 jihadists were killed"), its subject for "die", or its own number ("37 wounded"). The
count phrase is the victims' number with its qualifiers ("at least 23", "nearly 40",
"dozens"); ``worker.core.counts`` turns it into ACLED's bounds and best estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from worker.core.counts import parse_count
from worker.core.definitions import TriggerDef
from worker.core.parties import Parties, role_tokens
from worker.core.records import Count, Party

_QUANTITY = {
    "dozen",
    "dozens",
    "score",
    "scores",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "several",
    "many",
    "some",
    "few",
    "numerous",
    "tens",
}
_ONE = {"a", "an", "one"}
_SUBSET = {"including", "among", "besides"}
VICTIM_SUBJECT = frozenset({"die", "perish", "dead"})
# Words naming a toll, whose figure is the number it rose or was brought to; "dead" only as
# "the number of dead" (a toll head below).
_TOLL_WORDS = frozenset({"toll", "casualty", "fatality", "death", "dead"})
_TOLL_HEADS = frozenset({"number", "toll", "tally", "count"})


@dataclass(frozen=True, slots=True)
class Casualty:
    """One count of one trigger, with the victims it counts."""

    kind: str  # killed | injured | abducted | arrested
    count: Count
    victims: Party | None
    token: Token


def casualties(trigger: Token, definition: TriggerDef, parties: Parties, *, mass: bool) -> list[Casualty]:
    """Return the counts ``trigger`` reports, one per victim group.

    Args:
        trigger: the trigger's head word.
        definition: its lexicon entry (``counts`` names the kind of count).
        parties: party lookups for the article.
        mass: the event is a mass-casualty attack (ACLED's vague-count default is then 10).

    """
    kind = definition.counts
    if kind is None:
        return []
    found = []
    for victim in _victims(trigger):
        if any(a.lower_ in _SUBSET for a in list(victim.ancestors)[:2]):
            continue
        phrase = count_phrase(victim)
        count = parse_count(phrase, mass_casualty=mass) if phrase else None
        party = parties.party(victim)
        if count is None or (party is None and not _is_number(victim)):
            continue  # a thing, not people: "shelling of a camp"
        found.append(Casualty(kind, count, party, victim))
    return found


def _victims(trigger: Token) -> list[Token]:
    agents, patients = role_tokens(trigger)
    if trigger.lemma_.lower() in VICTIM_SUBJECT and not patients:
        patients = agents
    if trigger.lemma_.lower() in _TOLL_WORDS and not patients:
        number = _toll_number(trigger)
        if number is not None:
            patients = [number]
    # "the explosion had killed 14 people": an event word is not a victim.
    return [p for p in patients if p.pos_ in {"NOUN", "PROPN", "NUM", "PRON", "ADJ"}]


def is_toll_update(trigger: Token) -> bool:
    """Return the word reports a toll's figure: "the toll rose to 14", "bringing the toll to 12".

    An updated toll is told when it is known (often a day or more after the attack): its day
    is the report's, not the event's.
    """
    return trigger.lemma_.lower() in _TOLL_WORDS and _toll_number(trigger) is not None


def _toll_number(trigger: Token) -> Token | None:
    """Return the number a toll rose to: "the death toll rose to 23".

    An updated toll is also the object of a verb that moves it: "bringing the death toll to
    12", "raising the number of dead to 31", "taking the toll to nine": its figure is the
    verb's "to" phrase, not a word of the toll's own phrase.
    """
    noun = trigger
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in _TOLL_HEADS:
        noun = trigger.head.head  # "the number of dead"
    elif trigger.lemma_.lower() not in _TOLL_WORDS - {"dead"}:
        return None
    if noun.dep_ == "dobj":
        moved = _to_figure(noun.head)
        if moved is not None:
            return moved
    if noun is not trigger:
        return None
    head = trigger.head if trigger.dep_ in {"nsubj", "nsubjpass"} else trigger
    for token in head.subtree:
        if token.like_num and token.i > trigger.i and token.ent_type_ not in {"DATE", "TIME"}:
            return token
    return None


def _to_figure(verb: Token) -> Token | None:
    """Return the number of ``verb``'s "to" phrase: "bringing the toll to 12" -> 10."""
    for prep in verb.children:
        if prep.dep_ in {"prep", "dative"} and prep.lower_ == "to":
            for number in prep.children:
                if number.dep_ == "pobj" and number.like_num and number.ent_type_ not in {"DATE", "TIME"}:
                    return number
    return None


def count_phrase(victim: Token) -> str | None:
    """Return the words counting ``victim``: "at least 23", "dozens", "a"; a vague plural's noun."""
    number = victim if _is_number(victim) else None
    if number is None:
        number = next(
            (
                c
                for c in victim.children
                if c.dep_ in {"nummod", "quantmod"} or (c.dep_ in {"amod", "det"} and c.lower_ in _QUANTITY)
            ),
            None,
        )
    doc = victim.doc
    if number is not None:
        left = min(t.i for t in number.subtree if t.i <= number.i)
        if (
            left > 0
            and doc[left - 1].lower_ in _ONE | {"several", "a few"}
            and doc[left - 1].head.i in {number.i, victim.i}
        ):
            left -= 1
        return doc[left : number.i + 1].text
    if victim.pos_ == "PRON":
        return None
    if any(c.dep_ == "det" and c.lower_ in _ONE for c in victim.children) or victim.tag_ in {
        "NN",
        "NNP",
    }:
        return "one"
    if victim.tag_ in {"NNS", "NNPS"}:
        return victim.text  # deaths with no number: ACLED's vague default
    return None


def _is_number(token: Token) -> bool:
    return (token.like_num and token.ent_type_ not in {"DATE", "TIME"}) or token.lower_ in _QUANTITY
