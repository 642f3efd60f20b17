"""The one function that does the work: raw article bytes in, enriched record or rejection out.

Used alike by the Faust agent (inside a spaCy process), ``eventwire enrich`` and the tests.
Errors are values here: one bad article never fails its batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import orjson
from spacy.language import Language
from spacy.tokens import Doc

from worker import __version__
from worker.core.article import Article, parse_article
from worker.core.cleaning import clean_text
from worker.core.confidence import assess_confidence
from worker.core.context import ArticleContext
from worker.core.dateline import parse_dateline
from worker.core.events import extract_events
from worker.core.geo import Gazetteer, default_gazetteer
from worker.core.language import detect_language
from worker.core.prefilter import Prefilter
from worker.core.records import SCHEMA_ID, ArticleConfidence, Event
from worker.errors import InvalidArticle, Reason


@dataclass(frozen=True, slots=True)
class RawItem:
    """One input message: its bytes and when the broker received it (for undated articles)."""

    value: bytes
    received_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Enriched:
    """An enriched article, serialised, with what the parent process needs for metrics."""

    article_id: str
    value: bytes
    language: str | None
    article_flag: str
    event_types: tuple[tuple[str, str | None], ...]  # (PLOVER type, ACLED event type)
    event_flags: tuple[str, ...]
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that cannot be enriched; it goes to the dead-letter topic."""

    reason: Reason
    detail: str
    article_id: str | None = None


Outcome = Enriched | Rejected


@dataclass(slots=True)
class _Pending:
    article: Article
    ctx: ArticleContext
    started: float
    timings: dict[str, float]


class Enricher:
    """Enriches articles with one loaded spaCy pipeline."""

    def __init__(
        self,
        nlp: Language,
        *,
        model_name: str,
        max_bytes: int,
        languages: Sequence[str] = ("en",),
        gazetteer: Gazetteer | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        prefilter: bool = False,
    ) -> None:
        self.nlp = nlp
        self.model_name = model_name
        self.max_bytes = max_bytes
        self.languages = frozenset(languages)
        self.gazetteer = gazetteer or default_gazetteer()
        self.clock = clock
        # Parse only the sentences that can hold an event (offsets stay exact: see prefilter.py).
        self.prefilter = Prefilter.for_pipeline(nlp) if prefilter else None

    def enrich(self, raw: bytes, received_at: datetime | None = None) -> Outcome:
        """Enrich one raw message."""
        return self.enrich_batch([RawItem(raw, received_at)])[0]

    def enrich_batch(self, items: Sequence[RawItem]) -> list[Outcome]:
        """Enrich a batch; spaCy sees all of its texts in one ``nlp.pipe`` call."""
        outcomes: list[Outcome | _Pending] = [self._prepare(item) for item in items]
        pending = [o for o in outcomes if isinstance(o, _Pending)]
        parse = [p for p in pending if p.ctx.language in self.languages]
        started = time.perf_counter()
        prefilter = self.prefilter
        texts = (p.ctx.text if prefilter is None else prefilter.apply(p.ctx.text).text for p in parse)
        docs = dict(zip(map(id, parse), self.nlp.pipe(texts), strict=True))
        nlp_each = (time.perf_counter() - started) / max(1, len(parse))
        return [self._finish(o, docs.get(id(o)), nlp_each) if isinstance(o, _Pending) else o for o in outcomes]

    def _prepare(self, item: RawItem) -> Rejected | _Pending:
        started = time.perf_counter()
        try:
            article = parse_article(item.value, max_bytes=self.max_bytes)
        except InvalidArticle as exc:
            return Rejected(exc.reason, exc.detail)
        cleaned = clean_text(article.body)
        reference = _reference_date(article, item.received_at)
        dateline = parse_dateline(cleaned.text, self.gazetteer, reference=reference)
        text = cleaned.text[dateline.end :]
        if not text.strip():
            return Rejected(Reason.NO_TEXT, "nothing left after boilerplate and dateline", article.id)
        language = detect_language(text, article.language)
        ctx = ArticleContext(
            article=article,
            text=text,
            dateline=dateline,
            reference_date=reference or dateline.date,
            language=language,
            gazetteer=self.gazetteer,
            removed=cleaned.removed,
        )
        return _Pending(article, ctx, started, {"parse": time.perf_counter() - started})

    def _finish(self, pending: _Pending, doc: Doc | None, nlp_seconds: float) -> Outcome:
        ctx = pending.ctx
        timings = pending.timings
        started = time.perf_counter()
        events: list[Event] = []
        article_confidence: ArticleConfidence
        if doc is not None:
            timings["nlp"] = nlp_seconds
            extracted = extract_events(doc, ctx)
            flags, article_confidence = assess_confidence(doc, extracted, ctx)
            events = [{**e, "confidence": c} for e, c in zip(extracted, flags, strict=True)]
        else:
            # Nothing was read, so nothing is vouched for: the weakest flag, with the reason.
            article_confidence = {
                "flag": "unconfirmed",
                "score": 0.0,
                "reasons": [f"language {ctx.language or 'unknown'} is not enriched: no events extracted"],
            }
        timings["extract"] = time.perf_counter() - started
        record = self._record(ctx, events, article_confidence, pending.started, doc is not None)
        return Enriched(
            article_id=ctx.article.id,
            value=orjson.dumps(record),
            language=ctx.language,
            article_flag=article_confidence["flag"],
            event_types=tuple((e["plover"]["type"], e["acled"]["event_type"]) for e in events),
            event_flags=tuple(e["confidence"]["flag"] for e in events),
            timings=timings,
        )

    def _record(
        self,
        ctx: ArticleContext,
        events: list[Event],
        article_confidence: ArticleConfidence,
        started: float,
        supported: bool,
    ) -> dict[str, Any]:
        article, dateline = ctx.article, ctx.dateline
        return {
            "schema": SCHEMA_ID,
            "article": {
                "id": article.id,
                "published_at": article.published_at.isoformat() if article.published_at else None,
                "headline": article.headline,
                "language": ctx.language,
                "language_supported": supported,
                "source": article.source,
                "url": article.url,
                "dateline": {
                    "place": dateline.place,
                    "country": dateline.country,
                    "date": dateline.date.isoformat() if dateline.date else None,
                    "agencies": list(dateline.agencies),
                },
                "text": ctx.text,
                "removed": list(ctx.removed),
            },
            "source_confidence": article_confidence,
            "events": events,
            "meta": {
                "pipeline_version": __version__,
                "model": self.model_name,
                "processed_at": self.clock().isoformat(),
                "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                "version": article.version,
            },
        }


def _reference_date(article: Article, received_at: datetime | None) -> date | None:
    when = article.published_at or received_at
    return when.date() if when else None
