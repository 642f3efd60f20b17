"""The Faust application: topics, the enrichment agent and the spaCy pool, wired from settings."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import faust
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import (
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)
from aiokafka.structs import TopicPartition
from faust.exceptions import ProducerSendError
from faust.types import TP, EventT
from mode import Service
from prometheus_client import REGISTRY, CollectorRegistry

from worker.config import Settings
from worker.core.enrich import Enriched, Outcome, RawItem, Rejected
from worker.core.replay import input_key, input_version
from worker.errors import Reason
from worker.metrics import Metrics, create_metrics
from worker.security import aiokafka_options, faust_credentials
from worker.stream.clusters import install_cluster_agent
from worker.stream.deadletter import (
    TRUNCATED_BYTES,
    DeadLetterBreaker,
    dead_letter_headers,
    truncated_headers,
)
from worker.stream.ledger import Entry, Ledger
from worker.stream.monitor import WorkerMonitor, assigned_partitions
from worker.stream.offsets import CommitGate, SkippedInput, records_between
from worker.stream.pool import Done, Job, NlpPool
from worker.stream.web import Readiness, install_web_views

log = logging.getLogger("eventwire.worker")

# Headers of every enriched record: the input's version (``meta.version``), and on a replay
# of an input published before, a mark that an identical record may already be on the topic.
VERSION_HEADER = "eventwire-version"
REPLAY_HEADER = "eventwire-replay"
# A record the broker refuses for its size can never be published: retrying would stall the
# partition, so it is dead-lettered instead.
_TOO_LARGE = (MessageSizeTooLargeError, RecordTooLargeError, RecordListTooLargeError)


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
            producer_max_request_size=max_request_size(settings),
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
        self.app.service(self.pool_service)  # type: ignore[arg-type]  # Faust also takes instances
        self.breaker = DeadLetterBreaker(settings.dlq_breaker_ratio, settings.dlq_breaker_window)
        self.ledger = Ledger(
            self.app,
            f"{settings.app_id}-ledger",
            bootstrap_servers=settings.bootstrap_servers,
            partitions=settings.topic_partitions,
            client_options=aiokafka_options(settings),
        )
        self.gate = CommitGate(settings.topic_raw)
        self.app.on_partitions_revoked.connect(self._on_partitions_revoked)
        self.app.on_partitions_assigned.connect(self._on_partitions_assigned)
        self.fatal: BaseException | None = None
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
        self.gate.install(self.app.consumer)
        await self.pool_service.ready.wait()
        if self.fatal is not None:
            # Faust restarts a crashed agent. Taking events after a failed batch would let the
            # commit of later offsets pass over it: the worker is stopping, take nothing.
            return
        batches = stream.take_events(  # type: ignore[attr-defined]  # missing from Faust's StreamT stub
            self.settings.batch_size, within=self.settings.batch_within
        )
        async for events in batches:
            try:
                await self.process(events)
            except BaseException as exc:
                _withhold_acks(events)
                if not isinstance(exc, asyncio.CancelledError):
                    await self._fail_stop(exc)
                raise

    async def _fail_stop(self, exc: BaseException) -> None:
        """Stop the worker after a batch failed, with the batch's offsets uncommitted.

        Its outputs may be partly published; the next worker consumes the batch again and,
        through the ledger, republishes identical records.
        """
        self.fatal = exc
        log.critical("a batch failed: stopping the worker with its offsets uncommitted (%r)", exc, exc_info=exc)
        await self.app.crash(exc)

    def _on_partitions_revoked(self, sender: Any, /, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        revoked: set[TP] = args[0] if args else kwargs.get("revoked", set())
        partitions = [tp.partition for tp in revoked if tp.topic == self.settings.topic_raw]
        self.ledger.forget(partitions)
        self.gate.forget(partitions)  # Faust has committed them by now (it waits for the streams)

    def _on_partitions_assigned(self, sender: Any, /, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        # Before the first commit, so no offset is ever committed past the gate.
        self.gate.install(self.app.consumer)

    async def _check_continuity(self, events: Sequence[EventT[bytes]]) -> None:
        """Make sure no input was skipped before or between these events (see :mod:`.offsets`).

        Raises:
            SkippedInput: Records were never delivered; the worker must restart to read them.

        """
        offsets: dict[int, list[int]] = {}
        for event in events:
            offsets.setdefault(event.message.partition, []).append(event.message.offset)
        for partition, seen in offsets.items():
            tp = TopicPartition(self.settings.topic_raw, partition)
            if not self.gate.known(partition):
                self.gate.begin(partition, await self._start_offset(tp))
            for start, end in self.gate.holes(partition, seen):
                present = await records_between(
                    self.settings.bootstrap_servers, tp, start, end, aiokafka_options(self.settings)
                )
                if present:
                    raise SkippedInput(
                        f"{tp.topic}[{partition}] offsets {present[0]}..{present[-1]} were never delivered: "
                        "restarting to read them again"
                    )
                log.info("%s[%d] offsets %d..%d hold no records", tp.topic, partition, start, end - 1)
                self.gate.finish(partition, range(start, end))

    async def _start_offset(self, tp: TopicPartition) -> int:
        # Where Faust's seek put the partition: its committed offset, else its earliest.
        consumer: Any = self.app.consumer  # _committed_offset has no public accessor (see monitor.py)
        committed = consumer._committed_offset.get(tp)
        if committed is not None:
            return int(committed)
        earliest = await consumer.earliest_offsets(tp)
        return int(earliest.get(tp) or 0)

    async def process(self, events: Sequence[EventT[bytes]]) -> None:
        """Enrich one batch and wait until every output is acknowledged.

        Order: the ledger's stamps, then the records, then (after this returns) the offsets.
        A crash anywhere before the end leaves the batch uncommitted, so it is consumed again
        (at-least-once), and the ledger makes the replayed records byte-identical.
        """
        metrics = self.metrics
        metrics.consumed.inc(len(events))
        metrics.batch_size.observe(len(events))
        await self._check_continuity(events)
        values = [e.message.value or b"" for e in events]
        keys = [input_key(value) for value in values]
        await self.ledger.prepare({e.message.partition for e in events})
        jobs = [
            Job(
                RawItem(value, datetime.fromtimestamp(e.message.timestamp, UTC)),
                self.ledger.lookup(e.message.partition, key),
            )
            for e, value, key in zip(events, values, keys, strict=True)
        ]
        done = _one_record_per_input(keys, await self.pool.enrich(jobs))
        # Before anything is published: a tripped breaker leaves the whole batch on the topic.
        for result in done:
            self.breaker.record(isinstance(result.outcome, Rejected))
        fresh = {
            key: Entry(e.message.partition, key, result.stamp)
            for e, key, job, result in zip(events, keys, jobs, done, strict=True)
            if result.stamp is not None and result.stamp != job.previous
        }
        # A record whose stamp came from the ledger repeats one published before, byte for byte.
        replayed = [r.stamp is not None and r.stamp == job.previous for job, r in zip(jobs, done, strict=True)]
        if any(replayed):
            log.info("republishing %d record(s) of inputs published before, byte for byte", sum(replayed))
        started = time.perf_counter()
        try:
            await self.ledger.record(list(fresh.values()))
            outcomes = await asyncio.gather(
                *(
                    self._deliver(e, result, key, replay=replay)
                    for e, key, result, replay in zip(events, keys, done, replayed, strict=True)
                )
            )
        except Exception:  # counted here, where it happens; the agent still sees it
            metrics.errors.labels("publish").inc()
            raise
        for event in events:  # every output is acknowledged: the offsets may be committed
            self.gate.finish(event.message.partition, [event.message.offset])
        acked_at = time.time()
        publish_each = (time.perf_counter() - started) / len(events)
        for event, outcome in zip(events, outcomes, strict=True):
            metrics.stage_seconds.labels("publish").observe(publish_each)
            metrics.end_to_end_seconds.observe(max(0.0, acked_at - event.message.timestamp))
            self._count(outcome)

    async def _deliver(self, event: EventT[bytes], result: Done, key: bytes, *, replay: bool) -> Outcome:
        """Publish one input's output and wait for the acknowledgement; returns what was published."""
        message = event.message
        where = f"{message.topic}[{message.partition}]@{message.offset}"
        outcome = result.outcome
        if isinstance(outcome, Enriched):
            headers = [(VERSION_HEADER, input_version(key).encode())]
            if replay:
                headers.append((REPLAY_HEADER, b"1"))
            record_key = outcome.article_id.encode()
            if await self._publish(self.enriched, key=record_key, value=outcome.value, headers=headers):
                log.debug("enriched", extra={"article_id": outcome.article_id, "where": where})
                return outcome
            outcome = Rejected(
                Reason.PROCESSING_FAILED,
                f"the enriched record ({len(outcome.value)} bytes) is larger than the broker accepts",
                outcome.article_id,
            )
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
        original = message.value or b""
        if await self._publish(self.dlq, key=message.key, value=original, headers=headers):
            return outcome
        log.error("the input is larger than the broker accepts: dead-lettering its head only", extra={"where": where})
        head, marked = original[:TRUNCATED_BYTES], headers + truncated_headers(original)
        if not await self._publish(self.dlq, key=message.key, value=head, headers=marked):
            raise RuntimeError(f"the broker refused a {len(head)}-byte dead letter for {where}")
        return outcome

    async def _publish(
        self, topic: faust.TopicT, *, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]]
    ) -> bool:
        """Send and wait for the acknowledgement; False when the record is too large to publish."""
        size = len(key or b"") + len(value) + sum(len(k) + len(v) for k, v in headers)
        if size + 1024 > self.max_request_size:  # the client would refuse it; 1 KiB for framing
            return False
        try:
            await (await topic.send(key=key, value=value, headers=headers))
        except _TOO_LARGE:
            return False
        except ProducerSendError as exc:
            if isinstance(exc.__cause__, _TOO_LARGE):
                return False
            raise
        return True

    @property
    def max_request_size(self) -> int:
        """The producer's largest request, in bytes."""
        return max_request_size(self.settings)

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


def wait_for_broker(settings: Settings, *, max_delay: float = 5.0) -> None:
    """Block until the Kafka cluster answers, retrying with backoff (the worker may start first).

    Faust gives up at once when it cannot bootstrap; waiting here instead lets the worker be
    started before the broker, or restarted while it is away. Runs a private event loop, so
    the one Faust will use is left untouched.
    """
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(_wait_for_broker(settings, max_delay))
    finally:
        loop.close()


async def _wait_for_broker(settings: Settings, max_delay: float) -> None:
    delay = 0.5
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **aiokafka_options(settings))
        try:
            await admin.start()
        except KafkaError as exc:
            log.warning("broker %s not reachable (%s): retrying in %.1f s", settings.bootstrap_servers, exc, delay)
        else:
            log.info("broker %s reachable", settings.bootstrap_servers)
            return
        finally:
            await admin.close()
        await asyncio.sleep(delay)
        delay = min(max_delay, delay * 2)


def max_request_size(settings: Settings) -> int:
    """The producer's request limit: room for an enriched record several times its input."""
    return max(settings.max_message_bytes * 4, 1_048_576)


def _one_record_per_input(keys: Sequence[bytes], done: list[Done]) -> list[Done]:
    # The same input twice in one batch (an upstream re-send) is enriched twice, in separate
    # runs with separate timings: publish the first run's record for both.
    first: dict[bytes, Done] = {}
    same: list[Done] = []
    for key, result in zip(keys, done, strict=True):
        earlier = first.setdefault(key, result)
        matches = earlier.stamp is not None and result.stamp is not None and earlier.stamp.digest == result.stamp.digest
        same.append(earlier if matches else result)
    return same


def _withhold_acks(events: Sequence[EventT[bytes]]) -> None:
    # take_events() acks a batch's events when its body exits, even by an exception. Marking
    # each message acked first makes that ack a no-op, so the offsets are never committed.
    for event in events:
        event.message.acked = True


def _header_items(headers: Any) -> list[tuple[str, bytes]]:
    if not headers:
        return []
    items = headers.items() if isinstance(headers, dict) else headers
    return [(str(k), v if isinstance(v, bytes) else str(v).encode()) for k, v in items]
