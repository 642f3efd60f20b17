"""Boilerplate removal keeps article text and drops wire furniture."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_TEXT
from worker.core.cleaning import clean_text, is_boilerplate


def test_seed_footer_removed_and_body_kept() -> None:
    cleaned = clean_text(SEED_TEXT.read_text())
    assert cleaned.removed == ("Follow the PNI Facebook page for the latest news and updates.",)
    assert "Facebook" not in cleaned.text
    assert cleaned.text.endswith("the 38-year-old told AFP.")
    assert cleaned.text.startswith("Hasakeh, Syria, Jan 21 (AFP/APP):")


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Jane Doe in Kabul; Editing by John Smith)",
        "© 2023 AFP",
        "Copyright 2022 The Associated Press. All rights reserved.",
        "Read more: Why the Sahel is burning",
        "Follow our live coverage of the war in Ukraine here.",
        "Click here to subscribe.",
        "Like us on Facebook and follow us on Twitter for updates",
        "(Reporting by Lima newsroom; Editing by Sandra Maler) Read more: Why extortion gangs target bus drivers",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Police said they would follow the suspects to their hideout.",
        "The group posted a video on Telegram claiming the attack.",
        "At least 23 people were killed, the Observatory said.",
        "(Reporting by Lima newsroom) Gunmen killed two bus drivers in Lima on Monday, police said.",
        "",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_control_characters_and_line_endings_are_normalised() -> None:
    cleaned = clean_text("One\r\nTwo\x00three\rFour\n\n\n\nFive")
    assert cleaned.text == "One\nTwo three\nFour\n\nFive"


@pytest.mark.parametrize(
    ("body", "text", "tail"),
    [
        (
            "NAIROBI (Reuters) - Police dispersed a march in the capital on Friday. "
            "(Reporting by Nairobi bureau; Editing by Tom Hale) Read more: How the protests spread",
            "NAIROBI (Reuters) - Police dispersed a march in the capital on Friday.",
            "(Reporting by Nairobi bureau; Editing by Tom Hale) Read more: How the protests spread",
        ),
        (
            "Quito (AFP) - Miners blocked the highway on Monday. © AFP",
            "Quito (AFP) - Miners blocked the highway on Monday.",
            "© AFP",
        ),
        # Text that only starts like a credit stays.
        (
            "Officials said more on this later. Read more slowly, he said.",
            "Officials said more on this later. Read more slowly, he said.",
            "",
        ),
    ],
)
def test_credits_run_onto_a_one_line_body_are_removed(body: str, text: str, tail: str) -> None:
    cleaned = clean_text(body)
    assert cleaned.text == text
    assert cleaned.removed == ((tail,) if tail else ())
