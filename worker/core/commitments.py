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

The type comes from the complement's class: a hostile complement under a condition ("if",
"unless") threatens; a cooperative one promises (AGREE) or, negated, refuses (REJECT). The
statement is anchored on its reporting verb: its date is the statement's, not the plan's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.lexicons import load_toml

_CLIMB = 3
INTENT = ".intent"  # the id suffix of a trigger re-typed as a statement of intent


@dataclass(frozen=True, slots=True)
class _Words:
    speech: frozenset[str]
    future: frozenset[str]
    ready: frozenset[str]
    hedges: frozenset[str]
    self_nouns: frozenset[str]
    hostile: frozenset[str]
    conditions: frozenset[str]


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
        conditions=frozenset(str(w).lower() for w in load_toml("nonevents")["conditional"]["lemmas"]),
    )


def commitment(token: Token, plover: str) -> tuple[str, Token] | None:
    """Return the statement of intent the trigger ``token`` sits in: its PLOVER type and verb.

    Args:
        token: the trigger word of a future or intended event ("protests" in "said they would
            hold more protests").
        plover: the trigger's own PLOVER type (the complement's class).

    Returns:
        "THREATEN", "AGREE" or "REJECT" with the reporting verb (the statement is the event:
        its date and place are the statement's), or None when the mention is no commitment.

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
        # A threat is conditional ("... if the increase is not reversed"); an unconditional
        # plan ("said they would hold a march on Saturday") is a future event, not coded.
        conditional = any(c.dep_ == "mark" and c.lower_ in w.conditions for t in verb.subtree for c in t.children)
        return ("THREATEN", clause.head) if conditional and not negated else None
    return ("REJECT" if negated else "AGREE"), clause.head


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
