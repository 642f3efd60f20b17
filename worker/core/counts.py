"""Casualty counts from phrases: "at least 23", "nearly 40", "dozens", "eleven" -> :class:`Count`.

``best`` follows ACLED's conservative coding; ``min``/``max`` are the bounds the words allow,
so ``best`` may sit below ``min`` ("dozens": min 24, best 12). The vocabulary is data, in
``lexicons/quantities.toml``; number words go through text2num.

=========================  ======  ======  ======  ===========
phrase                     min     max     best    approximate
=========================  ======  ======  ======  ===========
"11", "eleven"             11      11      11
"at least 23"              23      -       23
"more than 100", "over"    101     -       100
"nearly 40", "fewer than"  -       39      39
"up to 30", "as many as"   -       30      30
"about 50", "some 50"      -       -       50      yes
"a dozen"                  -       -       12      yes
"between 10 and 15"        10      15      10
"tens"                     10      -       10      yes
"dozens"                   24      -       12      yes
"scores"                   40      -       20      yes
"hundreds", "several       200     -       100     yes
hundred"
"thousands"                2000    -       1000    yes
"tens of thousands"        10000   -       10000   yes
"several", "many",         1       -       3 (10)  yes
"casualties", "villagers"
"a", "an", "one"           1       1       1
"no one", "none"           0       0       0
=========================  ======  ======  ======  ===========

(10) is the unspecified best for a mass-casualty attack (``mass_casualty=True``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from text_to_num import text2num

from worker.core.lexicons import load_toml
from worker.core.records import Count

Phrase = tuple[str, ...]

# Digits (with thousands separators or a decimal point), a word, or one punctuation mark.
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|[^\w\s]")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


# Bounds a qualifier sets on the number N it qualifies: (min, max, best).
_BOUNDS: dict[str, Callable[[int], tuple[int | None, int | None, int]]] = {
    "at_least": lambda n: (n, None, n),
    "more_than": lambda n: (n + 1, None, n),
    "under": lambda n: (None, max(n - 1, 0), max(n - 1, 0)),
    "up_to": lambda n: (None, n, n),
}


class _Token(NamedTuple):
    text: str  # lower case
    start: int
    end: int


class _Quantity(NamedTuple):
    best: int
    low: int | None  # a vague word's logical lower bound
    start: int  # token indexes, end exclusive
    end: int
    kind: str  # "number" | "loose" | "vague"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    number_words: frozenset[str]
    qualifiers: Mapping[Phrase, str]
    suffixes: Mapping[Phrase, str]
    joiners: frozenset[str]
    multipliers: Mapping[str, int]
    loose: Mapping[Phrase, int]
    vague: Mapping[str, tuple[int, int]]
    vague_before: frozenset[Phrase]
    unspecified: frozenset[Phrase]
    unspecified_bounds: tuple[int, int, int]  # min, best, best for a mass-casualty attack
    small: Mapping[Phrase, int]
    articles: frozenset[str]
    article_after: frozenset[str]
    zero: frozenset[Phrase]
    no_before: frozenset[str]
    casualty: frozenset[Phrase]
    plural_irregular: frozenset[str]
    plural_not: tuple[str, ...]
    not_after: frozenset[Phrase]
    not_before: frozenset[Phrase]
    year_before: frozenset[str]


def parse_count(phrase: str, *, mass_casualty: bool = False) -> Count | None:
    """Read the count in a casualty phrase.

    The first quantity that is not a measure of something else ("38-year-old", "3 km",
    "in 2014") is the count; with none, vague words ("several", "casualties") give the
    unspecified count and "no one" gives zero.

    Args:
        phrase: e.g. "at least 23 Kurdish security forces", "dozens of IS fighters".
        mass_casualty: the attack is a major one: an unspecified toll is coded 10, not 3.

    Returns:
        The count, its ``text`` the words it was read from; None when the phrase holds none.

    """
    tokens = [_Token(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(phrase)]
    words = [t.text for t in tokens]
    lex = _lexicon()
    i, measured = 0, False
    while i < len(words):
        found = _quantity_at(words, i, lex)
        if found is None:
            i += 1
            continue
        count = _bounded(phrase, tokens, found, lex)
        if count is not None:
            return count
        i, measured = found.end, True
    return _without_number(phrase, tokens, lex, mass=mass_casualty, measured=measured)


def merge_counts(a: Count | None, b: Count | None) -> Count | None:
    """Merge two reports of the SAME casualties into one count; never a sum.

    Rule: when the two agree (their ranges overlap), keep the more specific one: a firm count
    over an approximate one, then the narrower range (exact < bounded < one-sided < open),
    then the larger ``best`` (a later, updated toll). When they contradict, keep the larger
    ``best``: in one article the smaller figure is usually part of the toll ("four of our
    neighbours" within "at least five civilians").

    Args:
        a: one report, or None.
        b: another report of the same dead (or injured...), or None.

    Returns:
        One of the two, unchanged; None only when both are None.

    """
    if a is None or b is None:
        return a if b is None else b
    lo = max(_low(a), _low(b))
    agree = lo <= min(_high(a), _high(b))
    if agree:
        return min(a, b, key=_specificity)
    return max(a, b, key=lambda c: (c["best"] or 0, -_width(c)))


def _quantity_at(words: list[str], i: int, lex: _Lexicon) -> _Quantity | None:
    loose = _longest(words, i, lex.loose)
    if loose:
        return _Quantity(lex.loose[tuple(words[i : i + loose])], None, i, i + loose, "loose")
    ahead = i + _longest(words, i, lex.vague_before)
    if ahead > i and ahead < len(words) and words[ahead] + "s" in lex.vague:
        return _vague(words, i, ahead, words[ahead] + "s", lex)  # "several hundred": "hundreds"
    if words[i] in lex.vague:
        return _vague(words, i, i, words[i], lex)
    value, end = _number(words, i, lex)
    if end < len(words) and words[end] in lex.multipliers:
        value, end = (value * lex.multipliers[words[end]] if value is not None else None), end + 1
    if value is None or not value.is_integer():  # a decimal counts only before a multiplier
        return None
    return _Quantity(int(value), None, i, end, "number")


def _vague(words: list[str], start: int, at: int, plural: str, lex: _Lexicon) -> _Quantity:
    low, best = lex.vague[plural]
    end = at + 1
    if end + 1 < len(words) and words[end] == "of" and words[end + 1] in lex.vague:
        factor = lex.multipliers.get(words[end + 1][:-1], 1)  # "tens of thousands"
        low, best, end = low * factor, best * factor, end + 2
    return _Quantity(best, low, start, end, "vague")


def _number(words: list[str], i: int, lex: _Lexicon) -> tuple[float | None, int]:
    word = words[i]
    if word[0] in "0123456789":
        if _GROUPED.fullmatch(word):
            return float(word.replace(",", "")), i + 1
        valid = "," not in word and word.count(".") <= 1
        return (float(word) if valid else None), i + 1
    if word not in lex.number_words:
        return None, i + 1
    end = i + 1
    while end < len(words):
        if words[end] in lex.number_words:
            end += 1
        elif words[end] in ("and", "-") and end + 1 < len(words) and words[end + 1] in lex.number_words:
            end += 2
        else:
            break
    while end > i:  # "one and two" is no number: shorten until text2num reads it
        try:
            return float(text2num(" ".join(w for w in words[i:end] if w != "-"), "en")), end
        except ValueError:
            end -= 1
            while end > i and words[end - 1] in ("and", "-"):
                end -= 1
    return None, i + 1


def _bounded(phrase: str, tokens: list[_Token], q: _Quantity, lex: _Lexicon) -> Count | None:
    words = [t.text for t in tokens]
    if q.kind == "number" and _not_a_count(words, q, lex):
        return None
    back = _longest_ending(words, q.start, lex.qualifiers)
    kind = lex.qualifiers[tuple(words[q.start - back : q.start])] if back else None
    first, last, top = q.start - back, q.end, None
    if q.kind != "vague" and last + 1 < len(words) and words[last] in lex.joiners:
        other = _quantity_at(words, last + 1, lex)
        joined = words[last] != "and" or kind == "range"
        if other is not None and other.kind == "number" and joined:
            top, last = other.best, other.end
    if top is not None and _not_a_count(words, q._replace(end=last), lex):
        return None
    skip = 1 if last < len(words) and words[last] == "-" else 0
    after = _longest(words, last + skip, lex.suffixes)
    if after:
        kind, last = (
            lex.suffixes[tuple(words[last + skip : last + skip + after])],
            last + skip + after,
        )
    text = phrase[tokens[first].start : tokens[last - 1].end]
    if top is not None:
        low, high = sorted((q.best, top))
        return _count(text, low, high, low)
    if q.kind == "vague":
        return _count(text, q.low, None, q.best, approximate=True)
    if kind in _BOUNDS:
        return _count(text, *_BOUNDS[kind](q.best))
    if kind == "approximately" or (q.kind == "loose" and kind != "exactly"):
        return _count(text, None, None, q.best, approximate=True)
    return _count(text, q.best, q.best, q.best)


def _not_a_count(words: list[str], q: _Quantity, lex: _Lexicon) -> bool:
    skip = 1 if q.end < len(words) and words[q.end] == "-" else 0
    if _longest(words, q.end + skip, lex.not_after) or _longest_ending(words, q.start, lex.not_before):
        return True
    word = words[q.start]
    is_year = len(word) == 4 and word.isascii() and word.isdigit() and 1900 <= int(word) <= 2099
    return is_year and q.start > 0 and words[q.start - 1] in lex.year_before


def _without_number(phrase: str, tokens: list[_Token], lex: _Lexicon, *, mass: bool, measured: bool) -> Count | None:
    words = [t.text for t in tokens]

    def text(i: int, size: int) -> str:
        return phrase[tokens[i].start : tokens[i + size - 1].end]

    low, best, best_mass = lex.unspecified_bounds
    for i, word in enumerate(words):
        size = _longest(words, i, lex.zero)
        if size or (word == "no" and i + 1 < len(words) and words[i + 1] in lex.no_before):
            return _count(text(i, size or 2), 0, 0, 0)
    if (found := _first(words, lex.unspecified)) is not None:
        return _count(text(*found), low, None, best_mass if mass else best, approximate=True)
    if (found := _first(words, lex.small)) is not None:
        value = lex.small[tuple(words[found[0] : sum(found)])]
        return _count(text(*found), value, value, value)
    for i, word in enumerate(words):
        if word in lex.articles and (i == 0 or words[i - 1] in lex.article_after):
            return _count(text(i, 1), 1, 1, 1)
    unspecified = best_mass if mass else best
    if (found := _first(words, lex.casualty)) is not None:
        return _count(text(*found), low, None, unspecified, approximate=True)
    last = tokens[-1] if tokens else None
    # "villagers": how many is not said. Not "10 years" (a measure), nor "the Philippines".
    proper = last is not None and len(tokens) > 1 and phrase[last.start].isupper()
    if last is not None and not measured and not proper and _plural(last.text, lex):
        return _count(text(len(words) - 1, 1), low, None, unspecified, approximate=True)
    return None


def _plural(word: str, lex: _Lexicon) -> bool:
    if word in lex.plural_irregular:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(lex.plural_not)


def _count(text: str, low: int | None, high: int | None, best: int, *, approximate: bool = False) -> Count:
    count: Count = {"text": text, "min": low, "max": high, "best": best}
    if approximate:
        count["approximate"] = True
    return count


def _first(words: list[str], table: Collection[Phrase]) -> tuple[int, int] | None:
    for i in range(len(words)):
        size = _longest(words, i, table)
        if size:
            return i, size
    return None


def _longest(words: list[str], i: int, table: Collection[Phrase]) -> int:
    """Return the length of the longest phrase of ``table`` starting at ``words[i]`` (0: none)."""
    for size in range(min(6, len(words) - i), 0, -1):
        if tuple(words[i : i + size]) in table:
            return size
    return 0


def _longest_ending(words: list[str], end: int, table: Collection[Phrase]) -> int:
    for size in range(min(6, end), 0, -1):
        if tuple(words[end - size : end]) in table:
            return size
    return 0


def _low(count: Count) -> int:
    low = count.get("min")
    return low if low is not None and not count.get("approximate") else 0


def _high(count: Count) -> float:
    high = count.get("max")
    return high if high is not None else float("inf")


def _width(count: Count) -> float:
    return _high(count) - _low(count)


def _specificity(count: Count) -> tuple[bool, float, int]:
    return bool(count.get("approximate")), _width(count), -(count["best"] or 0)


def _phrases(words: list[str]) -> frozenset[Phrase]:
    return frozenset(_split(w) for w in words)


def _split(text: str) -> Phrase:
    return tuple(m.group().lower() for m in _TOKEN.finditer(text))


@cache
def _lexicon() -> _Lexicon:
    data = load_toml("quantities")
    unspecified = data["unspecified"]
    return _Lexicon(
        number_words=frozenset(data["number_words"]["words"]),
        qualifiers={_split(p): kind for kind, ps in data["qualifiers"].items() for p in ps},
        suffixes={_split(p): kind for kind, ps in data["suffixes"].items() for p in ps},
        joiners=frozenset(data["range_joiners"]["words"]),
        multipliers=dict(data["multipliers"]),
        loose={_split(p): v for p, v in data["loose_numbers"].items()},
        vague={w: (v["min"], v["best"]) for w, v in data["vague"].items()},
        vague_before=_phrases(data["vague_before_multiplier"]["words"]),
        unspecified=_phrases(unspecified["words"]),
        unspecified_bounds=(
            unspecified["min"],
            unspecified["best"],
            unspecified["best_mass_casualty"],
        ),
        small={_split(p): v for p, v in data["small"].items()},
        articles=frozenset(data["article"]["words"]),
        article_after=frozenset(data["article"]["after"]),
        zero=_phrases(data["zero"]["words"]),
        no_before=frozenset(data["zero"]["no_before"]),
        casualty=_phrases(data["casualty_words"]["words"]),
        plural_irregular=frozenset(data["plural_nouns"]["irregular"]),
        plural_not=tuple(data["plural_nouns"]["not_endings"]),
        not_after=_phrases(data["not_counts"]["after"]),
        not_before=_phrases(data["not_counts"]["before"]),
        year_before=frozenset(data["not_counts"]["year_before"]),
    )
