"""The Faust application: topics, the enrichment agent and the spaCy pool, wired from settings."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Sequence
from typing import Any

import faust
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition
from faust.types import TP, EventT
from mode import Service
from prometheus_client import REGISTRY, CollectorRegistry

from worker.config import Settings
from worker.core.enrich import Outcome, RawItem, Rejected
from worker.core.replay import input_key
from worker.metrics import Metrics, create_metrics
from worker.security import aiokafka_options, faust_credentials
from worker.stream.clusters import install_cluster_agent
from worker.stream.deadletter import DeadLetterBreaker
from worker.stream.delivery import Publisher
from worker.stream.inputs import Input, earliest_offsets, read_inputs
from worker.stream.ledger import Entry, Ledger
from worker.stream.monitor import WorkerMonitor, assigned_partitions
from worker.stream.offsets import CommitGate, SkippedInput
from worker.stream.pool import Done, Job, NlpPool
from worker.stream.web import Readiness, install_web_views

log = logging.getLogger("eventwire.worker")

# Seconds a failed worker may spend stopping cleanly, and its exit status after that.
_FAIL_STOP_GRACE = 15.0
_FAIL_STOP_EXIT = 70  # EX_SOFTWARE

# Skipped input read back within one batch; more stops the worker (a restart reads it all).
MAX_READ_BACK = 1000


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
            producer_max_request_size=settings.max_request_size,
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
        self.publisher = Publisher(self.enriched, self.dlq, max_request_size=settings.max_request_size)
        self.app.on_partitions_revoked.connect(self._on_partitions_revoked)
        self.app.on_partitions_assigned.connect(self._on_partitions_assigned)
        self.fatal: BaseException | None = None
        self.agent = self.app.agent(self.raw, name="enrich_articles")(self._consume)
        self.clusters = install_cluster_agent(self)  # articles.enriched -> events.clusters
        self.monitor = WorkerMonitor(
            self.app,
            self.metrics,
            settings.topic_raw,
            earliest_offsets=lambda tps: self._earliest_offsets([TopicPartition(*tp) for tp in tps]),
        )
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
        # Not awaited here: crashing the app waits for every stream to end, this agent's own
        # included, so awaiting it from inside the agent would wait for itself forever.
        self._crash = asyncio.ensure_future(self.app.crash(exc))
        # The stop must not hang on anything else either: past the grace period, leave with
        # the offsets uncommitted (exactly what a crash of the machine would do).
        # A thread, not the loop: the loop is closed by then, and non-daemon threads (the
        # spaCy pool's) can keep the interpreter alive after Faust re-raises.
        watchdog = threading.Timer(_FAIL_STOP_GRACE, os._exit, (_FAIL_STOP_EXIT,))
        watchdog.daemon = True
        watchdog.start()

    def _on_partitions_revoked(self, sender: Any, /, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        revoked: set[TP] = args[0] if args else kwargs.get("revoked", set())
        partitions = [tp.partition for tp in revoked if tp.topic == self.settings.topic_raw]
        self.ledger.forget(partitions)
        self.gate.forget(partitions)  # Faust has committed them by now (it waits for the streams)

    def _on_partitions_assigned(self, sender: Any, /, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        # Before the first commit, so no offset is ever committed past the gate.
        self.gate.install(self.app.consumer)

    async def _complete(self, inputs: list[Input]) -> list[Input]:
        """Add any input skipped before or between these (see :mod:`.offsets`), read back from the broker.

        Raises:
            SkippedInput: More was skipped than one batch may read back; the worker must restart.

        """
        offsets: dict[int, list[int]] = {}
        for item in inputs:
            offsets.setdefault(item.partition, []).append(item.offset)
        new = [TopicPartition(self.settings.topic_raw, p) for p in offsets if not self.gate.known(p)]
        for tp, start in (await self._start_offsets(new)).items():
            self.gate.begin(tp.partition, start)
        recovered: list[Input] = []
        for partition, seen in offsets.items():
            tp = TopicPartition(self.settings.topic_raw, partition)
            for start, end in self.gate.holes(partition, seen):
                if end - start > MAX_READ_BACK:
                    raise SkippedInput(f"{tp.topic}[{partition}] offsets {start}..{end - 1} were never delivered")
                options = aiokafka_options(self.settings)
                found = await read_inputs(self.settings.bootstrap_servers, tp, start, end, options)
                log.warning(
                    "%s[%d] offsets %d..%d were never delivered: read back %d record(s)",
                    tp.topic, partition, start, end - 1, len(found),
                )  # fmt: skip
                recovered.extend(found)
                present = {item.offset for item in found}
                self.gate.finish(partition, (o for o in range(start, end) if o not in present))
        return sorted(recovered, key=lambda i: (i.partition, i.offset)) + inputs if recovered else inputs

    async def _start_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        # Where Faust's seek put each partition: its committed offset, else its earliest.
        consumer: Any = self.app.consumer  # _committed_offset has no public accessor (see monitor.py)
        starts = {tp: int(c) for tp in tps if (c := consumer._committed_offset.get(tp)) is not None}
        rest = [tp for tp in tps if tp not in starts]
        if rest:
            earliest = await self._earliest_offsets(rest)
            starts.update({tp: earliest.get(tp, 0) for tp in rest})
        return starts

    async def _earliest_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        # Not Faust's consumer.earliest_offsets: it answers through the consumer thread, slowly.
        return await earliest_offsets(self.settings.bootstrap_servers, tps, aiokafka_options(self.settings))

    async def process(self, events: Sequence[EventT[bytes]]) -> None:
        """Enrich one batch and wait until every output is acknowledged.

        Order: the ledger's stamps, then the records, then (after this returns) the offsets.
        A crash anywhere before the end leaves the batch uncommitted, so it is consumed again
        (at-least-once), and the ledger makes the replayed records byte-identical.
        """
        inputs = await self._complete([Input.from_event(e) for e in events])
        metrics = self.metrics
        metrics.consumed.inc(len(inputs))
        metrics.batch_size.observe(len(inputs))
        keys = [input_key(item.value) for item in inputs]
        await self.ledger.prepare({item.partition for item in inputs})
        jobs = [
            Job(RawItem(item.value, item.received_at), self.ledger.lookup(item.partition, key))
            for item, key in zip(inputs, keys, strict=True)
        ]
        done = _one_record_per_input(keys, await self.pool.enrich(jobs))
        # Before anything is published: a tripped breaker leaves the whole batch on the topic.
        for result in done:
            self.breaker.record(isinstance(result.outcome, Rejected))
        fresh = {
            key: Entry(item.partition, key, result.stamp)
            for item, key, job, result in zip(inputs, keys, jobs, done, strict=True)
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
                    self.publisher.deliver(item, result, key, replay=replay)
                    for item, key, result, replay in zip(inputs, keys, done, replayed, strict=True)
                )
            )
        except Exception:  # counted here, where it happens; the agent still sees it
            metrics.errors.labels("publish").inc()
            raise
        for item in inputs:  # every output is acknowledged: the offsets may be committed
            self.gate.finish(item.partition, [item.offset])
        acked_at = time.time()
        publish_each = (time.perf_counter() - started) / len(inputs)
        for item, outcome in zip(inputs, outcomes, strict=True):
            metrics.stage_seconds.labels("publish").observe(publish_each)
            metrics.end_to_end_seconds.observe(max(0.0, acked_at - item.timestamp))
            self._count(outcome)

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
