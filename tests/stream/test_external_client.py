"""A client written by someone else (librdkafka via confluent-kafka) plays upstream and downstream."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest
from confluent_kafka import Consumer, Producer

from tests.conftest import SEED_TEXT
from tests.support.kafka import Topics, create_topics, running_worker, worker_env

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]


def test_librdkafka_producer_and_consumer(broker, tmp_path: Path) -> None:
    topics = Topics.fresh("rdkafka")
    create_topics(broker, topics)
    ninjs = {
        "uri": "urn:example:ninjs:1",
        "versioncreated": "2022-01-21T12:00:00Z",
        "headline": "IS attacks Syria prison",
        "language": "en",
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": SEED_TEXT.read_text()}],
        "copyrightholder": {"name": "AFP"},
    }
    native = {"id": "native-1", "body": "BAGHDAD (Reuters) - Two rockets hit the Green Zone on Tuesday, police said."}

    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for key, value in (("urn:example:ninjs:1", ninjs), ("native-1", native)):
        producer.produce(topics.raw, key=key.encode(), value=orjson.dumps(value), headers=[("feed", b"test")])
    assert producer.flush(30) == 0, "librdkafka delivered every message"

    consumer = Consumer(
        {
            "bootstrap.servers": broker.bootstrap,
            "group.id": f"downstream-{topics.app_id}",
            "auto.offset.reset": "earliest",
            "session.timeout.ms": 6000,
        }
    )
    consumer.subscribe([topics.enriched])
    received: dict[str, dict] = {}
    with running_worker(worker_env(broker, topics, tmp_path), tmp_path / "worker.log"):
        deadline = time.monotonic() + 120
        while len(received) < 2 and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            received[message.key().decode()] = orjson.loads(message.value())
    consumer.close()

    assert set(received) == {"urn:example:ninjs:1", "native-1"}
    seed = received["urn:example:ninjs:1"]
    assert seed["schema"] == "eventwire.enriched/1"
    assert seed["article"]["source"] == "AFP"
    assert seed["article"]["dateline"]["country"] == "SYR"
    assert received["native-1"]["article"]["dateline"]["place"] == "Baghdad"
