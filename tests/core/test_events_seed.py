"""The seed article (Hasakeh, AFP) through the real pipeline: what an analyst codes, exactly."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.conftest import SEED_TEXT
from worker.core.enrich import Enriched, Enricher

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def record(enricher: Enricher) -> dict[str, Any]:
    raw = {"id": "seed", "body": SEED_TEXT.read_text(encoding="utf-8"), "published_at": "2022-01-21T09:00:00Z"}
    outcome = enricher.enrich(orjson.dumps(raw))
    assert isinstance(outcome, Enriched)
    value: dict[str, Any] = orjson.loads(outcome.value)
    return value


def _events_with(record: dict[str, Any], phrase: str) -> list[dict[str, Any]]:
    """Events one of whose mention triggers lies inside ``phrase`` (located in the text)."""
    text = record["article"]["text"]
    start = text.index(phrase)
    end = start + len(phrase)
    return [
        e
        for e in record["events"]
        if any(start <= m["trigger"]["start"] and m["trigger"]["end"] <= end for m in e["mentions"])
    ]


def _one(record: dict[str, Any], phrase: str) -> dict[str, Any]:
    found = _events_with(record, phrase)
    assert len(found) == 1, (phrase, [e["trigger"] for e in found])
    return found[0]


def test_dateline_and_boilerplate(record: dict[str, Any]) -> None:
    article = record["article"]
    assert article["dateline"] == {
        "place": "Hasakeh",
        "country": "SYR",
        "date": "2022-01-21",
        "agencies": ["AFP", "APP"],
    }
    assert "Facebook" not in article["text"]
    assert any("Facebook" in line for line in article["removed"])


def test_prison_attack(record: dict[str, Any]) -> None:
    event = _one(record, "the ongoing assault on the northeastern detention facility")
    assert event["plover"]["type"] == "ASSAULT"
    assert event["acled"]["event_type"] in {"Battles", "Explosions/Remote violence"}
    assert event["casualties"]["killed"]["min"] == 23
    assert event["casualties"]["killed"]["best"] == 23
    assert event["location"]["country"] == "SYR"
    assert event["date"]["value"] == "2022-01-20"
    assert any(a["name"] == "Islamic State" and a["kind"] == "armed_group" for a in event["actors"])
    assert any(t["name"] == "Kurdish security forces" for t in event["targets"])


def test_iraq_attack(record: dict[str, Any]) -> None:
    event = _one(record, "the jihadists killed 11 soldiers in an attack on an army base")
    assert event["plover"]["type"] == "ASSAULT"
    assert event["location"]["country"] == "IRQ"
    assert event["casualties"]["killed"]["best"] == 11
    assert any(a["name"] == "Islamic State" for a in event["actors"])
    assert any(t["kind"] == "military" and t["country"] == "IRQ" for t in event["targets"])


def test_prisoners_freed(record: dict[str, Any]) -> None:
    event = _one(record, "set “dozens of IS fighters” free")
    assert (event["plover"]["type"], event["plover"]["mode"]) == ("RETREAT", "release")
    assert event["acled"]["event_type"] == "Strategic developments"


def test_fighting_in_hasakeh(record: dict[str, Any]) -> None:
    event = _one(record, "nearly 40 jihadists were killed in the ongoing fighting")
    assert event["acled"]["event_type"] == "Battles"
    killed = event["casualties"]["killed"]
    assert (killed["max"], killed["best"]) == (39, 39)
    assert event["location"]["country"] == "SYR"
    # the battle is not the prison attack that began the night before
    assert event["id"] != _one(record, "the ongoing assault on the northeastern detention facility")["id"]


def test_civilians_killed_once(record: dict[str, Any]) -> None:
    event = _one(record, "with at least five civilians reported killed")
    assert event["casualties"]["killed"]["best"] == 5
    assert event["acled"]["event_type"] == "Violence against civilians"
    # the witness's "four of our neighbours" are part of the same dead: no second event, no sum
    quoted = _events_with(record, "IS fighters killed four of our neighbours")
    assert [e["id"] for e in quoted] == [event["id"]]


def test_displacement(record: dict[str, Any]) -> None:
    event = _one(record, "forcing people to flee the area around Ghwayran prison")
    assert event["plover"]["type"] == "COERCE"
    assert event["acled"]["event_type"] is None


@pytest.mark.parametrize(
    "phrase",
    [
        "its “caliphate” was declared defeated in the war-torn country nearly three years ago",
        "analysts said they strongly suggested IS was trying to boost its ranks",
        "revived fears of an IS resurgence",
    ],
)
def test_non_events(record: dict[str, Any], phrase: str) -> None:
    text = record["article"]["text"]
    start = text.index(phrase)
    end = start + len(phrase)
    for event in record["events"]:
        assert not all(start <= m["trigger"]["start"] < end for m in event["mentions"]), event["trigger"]


def test_no_duplicates_and_order(record: dict[str, Any]) -> None:
    events = record["events"]
    assert [e["id"] for e in events] == [f"seed#{n}" for n in range(1, len(events) + 1)]
    firsts = [min(m["trigger"]["start"] for m in e["mentions"]) for e in events]
    assert firsts == sorted(firsts)
    triggers = [m["trigger"]["start"] for e in events for m in e["mentions"]]
    # a word reports one event, except in the lead, which names the attacks in both countries
    lead_end = record["article"]["text"].index("\n")
    assert all(start < lead_end for start in {t for t in triggers if triggers.count(t) > 1})
    assert len(events) == 6


def test_offsets_point_into_text(record: dict[str, Any]) -> None:
    text = record["article"]["text"]
    for event in record["events"]:
        for mention in event["mentions"]:
            for span in (mention["trigger"], mention["sentence"]):
                assert text[span["start"] : span["end"]] == span["text"]
