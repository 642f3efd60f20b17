"""Statements of intent: the speech act a future complement makes (PLOVER's convention).

PLOVER does not code a future event, but it codes the statement that announces it: "the union
said it would hold more protests" is a THREATEN by the union, "said it would not recognise the
trustee" a REJECT, "said it was ready to send more soldiers" an AGREE. The rule is syntactic
and the word lists are data (``[commitment]`` in ``lexicons/nonevents.toml``):

1. the trigger's predicate has a future auxiliary ("would hold more protests") or hangs on a
   readiness adjective ("ready to send");
2. that clause is the complement of a reporting verb with a subject (the speaker);
3. the complement's subject is the speaker itself: a pronoun, an organisation noun, or a word
   of the speaker's own phrase; no hedge ("would likely") makes it a forecast.

The type comes from the complement's class: hostile types threaten, others promise (AGREE),
and a negated cooperative complement refuses (REJECT).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.lexicons import load_toml

_CLIMB = 3


@dataclass(frozen=True, slots=True)
class _Words:
    speech: frozenset[str]
    future: frozenset[str]
    ready: frozenset[str]
    hedges: frozenset[str]
    self_nouns: frozenset[str]
    hostile: frozenset[str]


@cache
def _words() -> _Words:
    data = load_toml("nonevents")["commitment"]

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    return _Words(
        speech=words("speech"),
        future=words("future"),
        ready=words("ready"),
        hedges=words("hedges"),
        self_nouns=words("self_nouns"),
        hostile=frozenset(str(t) for t in data["hostile"]),
    )


def commitment_type(token: Token, plover: str) -> str | None:
    """Return the PLOVER type of the statement of intent the trigger ``token`` sits in, or None.

    Args:
        token: the trigger word of a future or intended event ("protests" in "said they would
            hold more protests").
        plover: the trigger's own PLOVER type (the complement's class).

    Returns:
        "THREATEN", "AGREE" or "REJECT", or None when the mention is no commitment.

    """
    w = _words()
    verb = _predicate(token)
    if verb is None:
        return None
    clause = verb
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in w.ready:  # "was ready to send"
        clause = verb.head.head if verb.head.dep_ == "acomp" else verb.head
    elif not any(c.dep_ == "aux" and c.lower_ in w.future for c in verb.children):
        return None
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in w.speech:
        return None
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if speaker is None or subject is None or not _is_self(subject, speaker, w):
        return None
    if any(c.dep_ == "advmod" and c.lower_ in w.hedges for c in (*verb.children, *clause.children)):
        return None
    negated = any(c.dep_ == "neg" for c in (*verb.children, *clause.children))
    if plover in w.hostile:
        return None if negated else "THREATEN"
    return "REJECT" if negated else "AGREE"


def _predicate(token: Token) -> Token | None:
    """Return the verb whose clause states the trigger ("hold" for "would hold more protests")."""
    current = token
    for _ in range(_CLIMB):
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.dep_ not in {"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr"} or current.head.i == current.i:
            return None
        current = current.head
    return current if current.pos_ in {"VERB", "AUX"} else None


def _is_self(subject: Token, speaker: Token, w: _Words) -> bool:
    if subject.lower_ in w.self_nouns or subject.lemma_.lower() in w.self_nouns:
        return True
    own = {t.lower_ for t in speaker.subtree if t.pos_ in {"NOUN", "PROPN"}}
    return subject.lower_ in own
