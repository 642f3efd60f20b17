"""One event set on different days, at different times of day or in different places."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.accounts.sources import adjacent, later_independent, statement
from worker.core.geo import default_gazetteer
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import Attribution
from worker.core.nlp.attribution_rules import number_value

_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


_MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    }
)  # fmt: skip


_CLOCK = frozenset({"a.m.", "am", "a.m", "p.m.", "pm", "p.m"})


_LATER_HOURS = frozenset({"afternoon", "evening", "night"})


_REFERRING = frozenset({"the", "this", "that", "these", "those", "their", "his", "her", "its"})


_PRONOUNS = frozenset({"it", "they", "he", "she", "this", "that"})


@dataclass(frozen=True, slots=True)
class _Setting:
    """When and where a source sets the event: days, hours of the day, place names."""

    days: frozenset[str] = frozenset()
    hours: tuple[tuple[int, int], ...] = ()
    places: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _SettingLexicon:
    happen: frozenset[str]
    perception: frozenset[str]
    vanish: frozenset[str]
    events: frozenset[str]
    other: frozenset[str]
    regions: frozenset[str]
    prepositions: frozenset[str]
    hours: dict[str, tuple[int, int]]


@cache
def _setting_lexicon() -> _SettingLexicon:
    lexicon = load_toml("cues")["settings"]
    return _SettingLexicon(
        happen=frozenset(lexicon["happen_verbs"]),
        perception=frozenset(lexicon["perception_verbs"]),
        vanish=frozenset(lexicon["vanish_words"]),
        events=frozenset(lexicon["event_nouns"]),
        other=frozenset(lexicon["other_event_words"]),
        regions=frozenset(lexicon["region_nouns"]),
        prepositions=frozenset(lexicon["place_prepositions"]),
        hours={word: (int(span[0]), int(span[1])) for word, span in lexicon["hours"].items()},
    )


def different_settings(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, setting one event differently.

    "Police said the two men were abducted on Friday. Their families said they had been missing
    since Tuesday"; "the governor said the fire started at dawn" / "a guard said he saw the blaze
    in the evening"; "the convoy was ambushed near Kaya" / "the attack took place outside Dori":
    different days (weekdays, dates), times of day that cannot overlap, or places with no name in
    common, told in the event clauses of each statement, else []. The second source must speak
    of the same event (`[settings]`: the same verb with a participant referred back to, "the
    attack took place", "heard the blast", "they had been missing"); a source that only adds a
    detail (a time of day to a day, a village to a region) or tells another event ("gunmen
    attacked Dori on Tuesday", "the men were later freed") is not compared.
    """
    told = [(a, _event_verbs(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    told = [(a, verbs) for a, verbs in told if verbs]
    for (first, first_verbs), (second, second_verbs) in later_independent(told, told):
        if not (first.cue.sent == second.cue.sent or adjacent(first, second)):
            continue
        one = _setting_of(first_verbs)
        for verb in second_verbs:
            if not any(_refers_back(verb, earlier) for earlier in first_verbs):
                continue
            if _settings_differ(one, _setting_of([verb])):
                return [first, second]
    return []


def _event_verbs(attribution: Attribution) -> list[Token]:
    """The verbs of the clauses a source's statement is made of ("said X happened ... and killed ...")."""
    tokens = statement(attribution)
    inside = {t.i for t in tokens}
    root = attribution.cue.root
    verbs = [c for c in root.children if c.dep_ in {"ccomp", "xcomp"} and c.i in inside]
    if root.dep_ in {"parataxis", "ccomp"} and root.head.i in inside:
        verbs.append(root.head)  # "..., police said"
    for verb in list(verbs):
        verbs += [c for c in verb.conjuncts if c.i in inside and c.pos_ in {"VERB", "AUX", "ADJ"} and c not in verbs]
    return [v for v in verbs if v.pos_ in {"VERB", "AUX", "ADJ"}]


def _setting_of(verbs: list[Token]) -> _Setting:
    """The days, hours and place names set on these verbs by their own phrases."""
    lexicon = _setting_lexicon()
    days: set[str] = set()
    hours: list[tuple[int, int]] = []
    places: set[str] = set()
    for verb in verbs:
        for child in verb.children:
            if child.dep_ not in {"prep", "npadvmod", "advmod", "pobj"}:
                continue
            phrase = [t for t in child.subtree if not any(a.dep_ in {"relcl", "acl"} for a in _path(t, child))]
            days |= _days_in(phrase)
            hours += _hours_in(phrase, lexicon)
            if child.dep_ == "prep" and child.lower_ in lexicon.prepositions:
                places |= _places_in(phrase, lexicon)
    return _Setting(frozenset(days), tuple(hours), frozenset(places))


def _path(token: Token, top: Token) -> list[Token]:
    """The tokens from ``token`` up to (not including) ``top``."""
    path = []
    while token.i not in (top.i, token.head.i):
        path.append(token)
        token = token.head
    return path


def _days_in(phrase: list[Token]) -> set[str]:
    """Weekdays and dates ("on Thursday evening", "on March 3", "since 3 March")."""
    days = {t.lower_ for t in phrase if t.lower_ in _WEEKDAYS}
    for token in phrase:
        if token.lower_ in _MONTHS:
            numbers = [number_value(c) for c in token.children if c.dep_ == "nummod"]
            day = next((n for n in numbers if n is not None and 1 <= n <= 31), None)
            if day is not None:
                days.add(f"{token.lower_} {int(day)}")
    return days


def _hours_in(phrase: list[Token], lexicon: _SettingLexicon) -> list[tuple[int, int]]:
    """Times of day as hours: "at dawn", "shortly after midnight", "at about five in the morning", "at 5 a.m."."""
    hours: list[tuple[int, int]] = []
    clocked: set[int] = set()
    for token in phrase:
        value = number_value(token) if token.like_num else None
        if value is None or not 1 <= value <= 12 or value != int(value):
            continue
        parts = [o for p in token.children if p.lower_ == "in" for o in p.children if o.lower_ in lexicon.hours]
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        clock = after is not None and after.lower_ in _CLOCK
        if parts or clock:
            hour = int(value) % 12
            evening = clock and after is not None and after.lower_[0] == "p"
            later = (parts and parts[0].lower_ in _LATER_HOURS) or evening
            hour += 12 if later else 0
            hours.append((hour - 1, hour + 1))
            clocked.update(p.i for p in parts)
    for token in phrase:
        word = token.lower_
        if word not in lexicon.hours or token.i in clocked:
            continue
        start, end = lexicon.hours[word]
        before = {c.lower_ for c in token.children} | {token.head.lower_}
        if word == "midnight" and "after" in before:
            start, end = 24, 27
        elif word == "midnight" and "before" in before:
            start, end = 21, 24
        elif "early" in before:
            end = start + (end - start + 1) // 2
        elif "late" in before:
            start = end - (end - start + 1) // 2
        hours.append((start, end))
    return hours


def _places_in(phrase: list[Token], lexicon: _SettingLexicon) -> set[str]:
    """The names of towns and villages in a place phrase, not of countries or regions."""
    places = set()
    for token in phrase:
        if token.pos_ != "PROPN" or token.lower_ in _WEEKDAYS or token.lower_ in _MONTHS:
            continue
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            continue  # part of a longer name: counted at its head
        if token.head.lemma_.lower() in lexicon.regions or any(
            c.lemma_.lower() in lexicon.regions for c in token.children
        ):
            continue  # "the Centre-Nord region", "Borno state"
        name = " ".join(t.text for t in token.subtree if t.dep_ == "compound" or t.i == token.i)
        place = default_gazetteer().place(name)
        if place is not None and place.precision in {"country", "admin1"}:
            continue
        places.add(name.lower())
    return places


def _refers_back(verb: Token, earlier: Token) -> bool:
    """Whether a later source's clause speaks of the event an earlier source's clause told."""
    lexicon = _setting_lexicon()
    arguments = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    words = [verb, *(c for c in verb.children if c.dep_ in {"advmod", "npadvmod", "amod"})]
    words += [t for a in arguments for t in a.subtree]
    if any(t.lemma_.lower() in lexicon.other or t.lower_ in lexicon.other for t in words):
        return False  # "the gunmen struck again", "a second attack", "they were later freed"

    def referred(noun: Token) -> bool:
        determiners = (c for c in noun.children if c.dep_ in {"det", "poss"})
        return noun.lower_ in _PRONOUNS or any(c.lower_ in _REFERRING for c in determiners)

    def the_event(noun: Token) -> bool:
        return noun.lower_ == "it" or (noun.lemma_.lower() in lexicon.events and referred(noun))

    lemma = verb.lemma_.lower()
    if lemma == earlier.lemma_.lower() and verb.i != earlier.i:
        # "they were abducted on Monday": the same deed done to the same people
        return any(a.dep_ in {"nsubjpass", "dobj"} and referred(a) for a in arguments)
    if lemma in lexicon.happen:
        if lemma == "take" and not any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children):
            return False
        return any(a.dep_ == "nsubj" and the_event(a) for a in arguments)
    if lemma in lexicon.perception:
        return any(a.dep_ == "dobj" and the_event(a) and a.lower_ != "it" for a in arguments)
    vanish = [verb, *(c for c in verb.children if c.dep_ == "acomp")]
    vanished = any(t.lemma_.lower() in lexicon.vanish or t.lower_ in lexicon.vanish for t in vanish)
    if vanished:
        victims = {c.lemma_.lower() for c in earlier.children if c.dep_ in {"nsubjpass", "dobj"}}
        subjects = [a for a in arguments if a.dep_ in {"nsubj", "nsubjpass"}]
        return any(a.lower_ in {"they", "he", "she"} or (referred(a) and a.lemma_.lower() in victims) for a in subjects)
    return False


def _settings_differ(one: _Setting, other: _Setting) -> bool:
    """Different days, times of day that cannot overlap, or places with no name in common."""
    if one.days and other.days and not one.days & other.days:
        return True
    if one.places and other.places and not one.places & other.places:
        return True
    if one.hours and other.hours:
        return not any(_overlap(a, b) for a in one.hours for b in other.hours)
    return False


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans of hours overlap, around the clock."""
    return any(one[0] <= other[1] + shift and other[0] + shift <= one[1] for shift in (-24, 0, 24))
