"""Deeds that define a kind of actor or a habit, not one event that happened.

"thugs who attack police", "one of several militias fighting for independence", "regularly
raid villages": the words name what the actor is or usually does. Their cue words are in
``lexicons/nonevents.toml`` (``[habitual]``); :func:`worker.core.nonevents.nonevent_reason`
decides with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token


def is_habitual(chain: list[Token], adverbs: frozenset[str], adjectives: frozenset[str]) -> bool:
    """Return True when the predicate ``chain`` says the deed is a habit ("often", "regular").

    "regularly raid villages, stealing cattle and kidnapping residents": the adverb may sit
    up the clause chain, on the verb the trigger's clause is coordinated with.
    """
    current = chain[-1]
    for _ in range(3):
        if current.dep_ not in {"conj", "advcl", "xcomp"} or current.head.i == current.i:
            break
        current = current.head
        chain.append(current)
    for word in chain:
        for child in word.children:
            if child.dep_ == "advmod" and child.lower_ in adverbs:
                return True
            if child.dep_ == "amod" and child.lower_ in adjectives:
                return True
    return False


def defines_kind(token: Token, quantifiers: Iterable[str]) -> bool:
    """Return True when the trigger's clause says what kind of actor a plural noun is.

    A present-tense relative on a bare plural ("thugs who attack police"), or a present
    participle on a plural counted as one of a kind ("one of several militias fighting for
    an independent state", "many groups fighting in the region").
    """
    noun = token.head
    if token.dep_ == "relcl":
        return (
            token.tag_ in {"VBP", "VBZ"}
            and noun.tag_ == "NNS"
            and not any(c.dep_ in {"det", "nummod", "poss"} for c in noun.children)
        )
    if token.dep_ != "acl" or token.tag_ != "VBG" or noun.tag_ != "NNS":
        return False
    counted = any(c.dep_ == "amod" and c.lower_ in quantifiers for c in noun.children)
    return counted or (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in {"one", "among"})
