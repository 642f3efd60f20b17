"""The Faust application: topics, the enrichment agent and the spaCy pool, wired from settings."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import faust
from faust.types import EventT
from mode import Service
from prometheus_client import REGISTRY, CollectorRegistry

from worker.config import Settings
from worker.core.enrich import Enriched, Outcome, RawItem, Rejected
from worker.metrics import Metrics, create_metrics
from worker.security import faust_credentials
from worker.stream.clusters import install_cluster_agent
from worker.stream.deadletter import DeadLetterBreaker, dead_letter_headers
from worker.stream.monitor import WorkerMonitor, assigned_partitions
from worker.stream.pool import NlpPool
from worker.stream.web import Readiness, install_web_views

log = logging.getLogger("eventwire.worker")


class PoolService(Service):
    """Runs the spaCy process pool for as long as the Faust worker runs."""

    def __init__(self, pool: NlpPool, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pool = pool
        self.metrics = metrics
        self.ready = asyncio.Event()

    async def on_start(self) -> None:
        """Load the model in every process before any message is taken."""
        await self.pool.start()
        self.metrics.model_loaded.set(1)
        self.ready.set()

    async def on_stop(self) -> None:
        """Stop the processes."""
        self.metrics.model_loaded.set(0)
        await asyncio.get_running_loop().run_in_executor(None, self.pool.close)


class EventwireApp:
    """The Faust app and the parts its agent uses."""

    def __init__(self, settings: Settings, *, registry: CollectorRegistry = REGISTRY) -> None:
        self.settings = settings
        self.metrics = create_metrics(registry)
        self.app = faust.App(
            settings.app_id,
            broker=settings.broker_url,
            broker_credentials=faust_credentials(settings),
            broker_session_timeout=settings.session_timeout,
            broker_heartbeat_interval=min(3.0, settings.session_timeout / 3),
            consumer_auto_offset_reset="earliest",
            key_serializer="raw",
            value_serializer="raw",
            topic_partitions=settings.topic_partitions,
            topic_replication_factor=1,
            producer_acks=-1,
            producer_max_request_size=max(settings.max_message_bytes * 4, 1_048_576),
            consumer_max_fetch_size=max(settings.max_message_bytes * 4, 4_194_304),
            stream_buffer_maxsize=max(4 * settings.batch_size, 64),
            datadir=settings.data_dir,
            web_enabled=True,
            web_host=settings.web_host,
            web_bind=settings.web_host,
            web_port=settings.web_port,
            web_in_thread=False,
        )
        self.raw = self.app.topic(settings.topic_raw, value_type=bytes, key_type=bytes)
        self.enriched = self.app.topic(settings.topic_enriched, value_type=bytes, key_type=bytes)
        self.dlq = self.app.topic(settings.topic_dlq, value_type=bytes, key_type=bytes)
        self.pool = NlpPool(
            model=settings.model,
            processes=settings.processes,
            max_bytes=settings.max_message_bytes,
            languages=settings.languages,
            batch_timeout=settings.batch_timeout,
            max_retries=settings.max_retries,
            prefilter=settings.prefilter,
            on_restart=self.metrics.pool_restarts.inc,
            on_error=self.metrics.errors.labels("enrich").inc,
            on_depth=self.metrics.pool_queue_depth.set,
        )
        self.pool_service = PoolService(self.pool, self.metrics)
        self.app.service(self.pool_service)
        self.breaker = DeadLetterBreaker(settings.dlq_breaker_ratio, settings.dlq_breaker_window)
        self.agent = self.app.agent(self.raw, name="enrich_articles")(self._consume)
        self.clusters = install_cluster_agent(self)  # articles.enriched -> events.clusters
        self.monitor = WorkerMonitor(self.app, self.metrics, settings.topic_raw)
        self.app.service(self.monitor)  # type: ignore[arg-type]  # Faust also takes instances
        readiness = Readiness(
            model_loaded=self.pool_service.ready.is_set,
            partitions_assigned=lambda: len(assigned_partitions(self.app, settings.topic_raw)),
        )
        install_web_views(self.app, registry, readiness)

    async def _consume(self, stream: faust.StreamT[bytes]) -> None:
        await self.pool_service.ready.wait()
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_within):
            await self.process(events)

    async def process(self, events: Sequence[EventT]) -> None:
        """Enrich one batch and wait until every output is acknowledged.

        The batch's offsets are acked only after this returns, so a crash anywhere before
        leaves them uncommitted and the batch is consumed again (at-least-once).
        """
        metrics = self.metrics
        metrics.consumed.inc(len(events))
        metrics.batch_size.observe(len(events))
        items = [
            RawItem(e.message.value or b"", datetime.fromtimestamp(e.message.timestamp, UTC))
            for e in events
        ]
        outcomes = await self.pool.enrich(items)
        started = time.perf_counter()
        try:
            deliveries = [
                await self._send(event, outcome)
                for event, outcome in zip(events, outcomes, strict=True)
            ]
            await asyncio.gather(*deliveries)
        except Exception:  # counted here, where it happens; the agent still sees it
            metrics.errors.labels("publish").inc()
            raise
        acked_at = time.time()
        publish_each = (time.perf_counter() - started) / len(events)
        for event, outcome in zip(events, outcomes, strict=True):
            metrics.stage_seconds.labels("publish").observe(publish_each)
            metrics.end_to_end_seconds.observe(max(0.0, acked_at - event.message.timestamp))
            self._count(outcome)
            self.breaker.record(isinstance(outcome, Rejected))

    async def _send(self, event: EventT, outcome: Outcome) -> asyncio.Future[Any]:
        message = event.message
        where = f"{message.topic}[{message.partition}]@{message.offset}"
        if isinstance(outcome, Enriched):
            log.debug("enriched", extra={"article_id": outcome.article_id, "where": where})
            return await self.enriched.send(key=outcome.article_id.encode(), value=outcome.value)
        log.warning(
            "dead-lettered: %s (%s)",
            outcome.reason.value,
            outcome.detail,
            extra={"article_id": outcome.article_id, "where": where, "reason": outcome.reason.value},
        )
        headers = dead_letter_headers(
            reason=outcome.reason,
            detail=outcome.detail,
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            original=_header_items(message.headers),
        )
        return await self.dlq.send(key=message.key, value=message.value or b"", headers=headers)

    def _count(self, outcome: Outcome) -> None:
        metrics = self.metrics
        if isinstance(outcome, Rejected):
            metrics.dead_lettered.labels(outcome.reason.value).inc()
            return
        metrics.enriched.inc()
        for stage, seconds in outcome.timings.items():
            metrics.stage_seconds.labels(stage).observe(seconds)
        for plover_type, acled_type in outcome.event_types:
            metrics.events_extracted.labels(plover_type, acled_type or "none").inc()
        for flag in outcome.event_flags:
            metrics.event_flags.labels(flag).inc()
        metrics.article_flags.labels(outcome.article_flag).inc()


def _header_items(headers: Any) -> list[tuple[str, bytes]]:
    if not headers:
        return []
    items = headers.items() if isinstance(headers, dict) else headers
    return [(str(k), v if isinstance(v, bytes) else str(v).encode()) for k, v in items]
