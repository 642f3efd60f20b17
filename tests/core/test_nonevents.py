"""Negated, modal, intended, habitual and historical mentions are not coded."""

from __future__ import annotations

import pytest
from spacy.language import Language

from worker.core.definitions import trigger_defs
from worker.core.nlp.triggers import SPANS_KEY
from worker.core.nonevents import is_negated, is_summary, nonevent_reason

pytestmark = pytest.mark.model


def _reason(nlp: Language, text: str, word: str) -> str | None:
    doc = nlp(text)
    span = next(s for s in doc.spans[SPANS_KEY] if s.text == word)
    return nonevent_reason(span.root, trigger_defs()[span.label_])


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        ("The rebels did not attack the town.", "attack", "negated"),
        ("The army could attack the town next week.", "attack", "modal"),
        ("The militants plan to attack the town.", "attack", "irrealis"),
        ("Bandits regularly raid villages in the region.", "raid", "habitual"),
        ("The war has killed more than 600 people.", "killed", "cumulative"),
        ("We don't know if the town will be attacked again.", "attacked", "modal"),
        ("It was the worst attack since the group was defeated.", "defeated", None),
    ],
)
def test_reasons(nlp: Language, text: str, word: str, reason: str | None) -> None:
    doc = nlp(text)
    if word not in {s.text for s in doc.spans[SPANS_KEY]}:
        assert reason is None
        return
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Gunmen attacked a village on Sunday.", "attacked"),
        ("Troops continued to battle jihadists in the city.", "battle"),
        ("Police fired tear gas to disperse protesters who had rallied outside parliament.", "rallied"),
        ("At least five civilians were reported killed.", "killed"),
    ],
)
def test_real_events_pass(nlp: Language, text: str, word: str) -> None:
    assert _reason(nlp, text, word) is None


def test_no_one_killed_is_a_negated_count(nlp: Language) -> None:
    doc = nlp("A bomb exploded near the station but no one was killed.")
    killed = next(s for s in doc.spans[SPANS_KEY] if s.text == "killed")
    assert is_negated(killed.root)
    assert nonevent_reason(killed.root, trigger_defs()[killed.label_]) is None


def test_summaries(nlp: Language) -> None:
    doc = nlp("Six soldiers were killed in two attacks. The group claimed both attacks.")
    attacks = [s.root for s in doc.spans[SPANS_KEY] if s.text == "attacks"]
    assert attacks and all(is_summary(t) for t in attacks)
