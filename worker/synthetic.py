"""Synthetic wire-style articles for load, fault and integration runs (never for accuracy).

Deterministic for a seed: the same call always yields the same articles, so a benchmark
or a fault run can be repeated exactly.

The articles are shaped like wire copy, because the cost of enriching one depends on it: a
dateline and a lede reporting the event, paragraphs of one or two sentences separated by
blank lines, details and attributions first, then quotes, reactions and, in the longer
stories, background on the conflict, politics, the economy and the humanitarian situation.
Background sentences are written as a reporter would write them (some mention earlier
violence, most do not), not to suit any filter.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

_PLACES = [
    ("KABUL", "Afghanistan"), ("MOGADISHU", "Somalia"), ("MAIDUGURI", "Nigeria"),
    ("BAGHDAD", "Iraq"), ("PESHAWAR", "Pakistan"), ("KHARKIV", "Ukraine"), ("GAO", "Mali"),
    ("GOMA", "DR Congo"), ("KHARTOUM", "Sudan"), ("ADEN", "Yemen"), ("QUETTA", "Pakistan"),
    ("MOSUL", "Iraq"),
]  # fmt: skip
_AGENCIES = ["AFP", "AP", "Reuters", "AFP/APP", "Anadolu"]
_ACTORS = [
    "Islamic State fighters", "al-Shabaab militants", "Boko Haram insurgents", "gunmen",
    "Taliban fighters", "unidentified attackers", "rebels", "security forces",
]  # fmt: skip
_VIOLENCE = [
    "{actor} attacked a police checkpoint in {place} on {day}, killing {n} officers, {source} said.",
    "A car bomb exploded near a market in {place} on {day}, killing at least {n} people and "
    "wounding {m}, {source} said.",
    "{actor} stormed a village near {place} late {day} and abducted {n} civilians, according to {source}.",
    "Police arrested {n} protesters in {place} on {day} after demonstrators blocked the main road, {source} said.",
    "An air strike hit a training camp outside {place} on {day}, killing nearly {n} fighters, {source} said.",
    "Thousands of people protested in {place} on {day} against rising fuel prices, {source} said.",
    "Clashes between the army and {actor} near {place} left {n} soldiers dead on {day}, {source} said.",
]
_SOURCES = [
    "police", "a local official", "hospital sources", "the interior ministry", "residents",
    "a spokesman for the army", "the Syrian Observatory for Human Rights",
]  # fmt: skip
_DETAILS = [
    "The toll could rise as several of the wounded were in critical condition, {source} said.",
    "Ambulances rushed the injured to the main hospital in {place}, where doctors appealed for blood donations.",
    "No group immediately claimed responsibility for the attack.",
    "Witnesses said the attackers arrived on motorcycles shortly after dawn and fled towards the border.",
    "Security forces sealed off the area and launched a search for the assailants, {source} said.",
    "Photographs shared on social media showed burnt-out vehicles and debris scattered across the road.",
    "The interior ministry said in a statement that {n} suspects had been detained for questioning.",
]
_QUOTES = [
    '"We heard a huge explosion and then shooting that went on for almost an hour," said a '
    "shopkeeper who gave his name only as {name}.",
    '"My brother went to the market to buy bread and never came back," {name}, a resident, told {agency}.',
    '"The situation is under control and the perpetrators will be found," the provincial governor told reporters.',
    '"People are exhausted. They have lost their homes, their jobs and now their hope," said {name}, a teacher.',
    '"We do not know who to trust any more," said {name}, who sells vegetables near the bus station.',
    '"Every family here has a story of loss," said a local elder, speaking on condition of anonymity.',
    '"This is a cowardly act that targets innocent people," the prime minister\'s office said.',
]
_BACKGROUND = [
    "{country} has been gripped by insecurity for more than a decade, and large parts of the "
    "countryside remain beyond the reach of the state.",
    "The conflict has killed tens of thousands of people and driven millions from their homes since it began.",
    "The government came to power in {year} promising to restore security, but the situation has since deteriorated.",
    "Elections scheduled for next year have already been postponed twice, and opposition "
    "parties accuse the authorities of stalling.",
    "The economy shrank by {pct} percent last year, according to the World Bank, and inflation "
    "has pushed the price of staples beyond the reach of many families.",
    "The local currency has lost more than half of its value against the dollar since January.",
    "Unemployment among young people is estimated at more than {pct} percent, a figure "
    "analysts say feeds recruitment by armed groups.",
    "The United Nations says nearly {n} million people in {country} need humanitarian "
    "assistance this year, but its appeal is less than a third funded.",
    "Aid agencies have repeatedly warned that funding cuts are forcing them to reduce food rations in the camps.",
    "The region is one of the poorest in the country, with few paved roads and only a handful "
    "of functioning health centres.",
    "Many of the displaced live in makeshift camps on the edge of {place}, where access to clean water is limited.",
    "The rainy season, which usually begins in June, often cuts off villages for weeks at a time.",
    "The city of around {n} hundred thousand people is a regional trading hub and sits on the "
    "main road to the capital.",
    "{place} was retaken by government forces in {year} after a months-long offensive that "
    "left much of the old town in ruins.",
    "Reconstruction has been slow, and many residents say promised compensation for destroyed homes has never arrived.",
    "Schools in the province reopened only last month after being closed for most of the previous year.",
    "The president is due to travel to a regional summit next week, where security is expected to top the agenda.",
    "Parliament is debating a bill that would extend the state of emergency by a further six months.",
    "Critics say the security services have grown more powerful under the current government "
    "while oversight has weakened.",
    "Human rights groups have documented cases of arbitrary detention and say suspects are "
    "often held for months without charge.",
    "Neighbouring countries have tightened border controls, fearing that the violence could spill over.",
    "Several foreign embassies advised their citizens against all travel to the province.",
    "Oil and mining revenues account for most of the country's exports, and the sector has "
    "been hit hard by the unrest.",
    "Farmers say they can no longer reach their fields safely, and the harvest is expected to "
    "fall well short of last year's.",
    "The country ranks near the bottom of the UN's human development index.",
    "Mobile phone networks in the area are frequently cut, making it difficult to verify reports from remote villages.",
    "Journalists' access to the region is restricted, and independent confirmation of casualty "
    "figures is rarely possible.",
    "Analysts say the group has shifted its tactics in recent years, relying more on small, mobile units.",
    "The group was founded in the early 2000s and has splintered several times over leadership disputes.",
    "Peace talks mediated by regional countries broke down last year without an agreement.",
    "A ceasefire agreed in {year} collapsed within weeks, and both sides blamed each other for violating it.",
    "The army has announced several offensives against the group in recent years, each declared a success.",
    "Local officials have long complained that the central government neglects the region.",
    "The province borders three countries and has long been a crossing point for traders, migrants and smugglers.",
    "Fuel shortages have led to long queues at petrol stations in the capital in recent weeks.",
    "Teachers and health workers went on strike last month over unpaid salaries.",
    "The government has announced plans to recruit thousands of new police officers and to "
    "equip them with better vehicles.",
    "Most of the town's residents are farmers or herders, and many depend on remittances from relatives abroad.",
    "Religious and community leaders have called for dialogue between the rival communities.",
    "The International Monetary Fund approved a new loan programme in the spring, tied to reforms of fuel subsidies.",
]
_REACTIONS = [
    "The United Nations secretary-general condemned the attack and called for those "
    "responsible to be brought to justice.",
    "The European Union said it stood with the people of {country} and offered its condolences "
    "to the victims' families.",
    "The African Union urged all parties to exercise restraint and to protect civilians.",
    "The government declared three days of national mourning, and flags flew at half-mast on public buildings.",
    "Opposition leaders accused the government of failing to protect the population and "
    "demanded the resignation of the security minister.",
]
_NAMES = [
    "Ahmed", "Fatima", "Moussa", "Amina", "Yusuf", "Halima", "Abdullahi", "Mariam", "Omar",
    "Zainab",
]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(index: int, *, words: int = 300, seed: int = 0) -> dict[str, Any]:
    """One native-format article of about ``words`` words."""
    rng = random.Random(seed * 1_000_003 + index)
    city, country = rng.choice(_PLACES)
    agency = rng.choice(_AGENCIES)
    published = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(24 * 365))

    def fill(template: str) -> str:
        text = template.format(
            actor=rng.choice(_ACTORS), place=city.title(), day=rng.choice(_DAYS),
            country=country, n=rng.randint(2, 60), m=rng.randint(2, 90),
            source=rng.choice(_SOURCES), name=rng.choice(_NAMES), agency=agency,
            year=rng.randint(2012, 2022), pct=rng.randint(3, 40),
        )  # fmt: skip
        return text[0].upper() + text[1:]

    dateline = f"{city.title()}, {country}, {published:%b} {published.day} ({agency}) -"
    lede = f"{dateline} {fill(rng.choice(_VIOLENCE))}"
    paragraphs = [lede]
    total = len(lede.split())
    # The story's order: details, then (as length allows) quotes, reactions and background,
    # with another event report now and then, as running stories add the day's other news.
    while total < words:
        depth = len(paragraphs)
        roll = rng.random()
        if depth < 3:
            pool = _DETAILS if roll < 0.7 else _VIOLENCE
        elif roll < 0.12:
            pool = _VIOLENCE
        elif roll < 0.22:
            pool = _DETAILS
        elif roll < 0.34:
            pool = _QUOTES
        elif roll < 0.42:
            pool = _REACTIONS
        else:
            pool = _BACKGROUND
        count = 1 if pool is _QUOTES or rng.random() < 0.5 else 2
        sentences = [fill(rng.choice(pool)) for _ in range(count)]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph.split())
    return {
        "id": f"synthetic-{seed}-{index}",
        "headline": f"Violence in {city.title()}",
        "body": "\n\n".join(paragraphs),
        "published_at": published.isoformat(),
        "source": "synthetic",
    }


def articles(count: int, *, min_words: int = 200, max_words: int = 2000, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``count`` articles, lengths spread log-uniformly between the bounds, as wire copy is."""
    rng = random.Random(seed)
    for index in range(count):
        words = int(min_words * (max_words / min_words) ** rng.random())
        yield article(index, words=words, seed=seed)
