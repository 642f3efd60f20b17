"""Synthetic wire-style articles for load, fault and integration runs (never for accuracy).

Deterministic for a seed: the same call always yields the same articles, so a benchmark
or a fault run can be repeated exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

_PLACES = [
    ("KABUL", "Afghanistan"), ("MOGADISHU", "Somalia"), ("MAIDUGURI", "Nigeria"), ("BAGHDAD", "Iraq"),
    ("PESHAWAR", "Pakistan"), ("KHARKIV", "Ukraine"), ("GAO", "Mali"), ("GOMA", "DR Congo"),
    ("KHARTOUM", "Sudan"), ("ADEN", "Yemen"), ("QUETTA", "Pakistan"), ("MOSUL", "Iraq"),
]  # fmt: skip
_AGENCIES = ["AFP", "AP", "Reuters", "AFP/APP", "Anadolu"]
_ACTORS = ["Islamic State fighters", "al-Shabaab militants", "Boko Haram insurgents", "gunmen", "Taliban fighters",
           "unidentified attackers", "rebels", "security forces"]  # fmt: skip
_VIOLENCE = [
    "{actor} attacked a police checkpoint in {place} on {day}, killing {n} officers, {source} said.",
    "A car bomb exploded near a market in {place} on {day}, killing at least {n} people and wounding {m}, {source} said.",
    "{actor} stormed a village near {place} late {day} and abducted {n} civilians, according to {source}.",
    "Police arrested {n} protesters in {place} on {day} after demonstrators blocked the main road, {source} said.",
    "An air strike hit a training camp outside {place} on {day}, killing nearly {n} fighters, {source} said.",
    "Thousands of people protested in {place} on {day} against rising fuel prices, {source} said.",
    "Clashes between the army and {actor} near {place} left {n} soldiers dead on {day}, {source} said.",
]
_SOURCES = ["police", "a local official", "hospital sources", "the interior ministry", "residents",
            "a spokesman for the army", "the Syrian Observatory for Human Rights"]  # fmt: skip
_FILLER = [
    "The area has seen repeated violence in recent months, and residents say they fear further attacks.",
    "Officials said an investigation had been opened and that security in the city would be reinforced.",
    "The government has promised to restore order, but critics say it lacks the means to do so.",
    "Aid agencies warned that the humanitarian situation in the region continued to deteriorate.",
    "Analysts said the attack underlined the difficulties facing authorities in the region.",
    "Schools and markets remained closed on the following day as families stayed indoors.",
    "The United Nations called for restraint and urged all parties to protect civilians.",
    "Local leaders appealed for calm and called on the authorities to bring those responsible to justice.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(index: int, *, words: int = 300, seed: int = 0) -> dict[str, Any]:
    """One native-format article of about ``words`` words."""
    rng = random.Random(seed * 1_000_003 + index)
    city, country = rng.choice(_PLACES)
    published = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(24 * 365))
    parts = [f"{city.title()}, {country}, {published:%b} {published.day} ({rng.choice(_AGENCIES)}) -"]
    total = 0
    while total < words:
        sentence = (
            rng.choice(_VIOLENCE).format(
                actor=rng.choice(_ACTORS), place=city.title(), day=rng.choice(_DAYS),
                n=rng.randint(2, 60), m=rng.randint(2, 90), source=rng.choice(_SOURCES),
            )
            if rng.random() < 0.35 or total == 0
            else rng.choice(_FILLER)
        )  # fmt: skip
        parts.append(sentence[0].upper() + sentence[1:])
        total += len(sentence.split())
    return {
        "id": f"synthetic-{seed}-{index}",
        "headline": f"Violence in {city.title()}",
        "body": " ".join(parts),
        "published_at": published.isoformat(),
        "source": "synthetic",
    }


def articles(count: int, *, min_words: int = 200, max_words: int = 2000, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``count`` articles whose lengths are spread log-uniformly between the bounds, as wire copy is."""
    rng = random.Random(seed)
    for index in range(count):
        words = int(min_words * (max_words / min_words) ** rng.random())
        yield article(index, words=words, seed=seed)
