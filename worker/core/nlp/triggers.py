"""``eventwire_triggers``: marks the words that report events.

Patterns come from ``lexicons/triggers.toml`` and are compiled once per component into a
token ``Matcher`` (lemmas and phrases) and a ``DependencyMatcher`` (words that must govern
another word, e.g. "set ... free"). Each match becomes a span in
``doc.spans["eventwire_triggers"]`` labelled with its trigger id.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span

from worker.core.definitions import TriggerDef, trigger_defs

SPANS_KEY = "eventwire_triggers"
_REL_OPS = {">", ">>", "<", "<<"}


class TriggerFinder:
    """Finds event triggers with compiled matchers."""

    def __init__(self, nlp: Language, spans_key: str = SPANS_KEY) -> None:
        self.spans_key = spans_key
        self.defs = trigger_defs()
        self._rank = {tid: i for i, tid in enumerate(self.defs)}
        self.matcher = Matcher(nlp.vocab)
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        self._phrasal: set[str] = set()
        for trigger in self.defs.values():
            self._add(nlp, trigger)

    def _add(self, nlp: Language, trigger: TriggerDef) -> None:
        patterns: list[list[dict[str, Any]]] = []
        if trigger.lemmas:
            words = list(trigger.lemmas)
            pos = {"IN": list(trigger.pos)}
            patterns.append([{"LEMMA": {"IN": words}, "POS": pos}])
            patterns.append([{"LOWER": {"IN": words}, "POS": pos}])
        for phrase in trigger.phrases:
            words = [t.lower_ for t in nlp.make_doc(phrase)]
            patterns.append([{"LEMMA": w} for w in words])
            patterns.append([{"LOWER": w} for w in words])
        if patterns:
            self.matcher.add(trigger.id, patterns)
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
                    {
                        "LEFT_ID": "trigger",
                        "REL_OP": dep.rel,
                        "RIGHT_ID": "other",
                        "RIGHT_ATTRS": other,
                    },
                ]
            )
        if dep_patterns:
            self.dep_matcher.add(trigger.id, dep_patterns)

    def __call__(self, doc: Doc) -> Doc:
        """Add the trigger spans to ``doc.spans``."""
        found: list[tuple[int, int, str]] = []
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            found.append((start, end, strings[match_id]))
        for match_id, token_ids in self.dep_matcher(doc):
            found.append((token_ids[0], token_ids[0] + 1, strings[match_id]))
        doc.spans[self.spans_key] = self._select(doc, found)
        return doc

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
