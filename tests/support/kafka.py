"""Start ``eventwire worker`` processes and read topics back, for the broker tests."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from worker.broker import EmbeddedBroker, ensure_topics_sync, free_port


@dataclass(frozen=True)
class Topics:
    """A private set of topics (and consumer group) for one test."""

    raw: str
    enriched: str
    dlq: str
    clusters: str
    app_id: str

    @classmethod
    def fresh(cls, prefix: str = "t") -> Topics:
        tag = f"{prefix}-{uuid.uuid4().hex[:8]}"
        return cls(f"{tag}.raw", f"{tag}.enriched", f"{tag}.dlq", f"{tag}.clusters", f"eventwire-{tag}")

    def env(self) -> dict[str, str]:
        return {
            "EVENTWIRE_TOPIC_RAW": self.raw,
            "EVENTWIRE_TOPIC_ENRICHED": self.enriched,
            "EVENTWIRE_TOPIC_DLQ": self.dlq,
            "EVENTWIRE_TOPIC_CLUSTERS": self.clusters,
            "EVENTWIRE_APP_ID": self.app_id,
        }


def create_topics(broker: EmbeddedBroker, topics: Topics, partitions: int = 4) -> None:
    ensure_topics_sync(broker.bootstrap, [topics.raw, topics.enriched, topics.dlq, topics.clusters], partitions)


def worker_env(broker: EmbeddedBroker, topics: Topics, workdir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(topics.env())
    env.update(
        {
            "EVENTWIRE_BROKER_URL": broker.url,
            "EVENTWIRE_SESSION_TIMEOUT": "6",
            "EVENTWIRE_WEB_PORT": str(free_port()),
            "EVENTWIRE_DATA_DIR": str(workdir / "state"),
            "EVENTWIRE_PROCESSES": "1",
            "EVENTWIRE_LOG_JSON": "true",
        }
    )
    env.update(extra)
    return env


@contextmanager
def running_worker(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """An ``eventwire worker`` process, stopped with SIGTERM on exit."""
    with log_path.open("ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "worker.cli", "worker"], env=env, stdout=log, stderr=log)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@dataclass(frozen=True)
class Record:
    """A message read back from a topic."""

    key: bytes | None
    value: bytes
    headers: dict[str, bytes]
    partition: int
    offset: int


def read_topic(bootstrap: str, topic: str, *, until: int, timeout: float) -> list[Record]:
    """Read ``topic`` from the start until ``until`` records arrived or ``timeout`` passed."""

    async def read() -> list[Record]:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False, group_id=None
        )
        await consumer.start()
        records: list[Record] = []
        deadline = time.monotonic() + timeout
        try:
            while len(records) < until and time.monotonic() < deadline:
                batch = await consumer.getmany(timeout_ms=500)
                for messages in batch.values():
                    records.extend(Record(m.key, m.value, dict(m.headers), m.partition, m.offset) for m in messages)
        finally:
            await consumer.stop()
        return records

    return asyncio.run(read())
