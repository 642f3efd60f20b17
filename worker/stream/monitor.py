"""Periodic measurements in the worker process: consumer lag, event-loop lag, assignment.

Lag is computed here, not read from the broker's ``ListOffsets`` answer: the consumer's
``highwater()`` is the high watermark the broker returns with every fetch (the log-end offset,
correct on Kafka and on the embedded Tansu broker alike), whereas ``end_offsets()`` on Tansu
answers the last batch's base offset + 1 and would under-report lag. Faust's own sensor has no
lag metric at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import faust
from faust.types import TP
from mode import Service

from worker.metrics import Metrics

log = logging.getLogger("eventwire.monitor")


def partition_lag(highwater: int | None, committed: int | None, earliest: int | None) -> int | None:
    """Count the messages in a partition that the group has not committed yet.

    Args:
        highwater: The partition's log-end offset as the last fetch reported it; ``None``
            before the first fetch.
        committed: The group's committed offset (the next offset to consume); ``None`` when
            the group never committed on this partition.
        earliest: The partition's first retained offset, where consumption starts when nothing
            was committed.

    Returns:
        The lag, or ``None`` while it cannot be known yet.

    """
    start = committed if committed is not None else earliest
    if highwater is None or start is None:
        return None
    return max(0, highwater - start)


def assigned_partitions(app: faust.App, topic: str) -> set[TP]:
    """Return the partitions of ``topic`` assigned to this worker (none before it starts)."""
    if app.rebalancing:
        return set()  # a rebalance is redistributing them: nothing is held right now
    try:
        assignment: set[TP] = app.consumer.assignment()
    except Exception:  # ConsumerNotStarted, or the client being replaced: hold nothing
        return set()
    return {tp for tp in assignment if tp.topic == topic}


def _committed_offsets(consumer: Any) -> Mapping[TP, int | None]:
    # Faust keeps each partition's committed offset here: read from the broker when the
    # partition is assigned, then updated on every commit. It has no public accessor; asking
    # the group coordinator instead (OffsetFetch) would add a request every sample.
    offsets: Mapping[TP, int | None] = getattr(consumer, "_committed_offset", {})
    return offsets


# The first offset on the broker of each partition.
EarliestOffsets = Callable[[list[TP]], Awaitable[Mapping[TP, int | None]]]


class WorkerMonitor(Service):
    """Samples lag and assignment every ``interval`` s and event-loop lag continuously."""

    def __init__(
        self,
        app: faust.App,
        metrics: Metrics,
        topic: str,
        *,
        interval: float = 1.0,
        loop_interval: float = 0.25,
        earliest_offsets: EarliestOffsets | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.faust_app = app
        # Faust's own consumer answers through its consumer thread, between fetches (slow).
        self._earliest_offsets = earliest_offsets or (lambda tps: app.consumer.earliest_offsets(*tps))
        self.metrics = metrics
        self.topic = topic
        self.interval = interval
        self.loop_interval = loop_interval
        self._reported: set[TP] = set()
        self._earliest: dict[TP, int] = {}

    @Service.task
    async def _sample_offsets(self) -> None:
        while not self.should_stop:
            try:
                await self.sample()
            except Exception:  # a failed sample must never stop the worker
                log.warning("could not sample consumer offsets", exc_info=True)
                self.metrics.errors.labels("monitor").inc()
            await self.sleep(self.interval)

    @Service.task
    async def _measure_loop_lag(self) -> None:
        # A timer that wakes late means something blocked the loop (inline CPU work, a
        # synchronous call); heartbeats, commits and message handling waited as long.
        loop = asyncio.get_running_loop()
        while not self.should_stop:
            started = loop.time()
            await asyncio.sleep(self.loop_interval)
            late = loop.time() - started - self.loop_interval
            self.metrics.event_loop_lag_seconds.observe(max(0.0, late))

    async def sample(self) -> None:
        """Update the assignment and per-partition lag gauges once."""
        app = self.faust_app
        assigned = assigned_partitions(app, self.topic)
        self.metrics.partitions_assigned.set(len(assigned))
        for gone in self._reported - assigned:
            # A revoked partition is another worker's to report: drop its series here so a
            # sum over workers counts it once.
            self.metrics.consumer_lag.remove(gone.topic, str(gone.partition))
            self._reported.discard(gone)
        if not assigned:
            return
        consumer = app.consumer
        committed = _committed_offsets(consumer)
        for tp in sorted(assigned):
            offset = committed.get(tp)
            earliest = await self._earliest_offset(tp) if offset is None else None
            lag = partition_lag(consumer.highwater(tp), offset, earliest)
            if lag is not None:
                self.metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(lag)
                self._reported.add(tp)

    async def _earliest_offset(self, tp: TP) -> int | None:
        if tp not in self._earliest:
            earliest = (await self._earliest_offsets([tp])).get(tp)
            if earliest is not None:
                self._earliest[tp] = earliest
        return self._earliest.get(tp)
