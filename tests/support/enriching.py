"""Run one article body through the enricher and read its events, for the extraction tests."""

from __future__ import annotations

from typing import Any

import orjson

from worker.core.enrich import Enriched, Enricher

# A Tuesday: "on Monday" in a body is 2025-06-09.
PUBLISHED_AT = "2025-06-10T10:00:00Z"


def events_of(enricher: Enricher, body: str, published_at: str = PUBLISHED_AT) -> list[dict[str, Any]]:
    """The events of the record the enricher makes of ``body``."""
    article = {"id": "t", "body": body, "published_at": published_at}
    outcome = enricher.enrich(orjson.dumps(article))
    assert isinstance(outcome, Enriched)
    events: list[dict[str, Any]] = orjson.loads(outcome.value)["events"]
    return events
