"""Event clusters on a real embedded broker and a real ``eventwire worker`` process.

Raw articles in; ``events.clusters`` read back. One worker run, then a restart on the same
consumer group: the cluster table must come back from its changelog, so a fourth report of
the same attack joins the cluster opened before the restart.

The fourth report goes onto ``articles.enriched`` as the real Enricher makes it, not onto the
raw topic: what is under test after the restart is the cluster table, and the enrichment
agent's own restart path has its tests (SIGTERM, SIGKILL, scale-out) in this folder.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer
from jsonschema import Draft202012Validator

from tests.support.kafka import Topics, create_topics, running_worker, worker_env
from worker.broker import EmbeddedBroker
from worker.config import Settings
from worker.core.enrich import Enriched, Enricher
from worker.core.schemas import load_schema
from worker.feeds import publish

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]

KABUL = [
    {
        "id": "kabul-afp",
        "source": "AFP",
        "published_at": "2023-05-12T10:00:00Z",
        "body": "KABUL, Afghanistan, May 12 (AFP) - A suicide bomber blew himself up near a mosque "
        "in Kabul on Friday, killing at least 10 people, police said.",
    },
    {
        "id": "kabul-ap",
        "source": "AP",
        "published_at": "2023-05-12T13:00:00Z",
        "body": "KABUL, Afghanistan (AP) — The death toll from a suicide bombing at a Kabul mosque "
        "on Friday rose to 12, a health ministry spokesman said.",
    },
    {
        "id": "kabul-pajhwok",
        "source": "Pajhwok",
        "published_at": "2023-05-12T16:30:00Z",
        "body": "KABUL (Pajhwok) - At least 15 worshippers were killed when a suicide bomber "
        "struck a mosque in the Afghan capital Kabul on Friday, hospital officials said.",
    },
]
JALALABAD = {
    "id": "jalalabad-reuters",
    "source": "Reuters",
    "published_at": "2023-05-12T12:00:00Z",
    "body": "JALALABAD, Afghanistan, May 12 (Reuters) - A roadside bomb struck a Taliban patrol "
    "in the eastern city of Jalalabad on Friday, killing four fighters, a provincial "
    "spokesman said.",
}
AFTER_RESTART = {
    "id": "kabul-reuters",
    "source": "Reuters",
    "published_at": "2023-05-13T08:00:00Z",
    "body": "KABUL, May 13 (Reuters) - The toll from Friday's suicide bombing at a mosque in "
    "Kabul has risen to at least 18 dead, a Kabul police spokesman said on Saturday.",
}


Records = dict[tuple[int, int], dict[str, Any]]  # (partition, offset) -> cluster record
Latest = dict[str, dict[str, Any]]  # cluster id -> its highest revision


def _latest(records: Records) -> Latest:
    latest: Latest = {}
    for _, record in sorted(records.items()):
        if record["revision"] >= latest.get(record["id"], {"revision": 0})["revision"]:
            latest[record["id"]] = record
    return latest


def _wait_for(bootstrap: str, topic: str, done: Callable[[Latest], bool], timeout: float) -> tuple[Latest, Records]:
    """Read ``topic`` from the start with one consumer until ``done`` holds or ``timeout`` passes."""

    async def read() -> Records:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False, group_id=None
        )
        await consumer.start()
        records: Records = {}
        deadline = time.monotonic() + timeout
        try:
            while not (records and done(_latest(records))) and time.monotonic() < deadline:
                for messages in (await consumer.getmany(timeout_ms=500)).values():
                    records.update({(m.partition, m.offset): orjson.loads(m.value) for m in messages})
        finally:
            await consumer.stop()
        return records

    records = asyncio.run(read())
    return _latest(records), records


def _kabul(latest: Latest) -> list[dict[str, Any]]:
    return [c for c in latest.values() if any(m["article_id"].startswith("kabul") for m in c["members"])]


def test_reports_cluster_across_agencies_and_the_table_survives_a_restart(
    broker: EmbeddedBroker, enricher: Enricher, tmp_path: Path
) -> None:
    topics = Topics.fresh("clusters")
    create_topics(broker, topics)
    settings = Settings(broker_url=broker.url, topic_raw=topics.raw)
    env = worker_env(broker, topics, tmp_path)

    def send(*articles: dict[str, str]) -> None:
        asyncio.run(publish(settings, [(a["id"].encode(), orjson.dumps(a)) for a in articles]))

    def three_sources(latest: Latest) -> bool:
        kabul = _kabul(latest)
        jalalabad = [c for c in latest.values() if c["updated_by"].startswith("jalalabad")]
        return bool(kabul and jalalabad) and max(c["independent_sources"] for c in kabul) >= 3

    with running_worker(env, tmp_path / "worker-1.log"):
        send(*KABUL, JALALABAD)
        latest, before = _wait_for(broker.bootstrap, topics.clusters, three_sources, timeout=90)

    validator = Draft202012Validator(load_schema("cluster"))
    for record in before.values():
        assert not [e.message for e in validator.iter_errors(record)], record["id"]
    kabul = _kabul(latest)
    assert len(kabul) == 1, "three agencies' reports of one attack are one cluster"
    cluster = kabul[0]
    assert sorted(m["article_id"] for m in cluster["members"]) == sorted(a["id"] for a in KABUL)
    assert cluster["independent_sources"] == 3
    assert cluster["confidence"]["flag"] == "confirmed"
    assert cluster["casualties"]["killed"]["min"] == 15
    assert cluster["casualties"]["killed"]["latest"]["article_id"] == "kabul-pajhwok"
    others = [c for c in latest.values() if c["id"] != cluster["id"]]
    assert [m["article_id"] for c in others for m in c["members"]] == ["jalalabad-reuters"], (
        "the same day's attack in another city stays apart"
    )

    def four_sources(latest: Latest) -> bool:
        return any(c["independent_sources"] >= 4 for c in _kabul(latest))

    fourth = enricher.enrich(orjson.dumps(AFTER_RESTART))
    assert isinstance(fourth, Enriched)
    with running_worker(env, tmp_path / "worker-2.log"):
        asyncio.run(publish(settings, [(fourth.article_id.encode(), fourth.value)], topic=topics.enriched))
        latest, after = _wait_for(broker.bootstrap, topics.clusters, four_sources, timeout=90)

    republished = {r["updated_by"].split("#")[0] for where, r in after.items() if where not in before}
    assert republished == {"kabul-reuters"}, (
        "nothing before the restart was consumed again, so the cluster below came from the table"
    )
    kabul = _kabul(latest)
    assert len(kabul) == 1 and kabul[0]["id"] == cluster["id"], "the restored cluster was joined"
    assert kabul[0]["independent_sources"] == 4
    assert kabul[0]["revision"] == cluster["revision"] + 1
    assert kabul[0]["casualties"]["killed"]["min"] == 18
