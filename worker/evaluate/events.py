"""Score event extraction against ``events_gold*.jsonl`` (one annotated article a line).

Metric definitions
==================

Matching. Each gold event's ``evidence`` is located in the enriched record's
``article.text`` (the cleaned body: the dateline and boilerplate are gone, so offsets are
found by string search, first occurrence; whitespace differences are tolerated). A predicted
event matches a gold event when any of its mention triggers lies inside the evidence span.
Matching is one-to-one and greedy in gold order; among candidates the predicted event whose
main trigger lies in the span wins, then the one with most triggers inside, then the first.

Event detection. Precision = matched / predicted events, recall = matched / gold events,
F1 their harmonic mean. ``non-events coded`` counts predicted events all of whose mention
triggers lie inside the article's ``non_events`` spans (they are also false positives).

Fields, over matched pairs. For each field a pair is both-empty, predicted-only (a false
positive), gold-only (a false negative) or both-filled, which is a true positive when the
values agree and both a false positive and a false negative when they do not. Precision =
TP / (TP + FP), recall = TP / (TP + FN); accuracy = (TP + both-empty) / matched pairs.

- ``plover_type``: PLOVER type equal. ``acled_type``: ACLED event type equal (None for
  events ACLED does not code).
- ``actor`` / ``target``: right when one predicted party agrees with the gold party: both
  name the same dictionary actor (``lexicons/actors.jsonl``, aliases and parenthesised
  acronyms included); else their names share all content words of the shorter; else, when
  the gold name is not in the dictionary, the kinds are equal.
- ``country``: location ISO3 equal. ``within_25km``: predicted coordinates within 25 km of the
  gold ones (pairs whose gold location has coordinates; a country-level prediction is wrong).
- ``date``: the resolved day equal.
- ``killed_exact``: ``best`` equal. ``killed_bounds``: predicted ``best`` within the gold
  range [lowest of min/best, max (open when None)].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from worker.core.definitions import actors_by_name
from worker.core.enrich import Enriched, Enricher
from worker.core.merging import distance_km

FIELDS = (
    "plover_type", "acled_type", "actor", "target", "country", "within_25km", "date",
    "killed_exact", "killed_bounds",
)  # fmt: skip
_STOP = {"the", "a", "an", "of", "and", "suspected", "forces", "force", "group", "s", "'s"}
_PAREN = re.compile(r"\(([^()]+)\)")


@dataclass(slots=True)
class FieldScore:
    """Counts for one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    empty: int = 0
    pairs: int = 0

    def add(self, predicted: Any, gold: Any, agree: Callable[[Any, Any], bool]) -> None:
        """Score one matched pair."""
        self.pairs += 1
        if predicted is None and gold is None:
            self.empty += 1
        elif gold is None:
            self.fp += 1
        elif predicted is None:
            self.fn += 1
        elif agree(predicted, gold):
            self.tp += 1
        else:
            self.fp += 1
            self.fn += 1

    def merge(self, other: FieldScore) -> None:
        """Add another file's counts."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.empty += other.empty
        self.pairs += other.pairs

    @property
    def precision(self) -> float:
        """TP / (TP + FP)."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """TP / (TP + FN)."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        """(TP + both empty) / pairs."""
        return _ratio(self.tp + self.empty, self.pairs)


@dataclass(slots=True)
class EventScores:
    """Scores of one gold file (or several, merged)."""

    name: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    nonevents_coded: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    misses: list[str] = field(default_factory=list)

    def merge(self, other: EventScores) -> None:
        """Add another file's scores."""
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.nonevents_coded += other.nonevents_coded
        for name, score in other.fields.items():
            self.fields[name].merge(score)

    @property
    def detection(self) -> FieldScore:
        """Event detection as a field: TP matched, FP unmatched predictions, FN missed gold."""
        return FieldScore(
            tp=self.matched,
            fp=self.predicted - self.matched,
            fn=self.gold - self.matched,
            pairs=self.gold,
        )


def score_file(path: Path, enricher: Enricher) -> EventScores:
    """Run the enricher on every article of ``path`` and score its events."""
    rows = [orjson.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = EventScores(path.name)
    for row in rows:
        raw = {k: v for k, v in row.items() if k not in {"events", "non_events"}}
        outcome = enricher.enrich(orjson.dumps(raw))
        record = orjson.loads(outcome.value) if isinstance(outcome, Enriched) else None
        score_article(row, record, scores)
    return scores


def score_article(row: dict[str, Any], record: dict[str, Any] | None, scores: EventScores) -> None:
    """Score one article's predicted events (``record``; None when it was rejected)."""
    gold_events = row.get("events", [])
    predicted = record["events"] if record else []
    text = record["article"]["text"] if record else row.get("body", "")
    scores.gold += len(gold_events)
    scores.predicted += len(predicted)
    non_spans = [s for phrase in row.get("non_events", []) if (s := locate(text, phrase)) is not None]
    for event in predicted:
        triggers = [m["trigger"] for m in event.get("mentions") or [{"trigger": event["trigger"]}]]
        if non_spans and all(any(_inside(t, s) for s in non_spans) for t in triggers):
            scores.nonevents_coded += 1
    free = list(range(len(predicted)))
    for gold in gold_events:
        span = locate(text, gold["evidence"])
        best = None if span is None else _best_match(span, [predicted[i] for i in free])
        if best is None:
            scores.misses.append(f"{row['id']}: {gold['evidence'][:70]}")
            continue
        event = predicted[free.pop(best)]
        scores.matched += 1
        _score_fields(event, gold, scores.fields)


def locate(text: str, phrase: str) -> tuple[int, int] | None:
    """Character span of ``phrase`` in ``text`` (whitespace-insensitive), or None."""
    at = text.find(phrase)
    if at >= 0:
        return at, at + len(phrase)
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    match = re.search(pattern, text) if pattern else None
    return (match.start(), match.end()) if match else None


def _inside(trigger: dict[str, Any], span: tuple[int, int]) -> bool:
    return bool(span[0] <= trigger["start"] and trigger["end"] <= span[1])


def _best_match(span: tuple[int, int], candidates: list[dict[str, Any]]) -> int | None:
    best, best_key = None, None
    for i, event in enumerate(candidates):
        triggers = [m["trigger"] for m in event.get("mentions") or []] or [event["trigger"]]
        inside = sum(_inside(t, span) for t in triggers)
        if not inside:
            continue
        key = (_inside(event["trigger"], span), inside, -i)
        if best_key is None or key > best_key:
            best, best_key = i, key
    return best


def _score_fields(event: dict[str, Any], gold: dict[str, Any], fields: dict[str, FieldScore]) -> None:
    fields["plover_type"].add(event["plover"]["type"], gold.get("plover_type"), _eq)
    fields["acled_type"].add(event["acled"]["event_type"], gold.get("acled_event_type"), _eq)
    fields["actor"].add(event["actors"] or None, gold.get("actor"), _any_party)
    fields["target"].add(event["targets"] or None, gold.get("target"), _any_party)
    location, gold_location = event.get("location"), gold.get("location")
    fields["country"].add(
        location["country"] if location else None,
        gold_location["country"] if gold_location else None,
        _eq,
    )
    if gold_location and gold_location.get("lat") is not None:
        fields["within_25km"].add(location, gold_location, _near)
    date = event.get("date")
    fields["date"].add(date["value"] if date else None, gold.get("date"), _eq)
    killed, gold_killed = event["casualties"].get("killed"), gold.get("killed")
    fields["killed_exact"].add(killed, gold_killed, lambda p, g: p["best"] == g["best"])
    fields["killed_bounds"].add(killed, gold_killed, _within_bounds)


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _near(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    if predicted.get("lat") is None or predicted.get("lon") is None:
        return False
    return distance_km(predicted["lat"], predicted["lon"], gold["lat"], gold["lon"]) <= 25.0


def _within_bounds(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    best = predicted.get("best")
    if best is None:
        return False
    lows = [v for v in (gold.get("min"), gold.get("best")) if v is not None]
    low = min(lows) if lows else 0
    high = gold.get("max")
    return bool(low <= best and (high is None or best <= high))


def _any_party(predicted: list[dict[str, Any]], gold: dict[str, Any]) -> bool:
    return any(party_agrees(p, gold) for p in predicted)


def party_agrees(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Return the actor/target rule of the module docstring."""
    gold_entry = _dictionary_name(gold["name"])
    predicted_entry = _dictionary_name(predicted["name"]) or _dictionary_name(predicted.get("text", ""))
    if gold_entry and predicted_entry:
        return gold_entry == predicted_entry
    gold_words, predicted_words = _content(gold["name"]), _content(predicted["name"])
    if gold_words and predicted_words:
        shorter, longer = sorted((gold_words, predicted_words), key=len)
        if shorter <= longer:
            return True
    return gold_entry is None and predicted["kind"] == gold.get("kind")


def _dictionary_name(name: str) -> str | None:
    index = actors_by_name()
    for candidate in (name, *_PAREN.findall(name), _PAREN.sub("", name).strip()):
        entry = index.get(candidate.strip().lower())
        if entry is not None:
            return entry.name
    return None


def _content(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", _PAREN.sub("", name).lower()) if w not in _STOP}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def table(scores: Iterable[EventScores]) -> str:
    """Return the printed table: detection and per-field P/R/F1/accuracy, per file and combined."""
    lines = []
    for s in scores:
        lines.append(
            f"== {s.name}: {s.gold} gold events, {s.predicted} predicted, "
            f"{s.matched} matched, {s.nonevents_coded} non-events coded"
        )
        lines.append(f"{'field':<16}{'n':>5}{'P':>8}{'R':>8}{'F1':>8}{'acc':>8}")
        rows = [("detection", s.detection), *s.fields.items()]
        for name, f in rows:
            n = f.pairs
            lines.append(f"{name:<16}{n:>5}{f.precision:>8.3f}{f.recall:>8.3f}{f.f1:>8.3f}{f.accuracy:>8.3f}")
        lines.append("")
    return "\n".join(lines)
