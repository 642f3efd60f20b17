"""``eventwire_actors``: marks the parties an event can have.

Two sources, both data: named actors (``lexicons/actors.jsonl``, e.g. "Islamic State", "IS",
"Daesh") matched as phrases, and common nouns by kind (``lexicons/actor_nouns.toml``, e.g.
"soldiers", "civilians", "the jihadists", "the group"). Spans go to
``doc.spans["eventwire_actors"]``: ``label_`` is the kind (or ``"anaphor"``), ``kb_id_`` the
named actor's normalised name ("" for a common noun). A named actor directly before a common
noun takes it in ("IS fighters", "Taliban gunmen"); a common noun takes in the nationality and
noun modifiers before it ("Iraqi soldiers", "riot police").
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from worker.core.definitions import actor_defs, anaphor_lemmas, kind_defs

SPANS_KEY = "eventwire_actors"
ANAPHOR = "anaphor"
_WORD = "|word"
_MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}


class ActorFinder:
    """Finds named actors, common-noun parties and actor anaphors."""

    def __init__(self, nlp: Language, spans_key: str = SPANS_KEY) -> None:
        self.spans_key = spans_key
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._named: dict[str, tuple[str, str]] = {}  # match key -> (name, kind)
        for n, actor in enumerate(actor_defs()):
            key = f"named:{n}"
            self._named[key] = (actor.name, actor.kind)
            short = [a for a in (actor.name, *actor.aliases) if _case_sensitive(a)]
            other = [a for a in (actor.name, *actor.aliases) if not _case_sensitive(a)]
            if short:
                self.exact.add(key, [nlp.make_doc(a) for a in short])
            if other:
                self.folded.add(key, [nlp.make_doc(a) for a in other])
        self._noun_lemmas = frozenset(w for k in kind_defs() for w in k.lemmas)
        phrase_words = {w for k in kind_defs() for p in k.phrases for w in p.split()}
        self._modifiers = self._noun_lemmas | phrase_words
        # Common nouns by lemma and by form, in C; a single word must be a noun (checked on matches).
        self.noun_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.noun_forms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kinds: dict[str, str] = {}
        for n, kind in enumerate(kind_defs()):
            self._kinds[f"kind:{n}"] = kind.kind
            self._add_nouns(nlp, f"kind:{n}", kind.lemmas, kind.phrases)
        self._add_nouns(nlp, ANAPHOR, tuple(sorted(anaphor_lemmas())), ())

    def _add_nouns(self, nlp: Language, key: str, words: tuple[str, ...], phrases: tuple[str, ...]) -> None:
        for suffix, entries in ((_WORD, words), ("", phrases)):
            docs = [_pattern(nlp, entry) for entry in entries]
            if docs:
                self.noun_lemmas.add(key + suffix, docs)
                self.noun_forms.add(key + suffix, docs)

    def _noun_matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        found: set[tuple[str, int, int]] = set()
        for matcher in (self.noun_lemmas, self.noun_forms):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                if key.endswith(_WORD):
                    key = key[: -len(_WORD)]
                    if doc[start].pos_ not in {"NOUN", "PROPN"}:
                        continue
                found.add((key, start, end))
        return sorted(found, key=lambda m: (m[1] - m[2], m[1]))

    def __call__(self, doc: Doc) -> Doc:
        """Add the party spans to ``doc.spans``."""
        strings = doc.vocab.strings
        named = [
            (start, end, strings[key]) for matcher in (self.exact, self.folded) for key, start, end in matcher(doc)
        ]
        spans: list[Span] = []
        taken: set[int] = set()
        for start, end, key in sorted(named, key=lambda m: (m[0] - m[1], m[0])):
            if taken.intersection(range(start, end)):
                continue
            name, kind = self._named[key]
            # "IS fighters": the common noun right after a named actor is the same party.
            head = end
            while head < len(doc) and doc[head].lemma_.lower() in self._noun_lemmas:
                head += 1
            taken.update(range(start, head))
            spans.append(Span(doc, start, head, label=kind, kb_id=name))
        for label, start, end in self._noun_matches(doc):
            if taken.intersection(range(start, end)):
                continue
            if label == ANAPHOR:
                if not _is_definite(doc[start]):
                    continue
                kind = ANAPHOR
            else:
                kind = self._kinds[label]
            span = _with_modifiers(doc, start, end, taken, self._modifiers)
            taken.update(range(span.start, span.end))
            spans.append(Span(doc, span.start, span.end, label=kind))
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc


def _pattern(nlp: Language, text: str) -> Doc:
    """Return a pattern whose words are their own lemmas (lexicon entries are base forms)."""
    words = [t.text.lower() for t in nlp.make_doc(text)]
    return Doc(nlp.vocab, words=words, lemmas=words)


def _case_sensitive(alias: str) -> bool:
    """Short all-capitals aliases ("IS", "AA") are words in any other case."""
    letters = alias.replace(".", "").replace("-", "")
    return len(letters) <= 5 and letters.isupper()


def _is_definite(token: Any) -> bool:
    return any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children)


def _with_modifiers(doc: Doc, start: int, end: int, taken: set[int], noun_modifiers: frozenset[str]) -> Span:
    """Extend a common-noun match over the adjectives and nouns before it ("Iraqi soldiers")."""
    head = doc[end - 1]
    # A modifier noun ("jihadist" in "the jihadist group") names the party its head names.
    if head.dep_ == "compound" and head.head.i >= end and head.head.lemma_ in anaphor_lemmas():
        end = head.head.i + 1
        head = doc[end - 1]
    while start > 0:
        prev = doc[start - 1]
        if prev.i in taken or prev.dep_ not in _MODIFIER_DEPS or prev.head.i >= end or prev.head.i < start:
            break
        if prev.like_num or prev.pos_ not in {"ADJ", "NOUN", "PROPN"}:
            break
        # Noun modifiers are part of a party's name only when they name a party themselves
        # ("security forces", "army soldiers"), not a place or thing ("prison guards" aside).
        if prev.pos_ == "NOUN" and prev.lemma_.lower() not in noun_modifiers:
            break
        start -= 1
    return Span(doc, start, end)


@Language.factory(
    "eventwire_actors",
    requires=["token.lemma", "token.pos", "token.dep"],
    assigns=["doc.spans"],
    default_config={"spans_key": SPANS_KEY},
)
def make_actor_finder(nlp: Language, name: str, spans_key: str) -> ActorFinder:
    """Build the ``eventwire_actors`` component."""
    return ActorFinder(nlp, spans_key)
