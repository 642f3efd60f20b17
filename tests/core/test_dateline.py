"""Datelines in the shapes wires use."""

from __future__ import annotations

from datetime import date

import pytest

from worker.core.dateline import parse_dateline
from worker.core.geo import default_gazetteer

REF = date(2022, 1, 21)


@pytest.mark.parametrize(
    ("text", "place", "country", "when", "agencies", "rest"),
    [
        (
            "Hasakeh, Syria, Jan 21 (AFP/APP):The Islamic",
            "Hasakeh",
            "SYR",
            date(2022, 1, 21),
            ("AFP", "APP"),
            "The Islamic",
        ),
        ("KABUL, Afghanistan (AP) — A bomb", "Kabul", "AFG", None, ("AP",), "A bomb"),
        ("BAGHDAD (Reuters) - Two rockets", "Baghdad", "IRQ", None, ("Reuters",), "Two rockets"),
        ("Peshawar, Pakistan, 12 March 2023 (AFP) - Gunmen", "Peshawar", "PAK", date(2023, 3, 12), ("AFP",), "Gunmen"),
        ("KYIV, Dec 31 (AFP) - Drones", "Kyiv", "UKR", date(2021, 12, 31), ("AFP",), "Drones"),
        ("GAO, Mali — Gunmen", "Gao", "MLI", None, (), "Gunmen"),
    ],
)
def test_datelines(
    text: str, place: str, country: str, when: date | None, agencies: tuple[str, ...], rest: str
) -> None:
    dateline = parse_dateline(text, default_gazetteer(), reference=REF)
    assert (dateline.place, dateline.country, dateline.date, dateline.agencies) == (place, country, when, agencies)
    assert text[dateline.end :] == rest


@pytest.mark.parametrize(
    "text",
    [
        "The army (AFP) said nothing.",
        "Smith said on Monday that talks would resume.",
        "",
        "At least 5 died.",
        # A lead naming a group by its acronym: a place name has no digits.
        "About 2,000 members of the Farmers Union (FU) blocked the road.",
    ],
)
def test_no_dateline(text: str) -> None:
    dateline = parse_dateline(text, default_gazetteer(), reference=REF)
    assert dateline.end == 0
    assert dateline.place is None
