"""Event words that sum up several events rather than report one.

"two attacks", "both attacks", "one of the attacks", "fought two wars": counted or gathered
event nouns join the events told elsewhere and add no counts of their own. So does a bare
plural lead ("Attacks on security posts killed 11 ...") when the story goes on to pick one
of them out ("In the deadliest attack, ..."). The cue words are in ``lexicons/nonevents.toml``
(``[summary]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.lexicons import load_toml
from worker.core.nlp.triggers import SPANS_KEY as TRIGGERS_KEY

_GATHERING = {"one", "some", "series", "string", "wave", "spate", "many", "several"}


@dataclass(frozen=True, slots=True)
class _Cues:
    determiners: frozenset[str]
    munitions: frozenset[str]
    pickers: frozenset[str]


@cache
def _cues() -> _Cues:
    data = load_toml("nonevents")["summary"]
    return _Cues(
        determiners=frozenset(w.lower() for w in data["determiners"]),
        munitions=frozenset(w.lower() for w in data["munitions"]),
        pickers=frozenset(w.lower() for w in data["pickers"]),
    )


def is_summary(token: Token) -> bool:
    """Return True for a noun summing up several events: "two attacks", "one of the attacks".

    Counted munitions ("several shells hit the post") are the rounds of one attack.
    """
    c = _cues()
    if token.pos_ != "NOUN" or token.lemma_.lower() in c.munitions:
        return False
    for child in token.children:
        if child.dep_ in {"det", "amod", "nummod", "predet"} and child.lower_ in c.determiners:
            return True
        if child.dep_ == "nummod" and child.like_num and child.lower_ not in {"one", "1", "a"}:
            return True
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _GATHERING:
        return True
    return _picked_out_later(token, c)


def _picked_out_later(token: Token, c: _Cues) -> bool:
    """Return True for a bare plural subject that a later "the deadliest attack" picks one of.

    "Attacks by militants on security posts across the province killed 11 ... In the
    deadliest attack, gunmen stormed ...": the lead sums up the attacks the story tells one
    by one. A superlative or ordinal with "the" on the same noun, later, is the sign.
    """
    if token.tag_ != "NNS" or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    if any(ch.dep_ in {"det", "nummod", "poss"} for ch in token.children):
        return False
    lemma = token.lemma_.lower()
    for later in token.doc[token.sent.end :]:
        if later.lemma_.lower() != lemma or later.tag_ != "NN":
            continue
        if any(d.dep_ == "det" and d.lower_ == "the" for d in later.children) and any(
            m.dep_ == "amod" and (m.tag_ == "JJS" or m.lower_ in c.pickers) for m in later.children
        ):
            return True
    return False


def counts_events(noun: Token) -> bool:
    """Return True for an event word counted or summed up: "two wars", "several offensives"."""
    in_trigger = any(span.start <= noun.i < span.end for span in noun.doc.spans.get(TRIGGERS_KEY, ()))
    return in_trigger and noun.tag_ == "NNS" and is_summary(noun)
