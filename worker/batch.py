"""``eventwire enrich``: the enrichment core over files, with no Kafka."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, TypeVar

import orjson

from worker.config import Settings
from worker.core.enrich import Enriched, Enricher, RawItem
from worker.core.pipeline import load_pipeline
from worker.feeds import read_articles

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Counts:
    """How many inputs were enriched and rejected."""

    enriched: int
    rejected: int


def enrich_files(settings: Settings, paths: Sequence[Path], *, output: Path | None, rejects: Path | None) -> Counts:
    """Enrich every article in ``paths``; records go to ``output`` (stdout when None) as JSONL."""
    enricher = Enricher(
        load_pipeline(settings.model),
        model_name=settings.model,
        max_bytes=settings.max_message_bytes,
        languages=settings.languages,
        prefilter=settings.prefilter,
    )
    out: IO[bytes] = output.open("wb") if output else sys.stdout.buffer
    bad: IO[bytes] | None = rejects.open("wb") if rejects else None
    enriched = rejected = 0
    try:
        for batch in _batches((value for _, value in read_articles(paths)), settings.batch_size):
            for value, outcome in zip(batch, enricher.enrich_batch([RawItem(v) for v in batch]), strict=True):
                if isinstance(outcome, Enriched):
                    out.write(outcome.value + b"\n")
                    enriched += 1
                    continue
                rejected += 1
                line = {
                    "reason": outcome.reason.value,
                    "detail": outcome.detail,
                    "input": value.decode("utf-8", "replace"),
                }
                if bad is not None:
                    bad.write(orjson.dumps(line) + b"\n")
                else:
                    sys.stderr.write(f"rejected: {outcome.reason.value}: {outcome.detail}\n")
    finally:
        if output:
            out.close()
        if bad is not None:
            bad.close()
    return Counts(enriched, rejected)


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, size)):
        yield batch
