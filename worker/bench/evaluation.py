"""Accuracy for the report: the ``eventwire eval`` scores with the prefilter off and on.

The same scorers as ``eventwire eval`` (:mod:`worker.evaluate`), on the same gold files, with
one enricher per configuration; only the figures the table needs are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from worker.core.enrich import Enriched, Enricher
from worker.core.pipeline import load_pipeline

_MAX_BYTES = 64 * 1024 * 1024


def compare(paths: Sequence[Path], *, model: str) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Scores by metric as (prefilter off, prefilter on), and notes on what was not scored."""
    nlp = load_pipeline(model)
    full = scores(paths, Enricher(nlp, model_name=model, max_bytes=_MAX_BYTES))
    pre = scores(paths, Enricher(nlp, model_name=model, max_bytes=_MAX_BYTES, prefilter=True))
    notes = [] if full else [f"no events or confidence gold among {len(paths)} file(s): accuracy not measured"]
    return {k: (full[k], pre[k]) for k in full if k in pre}, notes


def scores(paths: Sequence[Path], enricher: Enricher) -> dict[str, float]:
    """Event detection F1, mean field F1 and confidence-flag accuracy over the gold files."""
    from worker.evaluate import gold_shape
    from worker.evaluate.confidence import score as score_confidence
    from worker.evaluate.events import EventScores, score_file

    events = EventScores("all")
    flags_right = flags_total = 0
    for path in paths:
        shape = gold_shape(path)
        if shape == "events":
            events.merge(score_file(path, enricher))
        elif shape == "confidence":
            items = score_confidence(path, enricher).items
            flags_right += sum(i.gold_flag == i.predicted_flag for i in items)
            flags_total += len(items)
    out: dict[str, float] = {}
    if events.gold:
        out["event detection F1"] = events.detection.f1
        fields = list(events.fields.values())
        out["event fields, mean F1"] = sum(f.f1 for f in fields) / len(fields)
    if flags_total:
        out["confidence flag accuracy"] = flags_right / flags_total
    return out


def agreement(raws: Sequence[bytes], *, model: str) -> dict[str, float]:
    """How much of the full pipeline's output the prefiltered one reproduces on ``raws``.

    The gold files are short, dense reports where the prefilter keeps almost everything; the
    benchmark's long stories are where it blanks text, so this compares the two pipelines'
    events there directly: an event is *found* when the prefiltered record has an event with
    the same trigger offset and PLOVER type, *identical* when everything but its id agrees.
    """
    nlp = load_pipeline(model)
    full = Enricher(nlp, model_name=model, max_bytes=_MAX_BYTES)
    pre = Enricher(nlp, model_name=model, max_bytes=_MAX_BYTES, prefilter=True)
    total = found = identical = articles_same = 0
    for raw in raws:
        a, b = _events(full, raw), _events(pre, raw)
        by_trigger = {(e["trigger"]["start"], e["plover"]["type"]): e for e in b}
        for event in a:
            other = by_trigger.get((event["trigger"]["start"], event["plover"]["type"]))
            total += 1
            found += other is not None
            identical += other is not None and _without_id(other) == _without_id(event)
        articles_same += [_without_id(e) for e in a] == [_without_id(e) for e in b]
    return {
        "events found (of the full pipeline's)": found / max(1, total),
        "events identical": identical / max(1, total),
        "articles with identical events": articles_same / max(1, len(raws)),
    }


def _events(enricher: Enricher, raw: bytes) -> list[dict[str, Any]]:
    outcome = enricher.enrich(raw)
    if not isinstance(outcome, Enriched):
        return []
    events: list[dict[str, Any]] = orjson.loads(outcome.value)["events"]
    return events


def _without_id(event: dict[str, Any]) -> dict[str, Any]:
    return {k: _trimmed(v) for k, v in event.items() if k != "id"}


def _trimmed(value: Any) -> Any:
    # A sentence span ends after the whitespace that follows it, and blanking lengthens that
    # whitespace: compare spans without their trailing whitespace.
    if isinstance(value, list):
        return [_trimmed(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _trimmed(v) for k, v in value.items()}
    if isinstance(out.get("text"), str) and isinstance(out.get("end"), int) and "start" in out:
        out["text"] = out["text"].rstrip()
        out["end"] = out["start"] + len(out["text"])
    return out
