"""The worker waits for a broker that is not there yet, and rides out one that goes away.

The embedded broker keeps everything in memory, so a restarted broker is an empty one whose
offsets start again at 0: the test recreates the topics and publishes new articles after each
(re)start, to partitions the worker has not read before (Faust drops messages below the last
offset it read, which only a broker that lost its data can produce), and checks that the same
worker process enriches them.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from tests.support.kafka import Topics, create_topics, read_topic, running_worker, worker_env
from worker.broker import EmbeddedBroker, free_port
from worker.synthetic import articles

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]


def _wait_for_log(path: Path, text: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return True
        time.sleep(0.2)
    return False


def _publish_and_read(broker: EmbeddedBroker, topics: Topics, seed: int, partitions: list[int]) -> list[str]:
    batch = [
        (a["id"].encode(), orjson.dumps(a)) for a in articles(len(partitions), min_words=60, max_words=100, seed=seed)
    ]

    async def send() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for (key, value), partition in zip(batch, partitions, strict=True):
                await producer.send_and_wait(topics.raw, value, key=key, partition=partition)
        finally:
            await producer.stop()

    asyncio.run(send())
    records = read_topic(broker.bootstrap, topics.enriched, until=len(batch), timeout=120)
    return sorted({r.key.decode() for r in records if r.key} & {key.decode() for key, _ in batch})


def test_worker_waits_for_the_broker_and_reconnects_after_it_goes_away(tmp_path: Path) -> None:
    port = free_port()
    broker = EmbeddedBroker("127.0.0.1", port, log_path=tmp_path / "broker.log")
    topics = Topics.fresh("reconnect")
    env = worker_env(broker, topics, tmp_path, EVENTWIRE_CLUSTERS="false", EVENTWIRE_LOG_JSON="false")
    log = tmp_path / "worker.log"
    with running_worker(env, log) as worker:
        # 1. No broker yet: the worker waits instead of exiting.
        assert _wait_for_log(log, "not reachable", timeout=60), "the worker reports that it is waiting"
        time.sleep(1)
        assert worker.poll() is None, "and keeps waiting"
        with broker:
            create_topics(broker, topics)
            assert len(_publish_and_read(broker, topics, seed=1, partitions=[0, 0, 0])) == 3
        # 2. The broker goes away (taking its memory with it) and comes back empty.
        assert _wait_for_log(log, "Connect call failed", timeout=60)
        time.sleep(1)
        assert worker.poll() is None, "the worker survives the outage"
        with EmbeddedBroker("127.0.0.1", port, log_path=tmp_path / "broker-2.log") as again:
            create_topics(again, topics)
            # Not partition 0: Faust skips offsets below the last one it read there, and this
            # broker restarted its offsets at 0 (a real cluster never moves offsets back).
            assert len(_publish_and_read(again, topics, seed=2, partitions=[1, 2, 3, 1, 2])) == 5
            assert worker.poll() is None
