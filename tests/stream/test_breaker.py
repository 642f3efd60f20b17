"""The dead-letter breaker stops the worker, and the batch that tripped it stays uncommitted."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition

from tests.support.kafka import Topics, create_topics, read_topic, running_worker, worker_env
from worker.config import Settings
from worker.feeds import publish

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]


async def _committed(bootstrap: str, group: str, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        return sum([await consumer.committed(TopicPartition(topic, p)) or 0 for p in range(4)])
    finally:
        await consumer.stop()


def test_a_tripped_breaker_stops_the_worker_without_committing_the_batch(broker, tmp_path: Path) -> None:
    topics = Topics.fresh("breaker")
    create_topics(broker, topics)
    env = worker_env(
        broker,
        topics,
        tmp_path,
        EVENTWIRE_CLUSTERS="false",
        EVENTWIRE_BATCH_SIZE="4",
        EVENTWIRE_DLQ_BREAKER_WINDOW="10",
        EVENTWIRE_DLQ_BREAKER_RATIO="0.5",
    )
    asyncio.run(
        publish(Settings(broker_url=broker.url, topic_raw=topics.raw), [(b"g%d" % i, b"garbage") for i in range(40)])
    )
    with running_worker(env, tmp_path / "worker.log") as worker:
        assert worker.wait(timeout=120) != 0, "the worker stops, and says it failed"
    dead = read_topic(broker.bootstrap, topics.dlq, until=40, timeout=5)
    committed = asyncio.run(_committed(broker.bootstrap, topics.app_id, topics.raw))
    assert len(dead) < 40, "it stopped before dead-lettering the whole topic"
    # Every committed input has its dead letter, and the tripping batch has neither.
    assert committed == len(dead)
