"""``eventwire_triggers``: marks the words that report events.

Patterns come from ``lexicons/triggers.toml`` and are compiled once per component into two
``PhraseMatcher``s (on lemmas, for base forms, and on lower-cased forms) and a
``DependencyMatcher`` (words that must govern another word, e.g. "set ... free"). Each match becomes a span in
``doc.spans["eventwire_triggers"]`` labelled with its trigger id.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.tokens import Doc, Span

from worker.core.definitions import TriggerDef, trigger_defs

SPANS_KEY = "eventwire_triggers"
_REL_OPS = {">", ">>", "<", "<<"}
_WORD = "|word"


class TriggerFinder:
    """Finds event triggers with compiled matchers."""

    def __init__(self, nlp: Language, spans_key: str = SPANS_KEY) -> None:
        self.spans_key = spans_key
        self.defs = trigger_defs()
        self._rank = {tid: i for i, tid in enumerate(self.defs)}
        # Phrase matchers run in C: "IN" lists in a token Matcher are ten times slower.
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_form = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        # The DependencyMatcher tests every pattern on every token, in Python: it only runs on
        # the sentences that hold both words of one of its patterns (a few of an article's).
        self._pairs = [(frozenset(dep.lemmas), frozenset(dep.to)) for t in self.defs.values() for dep in t.deps]
        for trigger in self.defs.values():
            self._add(nlp, trigger)

    def _add(self, nlp: Language, trigger: TriggerDef) -> None:
        # Single words carry a part-of-speech condition, checked on the (few) matches.
        for key, entries in ((f"{trigger.id}{_WORD}", trigger.lemmas), (trigger.id, trigger.phrases)):
            docs = [_pattern(nlp, entry) for entry in entries]
            if docs:
                self.by_lemma.add(key, docs)
                self.by_form.add(key, docs)
        dep_patterns = []
        for dep in trigger.deps:
            if dep.rel not in _REL_OPS:
                raise ValueError(f"triggers.toml: {trigger.id}: unsupported relation {dep.rel}")
            anchor: dict[str, Any] = {"LEMMA": {"IN": list(dep.lemmas)}}
            if dep.pos:
                anchor["POS"] = {"IN": list(dep.pos)}
            other: dict[str, Any] = {}
            if dep.to:
                other["LEMMA"] = {"IN": list(dep.to)}
            if dep.to_pos:
                other["POS"] = {"IN": list(dep.to_pos)}
            if dep.dep:
                other["DEP"] = {"IN": list(dep.dep)}
            dep_patterns.append(
                [
                    {"RIGHT_ID": "trigger", "RIGHT_ATTRS": anchor},
                    {"LEFT_ID": "trigger", "REL_OP": dep.rel, "RIGHT_ID": "other", "RIGHT_ATTRS": other},
                ]
            )
        if dep_patterns:
            self.dep_matcher.add(trigger.id, dep_patterns)

    def __call__(self, doc: Doc) -> Doc:
        """Add the trigger spans to ``doc.spans``."""
        found: set[tuple[int, int, str]] = set()
        strings = doc.vocab.strings
        for matcher in (self.by_lemma, self.by_form):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                if key.endswith(_WORD):
                    key = key[: -len(_WORD)]
                    if doc[start].pos_ not in self.defs[key].pos:
                        continue
                found.add((start, end, key))
        for sent in doc.sents:
            if self._may_match(sent):
                for match_id, token_ids in self.dep_matcher(sent):
                    found.add((sent.start + token_ids[0], sent.start + token_ids[0] + 1, strings[match_id]))
        doc.spans[self.spans_key] = self._select(doc, list(found))
        return doc

    def _may_match(self, sent: Span) -> bool:
        lemmas = {t.lemma_ for t in sent}
        return any(anchors & lemmas and (not others or others & lemmas) for anchors, others in self._pairs)

    def _select(self, doc: Doc, found: list[tuple[int, int, str]]) -> list[Span]:
        # Longer matches first ("suicide bombing" over "bombing"), then file order.
        found.sort(key=lambda m: (m[0] - m[1], self._rank[m[2]], m[0]))
        taken: set[int] = set()
        spans = []
        for start, end, tid in found:
            if taken.intersection(range(start, end)) or not _is_predicate(doc, start, end):
                continue
            taken.update(range(start, end))
            spans.append(Span(doc, start, end, label=tid))
        return sorted(spans, key=lambda s: s.start)


def _pattern(nlp: Language, text: str) -> Doc:
    """A pattern whose words are their own lemmas: lexicon entries are written in base form."""
    words = [t.text.lower() for t in nlp.make_doc(text)]
    return Doc(nlp.vocab, words=words, lemmas=words)


def _is_predicate(doc: Doc, start: int, end: int) -> bool:
    """Return False for trigger words used as modifiers: "war-torn", "detention facility"."""
    if end - start > 1:
        return True
    token = doc[start]
    if token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "HYPH":
        return False
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "compound":
        return False
    # "the injured officers", "alleged attack": a participle or adjective before its noun.
    return not (token.pos_ in {"VERB", "ADJ"} and token.dep_ == "amod")


@Language.factory(
    "eventwire_triggers",
    requires=["token.lemma", "token.pos", "token.dep"],
    assigns=["doc.spans"],
    default_config={"spans_key": SPANS_KEY},
)
def make_trigger_finder(nlp: Language, name: str, spans_key: str) -> TriggerFinder:
    """Build the ``eventwire_triggers`` component."""
    return TriggerFinder(nlp, spans_key)
