"""Score the PLOVER type on the PLOVER gold-standard records (``devset/plover_gsr_cameo.json``).

The records (322 short sentences from the CAMEO manual, each coded with one PLOVER event;
CC BY-SA 4.0, Copyright 2016 by the Open Event Data Alliance) use version 0.5b1 labels,
mapped here to current PLOVER: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE,
FIGHT -> ASSAULT. The first record is a DOCUMENT header and is skipped.

Each sentence is enriched as an article published on the record's date. The scored event is
the one whose triggers share a word with the record's ``eventText`` (its event words), else
the first. Reported: detection (share of sentences with an event), type accuracy over all
sentences (no event counts as wrong) and over detected ones, and accuracy per gold type.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from worker.core.enrich import Enriched, Enricher, RawItem

LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_BATCH = 32


def load(path: Path) -> list[dict[str, Any]]:
    """Load the event records of the devset file (the DOCUMENT header dropped)."""
    records: list[dict[str, Any]] = orjson.loads(path.read_bytes())
    return [r for r in records if r.get("event") not in (None, "DOCUMENT") and r.get("text")]


def evaluate(path: Path, enricher: Enricher) -> str:
    """Score the PLOVER type on ``path`` and return the printed table."""
    records = load(path)
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    detected = 0
    for start in range(0, len(records), _BATCH):
        batch = records[start : start + _BATCH]
        items = [RawItem(orjson.dumps(_article(r))) for r in batch]
        for record, outcome in zip(batch, enricher.enrich_batch(items), strict=True):
            gold = LABELS.get(record["event"], record["event"])
            total[gold] += 1
            predicted = _predicted_type(record, outcome)
            if predicted is not None:
                detected += 1
                right[gold] += predicted == gold
    n = sum(total.values())
    hits = sum(right.values())
    lines = [
        f"== {path.name}: {n} PLOVER gold sentences (CC BY-SA 4.0, Open Event Data Alliance)",
        f"{'detection':<16}{detected / n if n else 0:>8.3f}",
        f"{'type accuracy':<16}{hits / n if n else 0:>8.3f}"
        f"   (over detected: {hits / detected if detected else 0:.3f})",
        f"{'by gold type':<16}{'n':>5}{'acc':>8}",
    ]
    for label in sorted(total):
        lines.append(f"  {label:<14}{total[label]:>5}{right[label] / total[label]:>8.3f}")
    return "\n".join(lines) + "\n"


def _article(record: dict[str, Any]) -> dict[str, Any]:
    article: dict[str, Any] = {"id": record["id"], "body": record["text"], "language": "en"}
    if record.get("date"):
        article["published_at"] = f"{record['date']}T12:00:00Z"
    return article


def _predicted_type(record: dict[str, Any], outcome: object) -> str | None:
    if not isinstance(outcome, Enriched):
        return None
    events = orjson.loads(outcome.value)["events"]
    if not events:
        return None
    words = {w.lower() for w in str(record.get("eventText", "")).split()}
    for event in events:
        triggers = {w.lower() for m in event.get("mentions", []) for w in m["trigger"]["text"].split()}
        if triggers & words:
            return str(event["plover"]["type"])
    return str(events[0]["plover"]["type"])
