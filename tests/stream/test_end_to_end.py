"""The whole path on a real embedded broker: raw articles in, enriched records and dead letters out."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from tests.conftest import SEED_TEXT
from tests.support.kafka import Topics, create_topics, read_topic, running_worker, worker_env
from worker.core.schemas import load_schema
from worker.feeds import publish
from worker.synthetic import articles

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]

MALFORMED = {
    "not-json": b"{this is not json",
    "array": b'[{"id": "in-an-array", "body": "text"}]',
    "no-text": b'{"id": "empty-body", "body": "   "}',
    "wrong-types": b'{"id": 42, "body": ["not", "a", "string"]}',
    "not-utf8": b'{"id": "latin1", "body": "caf\xe9"}',
}
EXPECTED_REASONS = {
    "not-json": "not_json",
    "array": "not_object",
    "no-text": "no_text",
    "wrong-types": "schema_violation",
    "not-utf8": "not_utf8",
}


def test_every_article_is_enriched_once_and_every_bad_one_dead_lettered(broker, tmp_path: Path) -> None:
    import asyncio

    from worker.config import Settings

    topics = Topics.fresh("e2e")
    create_topics(broker, topics)
    good = [{"id": "hasakeh-afp", "body": SEED_TEXT.read_text(), "published_at": "2022-01-21T12:00:00+00:00"}]
    good += list(articles(200, min_words=80, max_words=400, seed=7))
    messages = [(a["id"].encode(), orjson.dumps(a)) for a in good]
    messages += [(name.encode(), value) for name, value in MALFORMED.items()]
    settings = Settings(broker_url=broker.url, topic_raw=topics.raw)

    env = worker_env(broker, topics, tmp_path, EVENTWIRE_PROCESSES="2")
    with running_worker(env, tmp_path / "worker.log"):
        asyncio.run(publish(settings, messages))
        enriched = read_topic(broker.bootstrap, topics.enriched, until=len(good), timeout=240)
        dead = read_topic(broker.bootstrap, topics.dlq, until=len(MALFORMED), timeout=60)

    ids = [r.key.decode() for r in enriched if r.key]
    assert sorted(ids) == sorted(a["id"] for a in good), "every good article exactly once"
    validator = Draft202012Validator(load_schema("enriched"))
    for record in enriched:
        value = orjson.loads(record.value)
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, (record.key, errors[:3])
        assert value["article"]["id"] == record.key.decode()

    by_key = {r.key.decode(): r for r in dead}
    assert set(by_key) == set(MALFORMED), "every malformed input dead-lettered, nothing else"
    for name, record in by_key.items():
        assert record.value == MALFORMED[name], "the original bytes are kept"
        assert record.headers["eventwire-reason"].decode() == EXPECTED_REASONS[name]
        assert record.headers["eventwire-source-topic"].decode() == topics.raw
        assert record.headers["eventwire-detail"]
