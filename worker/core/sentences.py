"""Sentences and entities of a parsed ``Doc``, computed once per ``Doc``.

spaCy recomputes them on every access: ``token.sent`` and ``span.sent`` walk the tokens to the
sentence's boundaries, ``doc.ents`` and ``span.ents`` rebuild every entity of the document and
``doc.text`` joins every token's text again.
Extraction asks for them per mention and per candidate, so they are computed here once and
looked up. The answers are spaCy's own (``doc.sents``, ``doc.ents``), with the semantics of
``Span.sent`` (the sentence of the span's first token) and ``Span.ents`` (the entities that lie
completely within the span). A ``Doc`` must not be changed (sentences, entities) after its first
look-up here: extraction only reads the parsed ``Doc``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict

from spacy.tokens import Doc, Span, Token

_CACHED_DOCS = 8  # a handful: extraction works on one Doc at a time


class _DocIndex:
    __slots__ = ("doc", "ent_ends", "ent_starts", "ents", "sent_of_token", "sents", "text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.sents: tuple[Span, ...] = tuple(doc.sents)
        self.sent_of_token: list[int] = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            self.sent_of_token[sent.start : sent.end] = [n] * (sent.end - sent.start)
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.ent_ends = [e.end for e in self.ents]


# Keyed by id(); each entry holds its Doc, so the id cannot be reused while the entry lives.
_cache: OrderedDict[int, _DocIndex] = OrderedDict()


def _index(doc: Doc) -> _DocIndex:
    key = id(doc)
    entry = _cache.get(key)
    if entry is not None and entry.doc is doc:
        _cache.move_to_end(key)
        return entry
    entry = _DocIndex(doc)
    _cache[key] = entry
    if len(_cache) > _CACHED_DOCS:
        _cache.popitem(last=False)
    return entry


def sentences(doc: Doc) -> tuple[Span, ...]:
    """Return the sentences of ``doc`` (``doc.sents``), in order."""
    return _index(doc).sents


def sent_of(item: Token | Span) -> Span:
    """Return the sentence of a token or span (``.sent``: the sentence of its first token)."""
    index = _index(item.doc)
    first = item.i if isinstance(item, Token) else item.start
    return index.sents[index.sent_of_token[first]]


def doc_text(doc: Doc) -> str:
    """Return the text of ``doc`` (``doc.text``)."""
    return _index(doc).text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """Return the named entities of ``doc`` (``doc.ents``)."""
    return _index(doc).ents


def ents_in(span: Span) -> list[Span]:
    """Return the entities that lie completely within ``span`` (``span.ents``)."""
    index = _index(span.doc)
    found = []
    for n in range(bisect_left(index.ent_starts, span.start), len(index.ents)):
        if index.ent_ends[n] > span.end:
            break
        found.append(index.ents[n])
    return found
