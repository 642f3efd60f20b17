"""Who a source is and what it says: independence, relaying, adjacency, the governed statement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from spacy.tokens import Doc, Token

from worker.core.nlp.attribution import EXTENSION, Attribution

RELAYING = frozenset({"cite", "quote"})  # verbs by which one source passes on another


T = TypeVar("T")


# Kept in ``Doc.user_data`` (the Doc's life, never serialised): per-token owners, statements.
_OWNERS = "eventwire.cue_owners"


_STATEMENTS = "eventwire.statements"


def source_key(attribution: Attribution) -> str:
    """Who a source is, for independence: its organisation or person when named, else its type."""
    name = (attribution.name or "").lower()
    source = attribution.source
    proper = source is not None and any(t.pos_ == "PROPN" for t in source)
    if not proper and source is not None and attribution.type != "anonymous":
        # "A local lawmaker, John Api, put the number of dead at 40": a person named in
        # apposition is that person, not one more unnamed official of the type.
        named = [c for c in source.root.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named:
            return f"{attribution.type}:{' '.join(t.lower_ for t in named[0].subtree)}"
    return f"{attribution.type}:{name}" if proper or attribution.type == "witness" else attribution.type


def same_source(first: Attribution, second: Attribution) -> bool:
    """Whether two attributions are one source: the same key for independence, or the same name."""
    return source_key(first) == source_key(second) or bool(first.name and first.name == second.name)


def relayed(attribution: Attribution, others: list[Attribution]) -> bool:
    """Return True for a source another source cites ("X reported, citing their families"): the same chain.

    A citing participle after the report may hang on the reported clause rather than on the
    report verb ("HRW said troops executed 45 civilians, citing interviews with witnesses"): it
    still passes on what the citer says, so a report verb before it and above it in the tree is
    the chain's head.
    """
    cue = attribution.cue.root
    if cue.lemma_.lower() not in RELAYING:
        return False
    above = {t.i for t in cue.ancestors}
    return any(
        o is not attribution and (cue.head.i == o.cue.root.i or (o.cue.root.i in above and o.cue.start < cue.i))
        for o in others
    )


def adjacent(first: Attribution, second: Attribution) -> bool:
    """Tell whether two sources sit in consecutive sentences of one paragraph."""
    gap = second.cue.doc[first.cue.sent.start : second.cue.sent.start]
    return first.cue.sent.end == second.cue.sent.start and "\n" not in gap.text


def later_independent(
    firsts: list[tuple[Attribution, T]], laters: list[tuple[Attribution, T]]
) -> Iterator[tuple[tuple[Attribution, T], tuple[Attribution, T]]]:
    """Pairs of a source and a later one that is another source and neither passes the other on."""
    for first, found in firsts:
        for second, other in laters:
            if second.cue.start <= first.cue.start or same_source(first, second):
                continue
            if not (relayed(second, [first]) or relayed(first, [second])):
                yield (first, found), (second, other)


def statement(attribution: Attribution) -> tuple[Token, ...]:
    """The tokens of the clause a source governs, without its own words or another source's clause.

    Each rule asks for it (several times per pair of sources), so it is kept with the ``Doc``.
    """
    source = attribution.source
    assert source is not None
    doc = attribution.cue.doc
    key = (attribution.cue.start, attribution.cue.end, source.start, source.end, attribution.scope)
    statements: dict[tuple[object, ...], tuple[Token, ...]] = doc.user_data.setdefault(_STATEMENTS, {})
    found = statements.get(key)
    if found is None:
        owners = _cue_owners(doc)
        own = attribution.cue.root.i
        start, end = attribution.scope
        found = statements[key] = tuple(
            doc[i] for i in range(start, end) if not source.start <= i < source.end and owners[i] in (-1, own)
        )
    return found


def _cue_owners(doc: Doc) -> list[int]:
    """For each token, the attribution cue it hangs under (itself or its nearest ancestor), or -1."""
    owners: list[int] | None = doc.user_data.get(_OWNERS)
    if owners is None:
        cues = {a.cue.root.i for a in doc._.get(EXTENSION) or ()}
        heads = [t.head.i for t in doc]
        owners = [-2] * len(doc)
        for i in range(len(doc)):
            path = []
            node = i
            while owners[node] == -2 and node not in cues and heads[node] != node:
                path.append(node)
                node = heads[node]
            owner = owners[node] if owners[node] != -2 else (node if node in cues else -1)
            owners[node] = owner
            for n in path:
                owners[n] = owner
        doc.user_data[_OWNERS] = owners
    return owners
