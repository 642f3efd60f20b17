"""The cluster agents' sweep, with a dict for the table: no broker, no Faust worker."""

from __future__ import annotations

import asyncio
from datetime import date
from types import SimpleNamespace
from typing import Any

import orjson

from worker.config import Settings
from worker.core.clustering import assign, members_from_record, partition_key
from worker.stream.clusters import SWEEP_FIELD, ClusterAgents


def _bucket(article_id: str, day: str, place: str) -> tuple[bytes, bytes]:
    record = {
        "article": {"id": article_id, "published_at": f"{day}T12:00:00Z", "source": "AFP", "dateline": {}},
        "events": [
            {
                "id": f"{article_id}#1",
                "plover": {"type": "ASSAULT", "mode": None},
                "acled": {"event_type": "Battles", "sub_event_type": "Armed clash"},
                "location": {
                    "name": place,
                    "country": "MLI",
                    "admin1": place,
                    "lat": None,
                    "lon": None,
                    "precision": "city",
                },
                "date": {"text": "", "value": day, "precision": "day"},
                "confidence": {"flag": "confirmed"},
            }
        ],
    }
    member = members_from_record(record).members[0]
    key = partition_key(member)
    return key.encode(), orjson.dumps(assign(None, key, member, window_days=7).bucket)


class _Topic:
    def __init__(self) -> None:
        self.sent: list[tuple[bytes, bytes]] = []

    async def send(self, *, key: bytes, value: bytes) -> None:
        self.sent.append((key, value))


def _agents(table: dict[bytes, bytes], *, rebalancing: bool = False, recovered: bool = True) -> ClusterAgents:
    completed = asyncio.Event()
    if recovered:
        completed.set()
    app: Any = SimpleNamespace(
        rebalancing=rebalancing, tables=SimpleNamespace(recovery=SimpleNamespace(completed=completed))
    )
    members: Any = _Topic()
    return ClusterAgents(app, Settings(cluster_window_days=7), members=members, clusters=members, table=table)


def test_the_sweep_orders_eviction_of_expired_keys_and_the_order_deletes_them() -> None:
    table = dict([_bucket("old", "2023-05-01", "Gao"), _bucket("fresh", "2023-05-20", "Kidal")])
    agents = _agents(table)
    agents.watermark = date(2023, 5, 21)
    asyncio.run(agents.sweep())
    assert table.keys() == {b"MLI|gao", b"MLI|kidal"}, "the timer itself never writes the table"
    orders = agents.members.sent  # type: ignore[attr-defined]
    assert orders == [(b"MLI|gao", orjson.dumps({SWEEP_FIELD: "2023-05-21"}))]

    (evicted,) = agents.apply_sweep(b"MLI|gao", date(2023, 5, 21))
    assert evicted.startswith("cl-")
    assert list(table) == [b"MLI|kidal"]
    assert agents.apply_sweep(b"MLI|gao", date(2023, 5, 21)) == (), "a repeated order is harmless"


def test_the_sweep_waits_for_a_watermark_and_a_settled_group() -> None:
    for agents in (_agents({}), _agents({}, rebalancing=True), _agents({}, recovered=False)):
        agents.table.update([_bucket("old", "2023-05-01", "Gao")])
        app: Any = agents.app
        if app.rebalancing or not app.tables.recovery.completed.is_set():
            agents.watermark = date(2023, 6, 1)
        asyncio.run(agents.sweep())
        assert agents.members.sent == []  # type: ignore[attr-defined]
