"""Offline language identification."""

from __future__ import annotations

from worker.core.language import detect_language


def test_detects_english_and_french() -> None:
    assert (
        detect_language("Gunmen killed at least five people in an attack on a village on Sunday, police said.") == "en"
    )
    assert (
        detect_language("Des hommes armés ont tué au moins cinq personnes dans une attaque contre un village.") == "fr"
    )


def test_falls_back_to_the_feed_hint_when_unsure() -> None:
    assert detect_language("12 34", "en-GB") == "en"
    assert detect_language("12 34") is None
