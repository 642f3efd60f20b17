"""Consumer lag as the monitor computes it, and the broker behaviour it relies on."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from faust.types import TP
from prometheus_client import CollectorRegistry

from worker.broker import ensure_topics
from worker.metrics import create_metrics
from worker.stream.monitor import WorkerMonitor, partition_lag


def test_lag_is_the_high_watermark_minus_the_committed_offset() -> None:
    assert partition_lag(highwater=120, committed=100, earliest=0) == 20
    assert partition_lag(highwater=100, committed=100, earliest=0) == 0


def test_lag_counts_from_the_first_retained_offset_before_the_first_commit() -> None:
    assert partition_lag(highwater=120, committed=None, earliest=30) == 90


def test_lag_is_unknown_before_the_first_fetch() -> None:
    assert partition_lag(highwater=None, committed=5, earliest=0) is None
    assert partition_lag(highwater=10, committed=None, earliest=None) is None


def test_a_committed_offset_past_a_stale_high_watermark_is_no_lag() -> None:
    assert partition_lag(highwater=90, committed=100, earliest=0) == 0


@dataclass
class FakeConsumer:
    """The parts of Faust's consumer the monitor reads."""

    assigned: set[TP]
    highwaters: dict[TP, int]
    _committed_offset: dict[TP, int | None] = field(default_factory=dict)

    def assignment(self) -> set[TP]:
        return self.assigned

    def highwater(self, tp: TP) -> int | None:
        return self.highwaters.get(tp)

    async def earliest_offsets(self, *partitions: TP) -> dict[TP, int]:
        return dict.fromkeys(partitions, 0)


@dataclass
class FakeApp:
    consumer: FakeConsumer
    rebalancing: bool = False


def _lag(registry: CollectorRegistry, partition: int) -> float | None:
    return registry.get_sample_value("eventwire_consumer_lag_messages", {"topic": "raw", "partition": str(partition)})


def test_the_monitor_reports_assigned_input_partitions_only_and_forgets_revoked_ones() -> None:
    registry = CollectorRegistry()
    metrics = create_metrics(registry)
    p0, p1, other = TP("raw", 0), TP("raw", 1), TP("elsewhere", 0)
    consumer = FakeConsumer({p0, p1, other}, {p0: 50, p1: 7, other: 999}, {p0: 40})
    app = FakeApp(consumer)

    async def scenario() -> None:
        monitor = WorkerMonitor(app, metrics, "raw")  # type: ignore[arg-type]
        await monitor.sample()
        assert registry.get_sample_value("eventwire_partitions_assigned") == 2
        assert _lag(registry, 0) == 10
        assert _lag(registry, 1) == 7, "nothing committed yet: all of it, from offset 0"
        assert registry.get_sample_value(
            "eventwire_consumer_lag_messages", {"topic": "elsewhere", "partition": "0"}
        ) is None  # fmt: skip

        consumer.assigned = {p1}
        await monitor.sample()
        assert registry.get_sample_value("eventwire_partitions_assigned") == 1
        assert _lag(registry, 0) is None, "a revoked partition is another worker's to report"
        assert _lag(registry, 1) == 7

        app.rebalancing = True
        await monitor.sample()
        assert registry.get_sample_value("eventwire_partitions_assigned") == 0

    asyncio.run(scenario())


@pytest.mark.broker
def test_the_fetch_high_watermark_is_the_log_end_offset_on_the_embedded_broker(broker) -> None:  # type: ignore[no-untyped-def]
    # The monitor's lag rests on this: after a fetch, highwater() is the offset the next
    # message will get, even when the log ends in a batch of several messages.
    async def scenario() -> tuple[int | None, int]:
        await ensure_topics(broker.bootstrap, ["monitor-highwater"], 1)
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=50)
        await producer.start()
        try:
            for _ in range(3):
                sent = [await producer.send("monitor-highwater", b"x", partition=0) for _ in range(5)]
                last = (await asyncio.gather(*sent))[-1].offset
        finally:
            await producer.stop()
        tp = TopicPartition("monitor-highwater", 0)
        consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            consumer.assign([tp])
            await consumer.seek_to_beginning(tp)
            await consumer.getmany(tp, timeout_ms=2000, max_records=2)
            return consumer.highwater(tp), last
        finally:
            await consumer.stop()

    highwater, last = asyncio.run(scenario())
    assert highwater == last + 1
