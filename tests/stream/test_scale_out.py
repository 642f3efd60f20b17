"""Horizontal scale: two worker processes in one consumer group share the partitions."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import orjson
import pytest

from tests.support.kafka import Topics, create_topics, read_topic, running_worker, worker_env
from worker.broker import free_port
from worker.config import Settings
from worker.feeds import publish
from worker.synthetic import articles

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]

PARTITIONS = 4


def get(port: int, path: str) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return str(response.read().decode())
    except OSError as exc:  # 503 while not ready, or not listening yet
        body = getattr(exc, "read", None)
        return body().decode() if callable(body) else ""


def partitions_assigned(port: int) -> int:
    body = get(port, "/readyz")
    return int(json.loads(body).get("partitions_assigned", 0)) if body.startswith("{") else 0


def consumed(port: int) -> float:
    for line in get(port, "/metrics").splitlines():
        if line.startswith("eventwire_messages_consumed_total"):
            return float(line.split()[-1])
    return 0.0


def test_two_workers_in_one_group_share_partitions(broker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    topics = Topics.fresh("scale")
    create_topics(broker, topics, partitions=PARTITIONS)
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        for n, port in enumerate(ports):
            workdir = tmp_path / f"w{n}"  # each worker keeps its own local state
            workdir.mkdir()
            env = worker_env(broker, topics, workdir, EVENTWIRE_WEB_PORT=str(port))
            stack.enter_context(running_worker(env, tmp_path / f"worker-{n}.log"))

        # Both in the group (the same EVENTWIRE_APP_ID), every partition owned by exactly one.
        deadline = time.monotonic() + 180
        shares = [0, 0]
        while time.monotonic() < deadline:
            shares = [partitions_assigned(port) for port in ports]
            if all(shares) and sum(shares) == PARTITIONS:
                break
            time.sleep(1)
        assert all(shares) and sum(shares) == PARTITIONS, f"partitions per worker: {shares}"

        good = list(articles(40, min_words=60, max_words=150, seed=11))
        messages = [(a["id"].encode(), orjson.dumps(a)) for a in good]
        asyncio.run(publish(Settings(broker_url=broker.url, topic_raw=topics.raw), messages))
        enriched = read_topic(broker.bootstrap, topics.enriched, until=len(good), timeout=240)
        counts = [consumed(port) for port in ports]

    assert sorted(r.key.decode() for r in enriched if r.key) == sorted(a["id"] for a in good)
    assert all(c > 0 for c in counts), f"each worker enriched its partitions' share: {counts}"
    assert sum(counts) == len(good), "no message was consumed by both workers"
