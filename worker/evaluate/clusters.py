"""Score cross-article clustering against hand-labelled article pairs (``cluster_pairs.jsonl``).

Each line holds two native articles ``a`` and ``b`` and ``same_event``: do they report the same
real-world event? A pair is predicted "same" when clustering ``a`` then ``b`` (exactly as the
stream agent does, through :class:`~worker.core.clustering.replay.Replay`) leaves a cluster
holding events of both articles.

Two figures, to tell extraction errors from matching errors:

* **pipeline**: both articles go through the real :class:`~worker.core.enrich.Enricher`, so
  the score measures extraction (type, place, date, actors, tolls) and matching together;
* **gold events** (when the lines carry ``gold``): each article's hand-annotated main event,
  geocoded with the same gazetteer, is clustered instead: the matching rules alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from worker.core.clustering import compare, members_from_record, partition_key
from worker.core.clustering.replay import Replay
from worker.core.enrich import Enriched, Enricher
from worker.core.geo import Gazetteer
from worker.core.lexicons import load_jsonl
from worker.core.location import place_location


@dataclass(frozen=True, slots=True)
class PairOutcome:
    """One scored pair."""

    id: str
    gold: bool
    predicted: bool
    note: str
    why: str  # the deciding evidence, for the error list


@dataclass(slots=True)
class PairScores:
    """Confusion counts over pairs and the figures derived from them."""

    name: str
    outcomes: list[PairOutcome] = field(default_factory=list)

    def _count(self, gold: bool, predicted: bool) -> int:
        return sum(1 for o in self.outcomes if o.gold is gold and o.predicted is predicted)

    @property
    def tp(self) -> int:
        """Same event, clustered together."""
        return self._count(True, True)

    @property
    def fp(self) -> int:
        """Different events, clustered together."""
        return self._count(False, True)

    @property
    def fn(self) -> int:
        """Same event, left apart."""
        return self._count(True, False)

    @property
    def tn(self) -> int:
        """Different events, left apart."""
        return self._count(False, False)

    @property
    def precision(self) -> float:
        """Share of pairs clustered together that are the same event."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of same-event pairs clustered together."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def accuracy(self) -> float:
        """Share of pairs decided right."""
        return (self.tp + self.tn) / len(self.outcomes) if self.outcomes else 0.0

    def errors(self) -> list[PairOutcome]:
        """The pairs decided wrong."""
        return [o for o in self.outcomes if o.gold is not o.predicted]


def load_pairs(path: Path) -> list[dict[str, Any]]:
    """Read the pairs file (one JSON object a line, blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [orjson.loads(line) for line in lines if line.strip()]


def score_pairs(pairs: Iterable[Mapping[str, Any]], enricher: Enricher) -> PairScores:
    """Cluster each pair's articles as enriched by ``enricher``; score against ``same_event``."""

    def records(pair: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        a, b = (enricher.enrich(orjson.dumps(pair[side])) for side in ("a", "b"))
        return _record(a, pair["a"]["id"]), _record(b, pair["b"]["id"])

    return _score("pipeline", pairs, records)


def score_gold_events(pairs: Iterable[Mapping[str, Any]], gazetteer: Gazetteer) -> PairScores:
    """Cluster each pair's hand-annotated main events (pairs without ``gold`` are left out)."""

    def records(pair: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return (
            gold_record(pair["a"], pair["gold"]["a"], gazetteer),
            gold_record(pair["b"], pair["gold"]["b"], gazetteer),
        )

    return _score("gold events", [p for p in pairs if p.get("gold")], records)


def evaluate(path: Path, enricher: Enricher) -> str:
    """Score ``path`` with the pipeline and, when annotated, with the gold events; the tables."""
    pairs = load_pairs(path)
    scored = [score_pairs(pairs, enricher)]
    if any(p.get("gold") for p in pairs):
        scored.append(score_gold_events(pairs, enricher.gazetteer))
    return table(path.name, scored)


def table(name: str, scored: list[PairScores]) -> str:
    """Render the figures and the wrongly decided pairs."""
    same = sum(o.gold for o in scored[0].outcomes)
    lines = [
        f"== {name}: cross-article clustering, {len(scored[0].outcomes)} pairs "
        f"({same} same event, {len(scored[0].outcomes) - same} different)",
        f"{'events from':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>9}   TP FP FN TN",
    ]
    for s in scored:
        lines.append(
            f"{s.name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.accuracy:>9.3f}"
            f"   {s.tp:>2} {s.fp:>2} {s.fn:>2} {s.tn:>2}"
        )
    for s in scored:
        for error in s.errors():
            kind = "FN" if error.gold else "FP"
            lines.append(f"  {s.name} {kind} {error.id}: {error.note} -- {error.why}")
    return "\n".join(lines) + "\n"


def gold_record(article: Mapping[str, Any], event: Mapping[str, Any], gazetteer: Gazetteer) -> dict[str, Any]:
    """An enriched-shaped record holding one article's annotated main event."""
    place = gazetteer.place(event["place"], country_hint=event["country"])
    kinds = _actor_kinds()
    counts = {kind: _count(event.get(kind)) for kind in ("killed", "injured", "abducted", "arrested")}
    return {
        "article": {
            "id": article["id"],
            "published_at": article.get("published_at"),
            "headline": article.get("headline"),
            "source": article.get("source"),
            "dateline": {"place": None, "country": None, "date": None, "agencies": []},
        },
        "events": [
            {
                "id": f"{article['id']}#1",
                "plover": {"type": event["plover"], "mode": event.get("mode")},
                "acled": {"event_type": event.get("acled"), "sub_event_type": event.get("sub")},
                "actors": [{"name": n, "kind": kinds.get(n.casefold(), "other")} for n in event.get("actors", [])],
                "targets": [],
                "location": place_location(place, event["place"]) if place is not None else None,
                "date": {"text": event["date"], "value": event["date"], "precision": "day"}
                if event.get("date")
                else None,
                "casualties": counts,
                "confidence": {"flag": event.get("flag") or "confirmed", "sources": []},
            }
        ],
    }


def _score(
    name: str,
    pairs: Iterable[Mapping[str, Any]],
    records: Callable[[Mapping[str, Any]], tuple[dict[str, Any], dict[str, Any]]],
) -> PairScores:
    scores = PairScores(name)
    for pair in pairs:
        a, b = records(pair)
        replay = Replay().add_all([a, b])
        ids = {pair["a"]["id"], pair["b"]["id"]}
        together = any({m["article_id"] for m in c["members"]} >= ids for c in replay.clusters())
        scores.outcomes.append(
            PairOutcome(pair["id"], bool(pair["same_event"]), together, str(pair.get("note", "")), _why(a, b))
        )
    return scores


def _why(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    """The evidence between the two articles' closest members, or why there are none."""
    members_a, members_b = members_from_record(a), members_from_record(b)
    for side, extraction in (("a", members_a), ("b", members_b)):
        if not extraction.members:
            reasons = ", ".join(s.reason for s in extraction.skipped) or "no event extracted"
            return f"{side}: nothing to cluster ({reasons})"
    best: tuple[float, str] | None = None
    for x in members_a.members:
        for y in members_b.members:
            if partition_key(x) != partition_key(y):
                candidate = (-1.0, f"keys differ: {partition_key(x)} / {partition_key(y)}")
            else:
                comparison = compare(x, y)
                score = comparison.score if comparison.compatible else -0.5
                candidate = (score, f"score {comparison.score}: " + "; ".join(comparison.reasons))
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best[1] if best else ""


def _record(outcome: Any, article_id: str) -> dict[str, Any]:
    if isinstance(outcome, Enriched):
        record: dict[str, Any] = orjson.loads(outcome.value)
        return record
    return {"article": {"id": article_id}, "events": []}  # rejected: nothing to cluster


def _count(value: Any) -> dict[str, Any] | None:
    if not value:
        return None
    return {"text": str(value.get("best")), "min": value.get("min"), "max": value.get("max"), "best": value.get("best")}


def _actor_kinds() -> dict[str, str]:
    return {str(row["name"]).casefold(): str(row.get("kind") or "other") for row in load_jsonl("actors")}
