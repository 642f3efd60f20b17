"""More than a thousand hostile messages through a real worker: each gets its outcome, the worker lives.

The corpus (:mod:`worker.hostile`) names the outcome of every case: enriched (with the
language flag it must carry) or dead-lettered with a given reason. The breaker is off, since
most of the corpus is meant to be dead-lettered.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from tests.support.kafka import Record, Topics, create_topics, read_topic, running_worker, worker_env
from worker.config import Settings
from worker.core.schemas import load_schema
from worker.feeds import publish
from worker.hostile import ENRICHED, Case, corpus
from worker.stream.deadletter import TRUNCATED_BYTES

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_every_hostile_message_is_enriched_or_dead_lettered_with_its_reason(broker, tmp_path: Path) -> None:
    cases = corpus(seed=5)
    assert len(cases) >= 1000
    assert len({c.key for c in cases}) == len(cases), "unique keys: every output maps to one input"
    topics = Topics.fresh("hostile")
    create_topics(broker, topics)
    env = worker_env(broker, topics, tmp_path, EVENTWIRE_PROCESSES="2", EVENTWIRE_DLQ_BREAKER_WINDOW="0")
    # The publisher must take the largest case (about 10 MB): a 4 MiB limit gives 16 MiB requests.
    publisher = Settings(broker_url=broker.url, topic_raw=topics.raw, max_message_bytes=4 * 1024 * 1024)
    expected_dead = sum(c.dead_letter for c in cases)
    with running_worker(env, tmp_path / "worker.log") as worker:
        asyncio.run(publish(publisher, [(c.key, c.value) for c in cases]))
        dead = read_topic(broker.bootstrap, topics.dlq, until=expected_dead, timeout=300)
        enriched = read_topic(broker.bootstrap, topics.enriched, until=len(cases) - expected_dead, timeout=300)
        assert worker.poll() is None, "the worker is still running"

    outputs: dict[bytes, list[tuple[str, Record]]] = defaultdict(list)
    for topic, records in (("dlq", dead), ("enriched", enriched)):
        for record in records:
            outputs[record.key or b""].append((topic, record))
    validator = Draft202012Validator(load_schema("enriched"))
    wrong = Counter[str]()
    for case in cases:
        problem = _check(case, outputs.get(case.key, []), validator)
        if problem:
            wrong[f"{case.category}: {problem}"] += 1
    assert not wrong, wrong.most_common(20)
    assert set(outputs) <= {c.key for c in cases}, "no output for an input that was never sent"


def _check(case: Case, outputs: list[tuple[str, Record]], validator: Draft202012Validator) -> str | None:
    if not outputs:
        return "lost"
    topics = {topic for topic, _ in outputs}
    if len(topics) > 1:
        return "both enriched and dead-lettered"
    topic, record = outputs[0]
    if case.expect == ENRICHED:
        if topic != "enriched":
            return f"dead-lettered as {record.headers.get('eventwire-reason', b'?').decode()}"
        value = orjson.loads(record.value)
        if errors := [e.message for e in validator.iter_errors(value)]:
            return f"schema: {errors[0][:80]}"
        article = value["article"]
        if article["id"] != case.key.decode():
            return "wrong id"
        if article["language_supported"] is not case.supported:
            return f"language {article['language']} supported={article['language_supported']}"
        if not case.supported and value["events"]:
            return "events from a language that is not enriched"
        if CONTROL.search(article["text"]):
            return "control characters left in the text"
        return None
    if topic != "dlq":
        return "enriched, expected a dead letter"
    reason = record.headers.get("eventwire-reason", b"").decode()
    if reason != case.expect:
        return f"reason {reason}, expected {case.expect}"
    if not record.headers.get("eventwire-detail"):
        return "no detail header"
    if "eventwire-truncated" in record.headers:
        # Only for an input larger than the worker's producer takes: its head, and its identity.
        if record.value != case.value[:TRUNCATED_BYTES]:
            return "truncated dead letter is not the input's head"
        if record.headers["eventwire-truncated"] != str(len(case.value)).encode():
            return "wrong original size"
        if record.headers["eventwire-original-sha256"] != hashlib.sha256(case.value).hexdigest().encode():
            return "wrong original digest"
        return None if case.category == "oversized_truncated" else "truncated"
    if case.category == "oversized_truncated":
        return "not truncated: the worker published more than its producer's limit"
    if record.value != case.value:
        return "dead letter is not the original bytes"
    return None
