"""Casualty counts: bounds per the contract's ACLED rules, vague words, merging."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.core.counts import merge_counts, parse_count
from worker.core.records import Count

# phrase -> (text, min, max, best, approximate)
CASES: list[tuple[str, tuple[str, int | None, int | None, int | None, bool]]] = [
    # plain numbers: exact
    ("11", ("11", 11, 11, 11, False)),
    ("11 soldiers", ("11", 11, 11, 11, False)),
    ("3,500", ("3,500", 3500, 3500, 3500, False)),
    ("1,250,000 people", ("1,250,000", 1250000, 1250000, 1250000, False)),
    ("eleven", ("eleven", 11, 11, 11, False)),
    ("Eleven soldiers", ("Eleven", 11, 11, 11, False)),
    ("twenty-three", ("twenty-three", 23, 23, 23, False)),
    ("twenty three people", ("twenty three", 23, 23, 23, False)),
    ("one hundred and five", ("one hundred and five", 105, 105, 105, False)),
    ("two dozen", ("two dozen", 24, 24, 24, False)),
    ("1.5 million", ("1.5 million", 1500000, 1500000, 1500000, False)),
    ("3 million", ("3 million", 3000000, 3000000, 3000000, False)),
    ("four of our neighbours", ("four", 4, 4, 4, False)),
    ("one", ("one", 1, 1, 1, False)),
    ("exactly 11", ("exactly 11", 11, 11, 11, False)),
    ("all 157 passengers", ("all 157", 157, 157, 157, False)),
    # at least: min N, best N
    ("at least 23", ("at least 23", 23, None, 23, False)),
    ("at least 23 Kurdish security forces", ("at least 23", 23, None, 23, False)),
    ("At least five civilians", ("At least five", 5, None, 5, False)),
    ("no fewer than 10", ("no fewer than 10", 10, None, 10, False)),
    ("at least one", ("at least one", 1, None, 1, False)),
    ("30 or more", ("30 or more", 30, None, 30, False)),
    ("20-plus", ("20-plus", 20, None, 20, False)),
    # more than: min N+1, best N
    ("more than 100", ("more than 100", 101, None, 100, False)),
    ("over 100", ("over 100", 101, None, 100, False)),
    ("upwards of 200", ("upwards of 200", 201, None, 200, False)),
    ("more than a dozen", ("more than a dozen", 13, None, 12, False)),
    ("more than two dozen", ("more than two dozen", 25, None, 24, False)),
    ("well over 1,000", ("well over 1,000", 1001, None, 1000, False)),
    # nearly: max N-1, best N-1
    ("nearly 40", ("nearly 40", None, 39, 39, False)),
    ("nearly 40 jihadists", ("nearly 40", None, 39, 39, False)),
    ("almost 40", ("almost 40", None, 39, 39, False)),
    ("close to 40", ("close to 40", None, 39, 39, False)),
    ("fewer than 10", ("fewer than 10", None, 9, 9, False)),
    ("nearly a dozen", ("nearly a dozen", None, 11, 11, False)),
    # up to: max N, best N
    ("up to 30", ("up to 30", None, 30, 30, False)),
    ("as many as 30", ("as many as 30", None, 30, 30, False)),
    ("no more than 5", ("no more than 5", None, 5, 5, False)),
    # approximately: best N
    ("about 50", ("about 50", None, None, 50, True)),
    ("around 50", ("around 50", None, None, 50, True)),
    ("some 50", ("some 50", None, None, 50, True)),
    ("roughly 50", ("roughly 50", None, None, 50, True)),
    ("an estimated 3,500", ("an estimated 3,500", None, None, 3500, True)),
    ("some of the estimated 3,500 fellow fighters", ("estimated 3,500", None, None, 3500, True)),
    ("50 or so", ("50 or so", None, None, 50, True)),
    ("50-odd", ("50-odd", None, None, 50, True)),
    ("a dozen", ("a dozen", None, None, 12, True)),
    ("half a dozen", ("half a dozen", None, None, 6, True)),
    # ranges: min lower, max upper, best lower (ACLED)
    ("between 10 and 15", ("between 10 and 15", 10, 15, 10, False)),
    ("10 to 15", ("10 to 15", 10, 15, 10, False)),
    ("10-15", ("10-15", 10, 15, 10, False)),
    ("two or three", ("two or three", 2, 3, 2, False)),
    ("between two and four", ("between two and four", 2, 4, 2, False)),
    ("from 20 to 30 people", ("from 20 to 30", 20, 30, 20, False)),
    ("15 to 10", ("15 to 10", 10, 15, 10, False)),
    # vague plurals: ACLED's best, a logical min
    ("tens", ("tens", 10, None, 10, True)),
    ("dozens", ("dozens", 24, None, 12, True)),
    ("dozens of IS fighters", ("dozens", 24, None, 12, True)),
    ("scores of people", ("scores", 40, None, 20, True)),
    ("hundreds", ("hundreds", 200, None, 100, True)),
    ("thousands", ("thousands", 2000, None, 1000, True)),
    ("tens of thousands", ("tens of thousands", 10000, None, 10000, True)),
    ("hundreds of thousands", ("hundreds of thousands", 200000, None, 100000, True)),
    ("several hundred", ("several hundred", 200, None, 100, True)),
    ("a few dozen", ("a few dozen", 24, None, 12, True)),
    ("several thousand", ("several thousand", 2000, None, 1000, True)),
    # unspecified: min 1, best 3
    ("several", ("several", 1, None, 3, True)),
    ("several people", ("several", 1, None, 3, True)),
    ("a number of", ("a number of", 1, None, 3, True)),
    ("some", ("some", 1, None, 3, True)),
    ("many", ("many", 1, None, 3, True)),
    ("numerous civilians", ("numerous", 1, None, 3, True)),
    ("a few", ("a few", 1, None, 3, True)),
    ("casualties", ("casualties", 1, None, 3, True)),
    ("killed", ("killed", 1, None, 3, True)),
    ("killed in 1999", ("killed", 1, None, 3, True)),
    # victims named with no number: deaths with no number
    ("villagers", ("villagers", 1, None, 3, True)),
    ("Kurdish security forces", ("forces", 1, None, 3, True)),
    ("people", ("people", 1, None, 3, True)),
    ("gunmen", ("gunmen", 1, None, 3, True)),
    # articles and small words
    ("a", ("a", 1, 1, 1, False)),
    ("an", ("an", 1, 1, 1, False)),
    ("a soldier", ("a", 1, 1, 1, False)),
    ("killing a policeman", ("a", 1, 1, 1, False)),
    ("another civilian", ("another", 1, 1, 1, False)),
    ("both", ("both", 2, 2, 2, False)),
    ("a couple of", ("a couple of", 2, 2, 2, False)),
    # nobody: zero, text kept
    ("no one", ("no one", 0, 0, 0, False)),
    ("No one was hurt", ("No one", 0, 0, 0, False)),
    ("nobody", ("nobody", 0, 0, 0, False)),
    ("none", ("none", 0, 0, 0, False)),
    ("no casualties", ("no casualties", 0, 0, 0, False)),
    ("no deaths were reported", ("no deaths", 0, 0, 0, False)),
    # the first real count wins; measures of other things are skipped
    ("the 38-year-old and 11 others", ("11", 11, 11, 11, False)),
    ("in 2014, 12 people", ("12", 12, 12, 12, False)),
    ("a 3 km convoy carrying 40 troops", ("40", 40, 40, 40, False)),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_count(phrase: str, expected: tuple[str, int | None, int | None, int | None, bool]) -> None:
    count = parse_count(phrase)
    assert count is not None
    text, low, high, best, approximate = expected
    assert (count["text"], count["min"], count["max"], count["best"]) == (text, low, high, best)
    assert count.get("approximate", False) is approximate


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "   ",
        "the prison",
        "the 38-year-old",
        "38 years old",
        "in 2014",
        "2.5 km",
        "$10 million",
        "10:30",
        "the 21st",
        "at least 10 to 15 years",
        "no immediate claim",
        "Resolution 2334",
        "the Philippines",
        "news",
        "IS",
    ],
)
def test_no_count(phrase: str) -> None:
    assert parse_count(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "best"),
    [
        ("several", 10),
        ("casualties", 10),
        ("many", 10),
        ("dozens", 12),
        ("11", 11),
        ("nearly 40", 39),
    ],
)
def test_mass_casualty_changes_only_the_unspecified_toll(phrase: str, best: int) -> None:
    count = parse_count(phrase, mass_casualty=True)
    assert count is not None
    assert count["best"] == best


def _count(text: str) -> Count:
    count = parse_count(text)
    assert count is not None
    return count


@pytest.mark.parametrize(
    ("a", "b", "kept"),
    [
        ("at least 23", "23", "23"),  # agree: the exact figure is more specific
        ("23", "at least 23", "23"),
        ("at least 23", "at least 25", "at least 25"),  # agree: the updated, larger lower bound
        ("nearly 40", "about 35", "nearly 40"),  # a bound beats an approximation
        ("several", "4", "4"),
        ("dozens", "30", "30"),
        ("about 50", "several", "about 50"),  # both approximate: the larger best
        ("four", "at least five", "at least five"),  # contradict: the part within the whole
        ("11", "12", "12"),
        ("between 10 and 15", "at least 10", "between 10 and 15"),
    ],
)
def test_merge_counts(a: str, b: str, kept: str) -> None:
    merged = merge_counts(_count(a), _count(b))
    assert merged is not None
    assert merged["text"] == kept


def test_merge_with_nothing() -> None:
    count = _count("at least 23")
    assert merge_counts(count, None) is count
    assert merge_counts(None, count) is count
    assert merge_counts(None, None) is None


def test_merge_never_sums() -> None:
    merged = merge_counts(_count("5"), _count("5"))
    assert merged is not None
    assert merged["best"] == 5


QUALIFIED: dict[str, Callable[[int], tuple[int | None, int | None, int]]] = {
    "at least": lambda n: (n, None, n),
    "more than": lambda n: (n + 1, None, n),
    "nearly": lambda n: (None, n - 1, n - 1),
    "up to": lambda n: (None, n, n),
    "": lambda n: (n, n, n),
}


@settings(deadline=None)
@given(qualifier=st.sampled_from(sorted(QUALIFIED)), n=st.integers(min_value=1, max_value=10**7))
def test_qualified_digits(qualifier: str, n: int) -> None:
    count = parse_count(f"{qualifier} {n:,} people killed".strip())
    assert count is not None
    assert (count["min"], count["max"], count["best"]) == QUALIFIED[qualifier](n)


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=80))
def test_never_raises_and_bounds_hold(phrase: str) -> None:
    count = parse_count(phrase)
    if count is not None:
        _check(phrase, count)


WORDS = [
    "at",
    "least",
    "more",
    "than",
    "nearly",
    "up",
    "to",
    "about",
    "between",
    "and",
    "or",
    "a",
    "dozen",
    "dozens",
    "of",
    "hundreds",
    "thousands",
    "tens",
    "several",
    "no",
    "one",
    "two",
    "eleven",
    "-",
    "plus",
    "year",
    "old",
    "km",
    "in",
    "2014",
    "11",
    "3,500",
    "40",
    "killed",
    "people",
    "some",
    "half",
    "odd",
    "so",
    "hundred",
    "thousand",
    "million",
    "twenty",
    "ninety",
    "zero",
    "1.5",
    "%",
    "$",
    "nobody",
    "casualties",
]


@settings(deadline=None, max_examples=400)
@given(st.lists(st.sampled_from(WORDS), max_size=8))
def test_word_salad_keeps_bounds(words: list[str]) -> None:
    phrase = " ".join(words)
    count = parse_count(phrase)
    if count is not None:
        _check(phrase, count)


def _check(phrase: str, count: Count) -> None:
    assert count["text"] and count["text"] in phrase
    values = [v for v in (count["min"], count["max"], count["best"]) if v is not None]
    assert all(isinstance(v, int) and v >= 0 for v in values)
    assert count["best"] is not None
    if count["max"] is not None:
        assert count["best"] <= count["max"]
        assert count["min"] is None or count["min"] <= count["max"]
    if count["min"] is not None and not count.get("approximate"):
        assert count["best"] >= count["min"] - 1  # "more than 100": min 101, best 100
