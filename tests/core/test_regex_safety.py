"""Every regular expression the core applies to input is safe from catastrophic backtracking.

Python's ``re`` backtracks. A pattern can take exponential time only when one unbounded
repetition sits inside another (star height above one) and the two can match the same text in
more than one way. The test finds every nested unbounded repetition in the core's compiled
patterns and the boilerplate lexicon; each must be listed below with the reason it is
unambiguous, so a new one is reviewed before it ships.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._constants as sre_constants
import re._parser as sre_parser
from collections.abc import Iterator
from typing import Any

import worker.core
from worker.core.lexicons import load_toml

REVIEWED = {
    "worker.core.counts._TOKEN": "each repetition of (?:[.,][0-9]+) starts with [.,], which [0-9]+ cannot match",
    "worker.core.prefilter._WORD": "each repetition starts with a hyphen or apostrophe, which [^\\W_]+ cannot match",
}


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module in pkgutil.walk_packages(worker.core.__path__, "worker.core."):
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{module.name}.{name}"] = value
    for index, rule in enumerate(load_toml("boilerplate")["line"]):
        found[f"boilerplate.toml line[{index}]"] = re.compile(rule["pattern"], re.IGNORECASE)
    return found


def _nested_unbounded(items: Any, inside_unbounded: bool = False) -> Iterator[str]:
    for op, av in items:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            _low, high, sub = av
            unbounded = high == sre_constants.MAXREPEAT
            if unbounded and inside_unbounded:
                yield "an unbounded repetition inside another"
            yield from _nested_unbounded(sub, inside_unbounded or unbounded)
        elif op == sre_constants.SUBPATTERN:
            yield from _nested_unbounded(av[-1], inside_unbounded)
        elif op == sre_constants.BRANCH:
            for branch in av[1]:
                yield from _nested_unbounded(branch, inside_unbounded)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            yield from _nested_unbounded(av[1], inside_unbounded)
        # Possessive repeats and atomic groups never backtrack into themselves: skipped.


def test_the_scan_sees_the_patterns() -> None:
    patterns = _patterns()
    assert "worker.core.cleaning._CONTROL" in patterns
    assert any(name.startswith("boilerplate.toml") for name in patterns)
    assert list(_nested_unbounded(sre_parser.parse(r"(a+)+b"))), "the check finds the textbook case"


def test_no_unreviewed_nested_unbounded_repetition() -> None:
    unreviewed = {
        name: pattern.pattern[:120]
        for name, pattern in _patterns().items()
        if name not in REVIEWED and any(_nested_unbounded(sre_parser.parse(pattern.pattern, pattern.flags)))
    }
    assert not unreviewed, unreviewed
