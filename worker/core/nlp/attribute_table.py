"""The ``eventwire_attribute_table`` component: the model's attribute ruler, as table look-ups.

The English models' ``attribute_ruler`` maps fine-grained tags (and a few words) to the
coarse part of speech, morphology and lemma exceptions with about 180 Matcher patterns, and
applies every match one at a time: about a tenth of the small pipeline's time, for what is a
table. This component takes the same patterns and applies them with the same result, faster:

- a token's attributes depend only on its tag, lower-case form, dependency label and
  whitespace flag (every pattern of one token tests only these), so the patterns that match
  one combination are merged once, in the ruler's order (a later pattern wins), and cached;
- the few patterns of two tokens ("gon na", "ai n't") are matched at the tokens their first
  word selects, and merged with the one-token patterns in the same order.

Patterns that test anything else, or with operators, cannot be compiled:
:func:`compile_attribute_ruler` then leaves the model's ruler in place. The test suite checks
that every token of a corpus gets identical attributes from both.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs  # the ruler's own setter

log = logging.getLogger(__name__)

NAME = "eventwire_attribute_table"
# What a one-token pattern may test, in the order of a token's key.
_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_MAX_CACHED = 200_000  # combinations kept before the cache starts again (bounded memory)

Key = tuple[str, str, str, bool]
Test = Callable[[Key], bool]


class UncompilablePattern(ValueError):
    """A ruler pattern tests something this table does not model."""


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int  # the ruler's pattern number: matches apply in this order, later ones winning
    tests: tuple[Test, ...]  # one per token of the pattern
    index: int  # the token of the match that receives the attributes
    attrs: Mapping[Any, Any]  # normalised as the ruler stores them


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the one-token patterns make of one key, and the longer patterns it may start."""

    attrs: dict[Any, Any]  # the matching one-token patterns' attributes, merged in order
    matched: tuple[_Rule, ...]
    starts: tuple[_Rule, ...]


class AttributeTable:
    """Applies an attribute ruler's patterns by look-up."""

    def __init__(self, nlp: Language, name: str = NAME) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._single: tuple[_Rule, ...] = ()
        self._multi: tuple[_Rule, ...] = ()
        self._cache: dict[Key, _Entry] = {}

    def load(self, ruler: AttributeRuler) -> None:
        """Compile ``ruler``'s patterns, in its order.

        Raises:
            UncompilablePattern: a pattern tests another attribute or uses an operator.

        """
        rules: list[_Rule] = []
        for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
            for pattern in ruler.matcher.get(str(order))[1]:
                tests = tuple(_compile(spec) for spec in pattern)
                position = index if index >= 0 else len(tests) + index
                if not 0 <= position < len(tests):
                    raise UncompilablePattern(f"pattern {order}: index {index} outside the pattern")
                rules.append(_Rule(order, tests, position, attrs))
        self._single = tuple(r for r in rules if len(r.tests) == 1)
        self._multi = tuple(r for r in rules if len(r.tests) > 1)
        self._cache.clear()

    def __call__(self, doc: Doc) -> Doc:
        """Set each token's attributes as the ruler would."""
        keys = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        entries = [self._entry(key) for key in keys]
        extra = self._multi_matches(keys, entries)
        for i, token in enumerate(doc):
            entry = entries[i]
            if i in extra:  # the rare token a pattern of two tokens reaches: merge in order
                set_token_attrs(token, _merge(sorted([*((r.order, r.attrs) for r in entry.matched), *extra[i]])))
            elif entry.attrs:
                set_token_attrs(token, entry.attrs)
        return doc

    def _entry(self, key: Key) -> _Entry:
        entry = self._cache.get(key)
        if entry is None:
            if len(self._cache) >= _MAX_CACHED:
                self._cache.clear()
            matched = tuple(r for r in self._single if r.tests[0](key))
            starts = tuple(r for r in self._multi if r.tests[0](key))
            entry = self._cache[key] = _Entry(_merge((r.order, r.attrs) for r in matched), matched, starts)
        return entry

    def _multi_matches(
        self, keys: Sequence[Key], entries: Sequence[_Entry]
    ) -> dict[int, list[tuple[int, Mapping[Any, Any]]]]:
        extra: dict[int, list[tuple[int, Mapping[Any, Any]]]] = {}
        for start, entry in enumerate(entries):
            for rule in entry.starts:
                if start + len(rule.tests) <= len(keys) and all(
                    test(keys[start + k]) for k, test in enumerate(rule.tests[1:], 1)
                ):
                    extra.setdefault(start + rule.index, []).append((rule.order, rule.attrs))
        return extra


def _merge(ordered: Iterable[tuple[int, Mapping[Any, Any]]]) -> dict[Any, Any]:
    merged: dict[Any, Any] = {}
    for _, attrs in ordered:
        merged.update(attrs)
    return merged


def _compile(spec: Mapping[Any, Any]) -> Test:
    """One token spec of a Matcher pattern as a test on a token's key."""
    tests: list[Test] = []
    for attr, wanted in spec.items():
        if attr not in _FEATURES:
            raise UncompilablePattern(f"tests {attr!r}")
        tests.append(_value_test(_FEATURES.index(attr), wanted))
    return lambda key: all(test(key) for test in tests)


def _value_test(slot: int, wanted: Any) -> Test:
    if not isinstance(wanted, dict):
        return lambda key: key[slot] == wanted
    if len(wanted) != 1:
        raise UncompilablePattern(f"predicate {wanted!r}")
    ((op, value),) = wanted.items()
    if op == "IN":
        members = frozenset(value)
        return lambda key: key[slot] in members
    if op == "NOT_IN":
        excluded = frozenset(value)
        return lambda key: key[slot] not in excluded
    if op == "REGEX":
        pattern = re.compile(value)
        return lambda key: bool(pattern.search(str(key[slot])))
    raise UncompilablePattern(f"predicate {op!r}")


@Language.factory(NAME, retokenizes=False)
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """Build an empty table; :func:`compile_attribute_ruler` fills it from the model's ruler."""
    return AttributeTable(nlp, name)


def compile_attribute_ruler(nlp: Language, ruler_name: str = "attribute_ruler") -> bool:
    """Swap ``nlp``'s attribute ruler for an :class:`AttributeTable` with the same patterns.

    Returns:
        Whether it was swapped: False when the pipeline has no such ruler or one of its
        patterns cannot be compiled (the ruler is then kept, and the reason logged).

    """
    if ruler_name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(ruler_name)
    if not isinstance(ruler, AttributeRuler):
        return False
    table = nlp.add_pipe(NAME, after=ruler_name)
    assert isinstance(table, AttributeTable)
    try:
        table.load(ruler)
    except UncompilablePattern as exc:
        log.warning("keeping the model's attribute ruler: a pattern %s", exc)
        nlp.remove_pipe(NAME)
        return False
    nlp.remove_pipe(ruler_name)
    return True
