"""Different figures: two tolls of the same dead, two numbers of attackers."""

from __future__ import annotations

import re
from functools import cache

from worker.core.accounts.sources import adjacent, later_independent, same_source, statement
from worker.core.accounts.victims import victim_lexicon
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import Attribution
from worker.core.nlp.attribution_rules import ANY_NOUN, number_value

_HYPHEN = re.compile(r"\s*-\s*")


def conflicting(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources giving different figures for the same count, else []."""
    figured = [a for a in reports if a.numbers and a.kind != "deny"]
    for i, first in enumerate(figured):
        for second in figured[i + 1 :]:
            if same_source(first, second):
                continue
            firsts = _by_count(first.numbers)
            seconds = _by_count(second.numbers)
            for count, values in firsts.items():
                if count in seconds and not values & seconds[count]:
                    return [first, second]
            if _tolls_differ(firsts, seconds) or _tolls_differ(seconds, firsts):
                return [first, second]
            if _totals_differ(firsts, seconds):
                return [first, second]
    return []


def toll_next(reports: list[Attribution], neighbours: list[Attribution]) -> list[Attribution]:
    """A toll in the next sentence, read as another event, against the event's count of the dead.

    "Officials said nine people died when police opened fire on striking miners. Organisers of
    the strike put the number of dead at 34": a toll ("put the number of dead at", "a
    toll of") refers back to the dead of the sentence before; a count of other dead ("five
    soldiers were killed") may be another event's, and is not compared.
    """
    tolls = [
        a
        for a in neighbours
        if a not in reports and a.kind != "deny" and any(n.startswith(f"killed:{ANY_NOUN}:") for n in a.numbers)
    ]
    figured = [a for a in reports if a.numbers and a.kind != "deny"]
    for first in figured:
        for second in tolls:
            if second.cue.start <= first.cue.start or same_source(first, second) or not adjacent(first, second):
                continue
            if _tolls_differ(_by_count(second.numbers), _by_count(first.numbers)):
                return [first, second]
    # "The army said 20 soldiers died when al-Shabaab fighters stormed a base. Al-Shabaab said
    # its fighters killed 57 soldiers": a party named in the first account speaks of that event,
    # so its count of the same dead is compared (not another source's: it may be another event).
    parties = [a for a in neighbours if a not in reports and a.kind != "deny" and a.numbers and _named_in(a, figured)]
    for first in figured:
        for second in parties:
            if second.cue.start <= first.cue.start or same_source(first, second) or not adjacent(first, second):
                continue
            if not _named_in(second, [first]):
                continue
            firsts, seconds = _by_count(first.numbers), _by_count(second.numbers)
            shared = [c for c in firsts if c.startswith("killed:") and c in seconds]
            if any(not firsts[c] & seconds[c] for c in shared):
                return [first, second]
    return []


def _named_in(attribution: Attribution, others: list[Attribution]) -> bool:
    """Whether a source is named in another source's statement, as a party to what it tells."""
    source = attribution.source
    if source is None or attribution.name is None or not any(t.pos_ == "PROPN" for t in source):
        return False
    name = _HYPHEN.sub("-", " ".join(attribution.name.lower().split()))
    for other in others:
        assert other.source is not None
        # "al-Shabaab" may be three tokens: "al", "-", "shabaab"
        said = _HYPHEN.sub("-", " ".join(t.lower_ for t in statement(other)))
        if f" {name} " in f" {said} ":
            return True
    return False


def _totals_differ(firsts: dict[str, set[str]], seconds: dict[str, set[str]]) -> bool:
    """Two single counts of the dead, one of them of anyone dead or both of civilians, that differ.

    "SNAI said 11 inmates died ... 19 bodies had been removed": "bodies", "people", "victims"
    count the dead whoever they were (`[denials] any_dead_nouns`), so they compare with the
    other source's one count of the dead, whatever its noun; so do two civilian nouns
    (`[victims] civilian_nouns`: "two workers" / "eight miners"). Sources giving several counts
    of the dead (soldiers and civilians) are compared noun by noun only.
    """
    first_dead = {c: v for c, v in firsts.items() if c.startswith("killed:")}
    second_dead = {c: v for c, v in seconds.items() if c.startswith("killed:")}
    if len(first_dead) != 1 or len(second_dead) != 1:
        return False
    [(first_count, first_values)] = first_dead.items()
    [(second_count, second_values)] = second_dead.items()
    nouns = {first_count.partition(":")[2], second_count.partition(":")[2]}
    # "two workers were killed" / "eight miners died": civilians named two ways are one count.
    civilians = nouns <= {w for w, kind in victim_lexicon().classes.items() if kind == "civilian"}
    return (bool(nouns & _any_dead_nouns()) or civilians) and not first_values & second_values


@cache
def _any_dead_nouns() -> frozenset[str]:
    return frozenset(load_toml("cues")["denials"]["any_dead_nouns"])


def _tolls_differ(tolls: dict[str, set[str]], figures: dict[str, set[str]]) -> bool:
    """A toll ("a toll of 25") that matches none of the other source's figures of the dead."""
    toll = tolls.get(f"killed:{ANY_NOUN}", set())
    dead = {v for count, values in figures.items() if count.startswith("killed:") for v in values}
    return bool(toll and dead) and not toll & dead


def _by_count(numbers: tuple[str, ...]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for item in numbers:
        count, _, value = item.rpartition(":")
        grouped.setdefault(count, set()).add(value)
    return grouped


def different_attacker_counts(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, giving different numbers of attackers.

    "Police said a lone gunman opened fire. Survivors said there had been at least three
    attackers": each source gives one number of attackers (a count on a `[perpetrators] nouns`
    noun or on "men" called armed, masked ...: `[perpetrators] armed_modifiers`; "lone",
    "single" count one), and the two differ, else []. Attackers killed, arrested or wounded
    ("three gunmen were killed") are not the number who attacked and are not counted.
    """
    counted = [(a, _attacker_counts(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    counted = [(a, c) for a, c in counted if len(c) == 1]
    for (first, one), (second, other) in later_independent(counted, counted):
        near = first.cue.sent == second.cue.sent or adjacent(first, second)
        if near and one != other:
            return [first, second]
    return []


def _attacker_counts(attribution: Attribution) -> frozenset[int]:
    """The numbers of attackers a source gives in the clause it governs ("a lone gunman": 1)."""
    nouns, armed, single, undone = _attacker_lexicon()
    counts: set[int] = set()
    for token in statement(attribution):
        lemma = token.lemma_.lower()
        modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound"}}
        if token.pos_ != "NOUN" or not (lemma in nouns or (lemma == "man" and modifiers & armed)):
            continue
        # "three gunmen were killed", "two attackers arrested": not how many attacked
        if token.dep_ in {"nsubjpass", "dobj"} and token.head.lemma_.lower() in undone:
            continue
        if any(c.lemma_.lower() in undone and c.dep_ in {"acl", "relcl", "amod"} for c in token.children):
            continue
        values = [number_value(c) for c in token.children if c.dep_ == "nummod"]
        if any(v is not None for v in values):
            counts.update(v for v in values if v is not None)
        elif modifiers & single:
            counts.add(1)
    return frozenset(counts)


@cache
def _attacker_lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Attacker nouns, armed and single modifiers, and the lemmas of attackers undone (`[perpetrators]`)."""
    lexicon = load_toml("cues")["perpetrators"]
    undone = frozenset(lexicon["undone_lemmas"]) | victim_lexicon().kill
    return (
        frozenset(lexicon["nouns"]),
        frozenset(lexicon["armed_modifiers"]),
        frozenset(lexicon["single_modifiers"]),
        undone,
    )
