"""SIGTERM drains: the batch in flight is finished and committed, so a clean stop repeats nothing."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

import orjson
import pytest

from tests.support.kafka import Topics, create_topics, read_topic, running_worker, worker_env
from worker.config import Settings
from worker.feeds import publish
from worker.synthetic import articles

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]

ARTICLES = 100


def test_sigterm_finishes_the_batch_in_flight_and_a_restart_repeats_nothing(broker, tmp_path: Path) -> None:
    topics = Topics.fresh("drain")
    create_topics(broker, topics)
    env = worker_env(broker, topics, tmp_path, EVENTWIRE_PROCESSES="2", EVENTWIRE_CLUSTERS="false")
    messages = [(a["id"].encode(), orjson.dumps(a)) for a in articles(ARTICLES, min_words=60, max_words=150, seed=3)]
    asyncio.run(publish(Settings(broker_url=broker.url, topic_raw=topics.raw), messages))

    with running_worker(env, tmp_path / "first.log") as worker:
        # Stop it mid-stream: once output is flowing, a batch is always in flight.
        started = read_topic(broker.bootstrap, topics.enriched, until=15, timeout=120)
        assert len(started) >= 15
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, "a clean exit"
    first = read_topic(broker.bootstrap, topics.enriched, until=ARTICLES, timeout=5)
    assert len(first) < ARTICLES, "stopped before the end: the test needs a stop mid-stream"

    with running_worker(env, tmp_path / "second.log"):
        read_topic(broker.bootstrap, topics.enriched, until=ARTICLES, timeout=120)
        # Replays would come first, so all of them are in by now; read once more to be sure.
        everything = read_topic(broker.bootstrap, topics.enriched, until=ARTICLES + 1, timeout=5)

    counts = Counter(r.key for r in everything)
    assert set(counts) == {key for key, _ in messages}, "nothing lost"
    assert [k for k, n in counts.items() if n > 1] == [], "nothing the first worker published is repeated"
