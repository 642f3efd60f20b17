"""Clause boundaries in the dependency parse, shared by the argument finders.

An event's own facts (place, date, parties) sit in the clause its trigger heads; reported
speech ("..., police said") and coordinated clauses with their own verb are other clauses.
"""

from __future__ import annotations

from spacy.tokens import Token

from worker.core.definitions import linking_words


def clause_head(token: Token) -> Token:
    """Return the verb a trigger word belongs to: itself, else its nearest verb ancestor."""
    head = token
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in {"VERB", "AUX"} else token


def clause_tokens(anchors: list[Token]) -> set[int]:
    """Return token indices of the clauses the triggers head, not crossing into other clauses.

    A relative clause on another noun describes that noun ("the RSF, which have encircled
    El Fasher since April"), so it is left out too.
    """
    tokens: set[int] = set()
    own = {a.i for a in anchors}
    for anchor in anchors:
        for root in {anchor, clause_head(anchor)}:
            # Down from the root, not stepping into another clause: the tokens whose path up
            # to the root enters no other clause.
            stack = [root]
            while stack:
                token = stack.pop()
                tokens.add(token.i)
                stack.extend(c for c in token.children if not _enters_clause(c, own))
    return tokens


def _enters_clause(token: Token, own: set[int]) -> bool:
    """Return True when ``token`` heads another clause than its head's."""
    if token.dep_ == "relcl" and token.head.i not in own:
        return True
    if token.dep_ in {"ccomp", "parataxis"} or (token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"}):
        return True
    return is_separate_clause(token)


def is_separate_clause(token: Token) -> bool:
    """Return an adverbial clause about another event: "hours after the prison attack began"."""
    marks = linking_words("separate_marks")
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in token.children)
