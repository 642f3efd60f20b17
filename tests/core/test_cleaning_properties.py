"""Properties of text cleaning: bounded, idempotent, and it never rewrites a line it keeps."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from worker.core.cleaning import MAX_BOILERPLATE_LINE, clean_text, is_boilerplate

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
FAST = settings(max_examples=300, deadline=None)

# Lines that look like wire copy and boilerplate, mixed with arbitrary text and controls.
boilerplate_lines = st.sampled_from(
    [
        "© 2024 AFP. All rights reserved.",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Follow us on Twitter for the latest news",
        "Read more: the full story",
        "Click here to subscribe",
        "This story has been corrected to fix a date.",
        "ap/afp/xinhua",
    ]
)
article_lines = st.sampled_from(
    [
        "KABUL, Afghanistan (AP) - A bomb exploded near a market on Monday, police said.",
        "At least 12 people were killed, officials said.",
        "",
        "   ",
        "Residents said they heard gunfire late into the night.",
    ]
)
any_line = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=120)
documents = st.lists(boilerplate_lines | article_lines | any_line, max_size=25).map("\n".join)
line_breaks = st.sampled_from(["\n", "\r\n", "\r"])


@FAST
@given(documents)
def test_output_has_no_control_characters_or_blank_runs_and_is_trimmed(body: str) -> None:
    cleaned = clean_text(body)
    assert not CONTROL.search(cleaned.text)
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()
    assert len(cleaned.text) <= len(body)


@FAST
@given(documents)
def test_cleaning_is_idempotent(body: str) -> None:
    once = clean_text(body).text
    assert clean_text(once).text == once


@FAST
@given(documents)
def test_kept_lines_are_input_lines_verbatim_and_removed_lines_are_boilerplate(body: str) -> None:
    normalised = CONTROL.sub(" ", body.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    cleaned = clean_text(body)
    kept = [line for line in cleaned.text.split("\n") if line.strip()]
    for line in kept:
        assert any(line.strip() == source.strip() and line in source for source in normalised), line
        assert not is_boilerplate(line)
    for line in cleaned.removed:
        assert is_boilerplate(line)
        assert line in (source.strip() for source in normalised)


@FAST
@given(st.lists(article_lines | boilerplate_lines, min_size=1, max_size=10), line_breaks)
def test_line_break_style_does_not_change_the_result(lines: list[str], newline: str) -> None:
    assert clean_text(newline.join(lines)) == clean_text("\n".join(lines))


@FAST
@given(st.text(min_size=1, max_size=50), st.integers(min_value=1, max_value=5000))
def test_lines_longer_than_boilerplate_are_always_kept(head: str, padding: int) -> None:
    line = "© " + head.replace("\n", " ") + " x" * (MAX_BOILERPLATE_LINE + padding)
    assert not is_boilerplate(line)
