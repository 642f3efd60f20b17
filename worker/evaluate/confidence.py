"""Score the source-confidence flag against ``confidence_gold.jsonl``.

Each gold item is a short text reporting one event. It goes through the real enricher; the
event whose mentions cover most of the text is the one scored (the first on a tie). When no
event is detected, the article-level ``source_confidence`` (which then treats the whole text
as one report) and its first source are scored instead, so the flag's score does not hang on
event detection alone; the report says how many items took each path.

Scored: the flag (per-flag precision/recall/F1, macro-F1, accuracy, confusion matrix) and the
source type (accuracy over all items, where a plain wire statement is ``None`` on both sides,
and over items with a typed gold source).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from worker.core.enrich import Enriched, Enricher
from worker.core.records import FLAGS

_NO_SOURCE = ("wire", None)


@dataclass(frozen=True, slots=True)
class Item:
    """One scored gold item."""

    id: str
    gold_flag: str
    predicted_flag: str
    gold_type: str | None
    predicted_type: str | None
    via: str  # "event" or "article"


@dataclass(slots=True)
class Scores:
    """Per-item outcomes and the numbers derived from them."""

    items: list[Item] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of items whose flag is right."""
        return _share(i.gold_flag == i.predicted_flag for i in self.items)

    @property
    def type_accuracy(self) -> float:
        """Share of items whose source type is right (``None`` = the wire's own statement)."""
        return _share(i.gold_type == i.predicted_type for i in self.items)

    @property
    def typed_accuracy(self) -> float:
        """Source-type accuracy over the items whose gold source has a type."""
        return _share(i.gold_type == i.predicted_type for i in self.items if i.gold_type is not None)

    def per_flag(self) -> dict[str, tuple[float, float, float, int]]:
        """Flag -> (precision, recall, F1, gold support)."""
        table: dict[str, tuple[float, float, float, int]] = {}
        for flag in FLAGS:
            tp = sum(1 for i in self.items if i.gold_flag == flag and i.predicted_flag == flag)
            predicted = sum(1 for i in self.items if i.predicted_flag == flag)
            support = sum(1 for i in self.items if i.gold_flag == flag)
            precision = tp / predicted if predicted else 0.0
            recall = tp / support if support else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            table[flag] = (precision, recall, f1, support)
        return table

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the flags that occur in the gold."""
        rows = [row for row in self.per_flag().values() if row[3]]
        return sum(row[2] for row in rows) / len(rows) if rows else 0.0

    def confusion(self) -> Counter[tuple[str, str]]:
        """(gold flag, predicted flag) -> count."""
        return Counter((i.gold_flag, i.predicted_flag) for i in self.items)


def _share(hits: Iterable[bool]) -> float:
    values = list(hits)
    return sum(values) / len(values) if values else 0.0


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Load the gold items of a JSONL file (blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [orjson.loads(line) for line in lines if line.strip()]


def score(path: Path, enricher: Enricher) -> Scores:
    """Run every gold item through ``enricher`` and compare flag and source type."""
    scores = Scores()
    for row in load_gold(path):
        raw = {"id": row["id"], "body": row["text"], "published_at": row.get("published_at")}
        if row.get("source"):
            raw["source"] = row["source"]
        outcome = enricher.enrich(orjson.dumps(raw))
        if not isinstance(outcome, Enriched):
            flag, source_type, via = "unconfirmed", None, f"rejected:{outcome.reason}"
        else:
            flag, source_type, via = predicted(orjson.loads(outcome.value))
        scores.items.append(Item(row["id"], row["flag"], flag, row.get("source_type"), source_type, via))
    return scores


def predicted(record: dict[str, Any]) -> tuple[str, str | None, str]:
    """Return the scored flag and source type of a record, and which path gave them."""
    events = record.get("events") or []
    if events:
        event = max(events, key=lambda e: (_coverage(e), -events.index(e)))
        confidence = event["confidence"]
        via = "event"
    else:
        confidence = record["source_confidence"]
        via = "article"
    sources = confidence.get("sources") or []
    source_type = sources[0]["type"] if sources else None
    return confidence["flag"], None if source_type in _NO_SOURCE else source_type, via


def _coverage(event: dict[str, Any]) -> int:
    spans = {(m["sentence"]["start"], m["sentence"]["end"]) for m in event.get("mentions", [])}
    spans.add((event["sentence"]["start"], event["sentence"]["end"]))
    return sum(end - start for start, end in spans)


def report(scores: Scores, title: str) -> str:
    """Format the printed report: per-flag table, confusion matrix, source types, misses."""
    items = scores.items
    via = Counter(i.via for i in items)
    lines = [
        f"Source confidence: {title} ({len(items)} items; scored on "
        + ", ".join(f"{n} via {k}" for k, n in sorted(via.items())) + ")",
        "",
        f"{'flag':<12}{'precision':>10}{'recall':>10}{'F1':>8}{'support':>9}",
    ]  # fmt: skip
    for flag, (precision, recall, f1, support) in scores.per_flag().items():
        lines.append(f"{flag:<12}{precision:>10.3f}{recall:>10.3f}{f1:>8.3f}{support:>9}")
    lines += [
        "",
        f"flag accuracy        {scores.accuracy:.3f}",
        f"macro-F1             {scores.macro_f1:.3f}",
        f"source type accuracy {scores.type_accuracy:.3f} (all items; plain wire statement = none)",
        f"                     {scores.typed_accuracy:.3f} (items with a typed gold source)",
        "",
        "confusion (rows gold, columns predicted)",
        f"{'':<12}" + "".join(f"{flag[:10]:>12}" for flag in FLAGS),
    ]
    confusion = scores.confusion()
    for gold in FLAGS:
        lines.append(f"{gold:<12}" + "".join(f"{confusion[(gold, p)]:>12}" for p in FLAGS))
    misses = [i for i in items if i.gold_flag != i.predicted_flag or i.gold_type != i.predicted_type]
    if misses:
        lines += ["", "misses (id: gold flag/type -> predicted flag/type)"]
        lines += [f"  {i.id}: {i.gold_flag}/{i.gold_type} -> {i.predicted_flag}/{i.predicted_type}" for i in misses]
    return "\n".join(lines)


def evaluate(path: Path, enricher: Enricher) -> str:
    """Score a confidence gold file; the returned text is the printed report."""
    return report(score(path, enricher), path.name)
