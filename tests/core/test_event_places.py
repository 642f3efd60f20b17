"""An event's own place: where it happened, not where its casualties were taken."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from worker.core.enrich import Enriched, Enricher

pytestmark = pytest.mark.model


def _events(enricher: Enricher, body: str) -> list[dict[str, Any]]:
    article = {"id": "t", "body": body, "published_at": "2025-06-10T10:00:00Z"}
    outcome = enricher.enrich(orjson.dumps(article))
    assert isinstance(outcome, Enriched)
    events: list[dict[str, Any]] = orjson.loads(outcome.value)["events"]
    return events


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("Gunmen killed four people in Beni on Sunday, and the wounded were taken to Goma.", "Beni"),
        ("Two soldiers were wounded and flown to a military hospital in Bacolod.", None),
        ("A bomb exploded outside a hospital in Quetta on Monday, killing six people.", "Quetta"),
    ],
)
def test_where_casualties_were_taken_is_not_the_place(enricher: Enricher, body: str, place: str | None) -> None:
    [event] = _events(enricher, body)
    assert (event["location"] or {}).get("name") == place


def test_no_one_killed_is_a_zero_of_the_attack_before_it(enricher: Enricher) -> None:
    [event] = _events(enricher, "Gunmen attacked a police checkpoint in Kidal on Sunday. No one was killed.")
    assert event["trigger"]["text"] == "attacked"
    assert event["casualties"]["killed"]["best"] == 0
