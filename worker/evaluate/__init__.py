"""Scoring the pipeline against hand-annotated gold files (``eventwire eval``).

Each gold file is scored by the module for its shape: event gold (JSONL lines with
``events``) by :mod:`worker.evaluate.events`, the PLOVER devset (a JSON list of records with
``event``) by :mod:`worker.evaluate.plover`, confidence gold (JSONL lines with ``flag``) by
:mod:`worker.evaluate.confidence`, article pairs (JSONL lines with ``same_event``) by
:mod:`worker.evaluate.clusters`. A directory stands for the gold files in it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import orjson

from worker.core.enrich import Enricher
from worker.core.pipeline import load_pipeline
from worker.evaluate import plover
from worker.evaluate.events import EventScores, score_file, table

MAX_BYTES = 2 * 1024 * 1024


def run(paths: Sequence[Path], *, model: str, prefilter: bool = True) -> str:
    """Score the pipeline on every gold file and return the printed tables.

    Args:
        paths: gold files or folders of them.
        model: the spaCy model to load (an installed package name or a path).
        prefilter: parse only the sentences that can hold an event, as the worker does by
            default (``EVENTWIRE_PREFILTER``).

    """
    enricher = Enricher(load_pipeline(model), model_name=model, max_bytes=MAX_BYTES, prefilter=prefilter)
    sections: list[str] = []
    event_scores: list[EventScores] = []
    for path in _expand(paths):
        shape = gold_shape(path)
        if shape == "events":
            event_scores.append(score_file(path, enricher))
        elif shape == "plover":
            sections.append(plover.evaluate(path, enricher))
        elif shape == "pairs":
            from worker.evaluate import clusters

            sections.append(clusters.evaluate(path, enricher))
        elif shape == "confidence":
            try:
                confidence = importlib.import_module("worker.evaluate.confidence")
            except ImportError:
                sections.append(f"== {path.name}: confidence scoring is not installed\n")
                continue
            sections.append(str(confidence.evaluate(path, enricher)))
        else:
            sections.append(f"== {path.name}: not a gold file eventwire knows\n")
    if event_scores:
        scored = list(event_scores)
        if len(event_scores) > 1:
            combined = EventScores("combined")
            for s in event_scores:
                combined.merge(s)
            scored.append(combined)
        sections.insert(0, table(scored))
    return "\n".join(sections)


def _expand(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in {".jsonl", ".json"}))
        else:
            found.append(path)
    return found


def gold_shape(path: Path) -> str | None:
    """Return "events", "plover", "confidence", "pairs" or None, from the file's first record."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        if isinstance(data, list) and data and isinstance(data[0], dict) and "event" in data[0]:
            return "plover"
        return None
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        return None
    try:
        row = orjson.loads(first)
    except orjson.JSONDecodeError:
        return None
    if isinstance(row, dict) and "same_event" in row:
        return "pairs"
    if isinstance(row, dict) and "events" in row:
        return "events"
    if isinstance(row, dict) and "flag" in row:
        return "confidence"
    return None
