"""The cluster agents: enriched articles in, one record per real-world event out.

``articles.enriched`` (keyed by article id)
  -> ``cluster_fanout``: one member per clusterable event, re-keyed by place
     (``"<ISO3>|<admin area>"``) onto the internal topic ``<app id>-cluster-members``
  -> ``cluster_events``: the key's bucket from the ``event-clusters`` table (changelog
     ``<app id>-event-clusters-changelog``), :func:`~worker.core.clustering.assign`, write back
  -> ``events.clusters`` (keyed by cluster id): the updated cluster's record.

The members topic and the changelog are declared by Faust with ``topic_partitions``
partitions each, so the table is co-partitioned with the stream that updates it: a key's
bucket lives on the partition its members arrive on. All matching is in ``worker.core``.

Every table write happens in ``cluster_events``, inside the stream event of its key: the
sweep timer only reads the table and sends eviction orders (``{"sweep": day}``) keyed by the
key onto the members topic.

Delivery is at least once: a replayed member is recognised by its event id and changes
nothing (the cluster is published again, with the same revision).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol, cast

import faust
import orjson
from faust.types import EventT

from worker.config import Settings
from worker.core.clustering import (
    Bucket,
    Member,
    assign,
    cluster_record,
    evict,
    members_from_record,
)
from worker.core.clustering import partition_key as member_key

log = logging.getLogger("eventwire.clusters")

TABLE_NAME = "event-clusters"
SWEEP_SECONDS = 60.0  # how often the table is swept of clusters that left the window
SWEEP_FIELD = "sweep"  # a members-topic message {"sweep": "YYYY-MM-DD"} is an eviction order


class ClusterHost(Protocol):
    """What the cluster agents need from the application (``EventwireApp``)."""

    app: faust.App
    settings: Settings
    enriched: faust.TopicT


@dataclass(slots=True)
class ClusterAgents:
    """The parts the cluster agents use; returned by :func:`install_cluster_agent`."""

    app: faust.App
    settings: Settings
    members: faust.TopicT
    clusters: faust.TopicT
    table: Any  # faust.Table: Faust's own annotations are incomplete for mypy
    watermark: date | None = field(default=None)  # newest member date this worker has seen

    async def fan_out(self, stream: faust.StreamT[bytes]) -> None:
        """Re-key each enriched record's events by place onto the members topic."""
        async for event in stream.events():
            where = _where(event)
            try:
                record = orjson.loads(event.value or b"")
            except orjson.JSONDecodeError:
                # Only eventwire writes articles.enriched; anything else there is not ours.
                log.warning("not an enriched record, skipped", extra={"where": where})
                continue
            extraction = members_from_record(record)
            for skipped in extraction.skipped:
                log.debug(
                    "not clustered: %s",
                    skipped.reason,
                    extra={"where": where, "event_id": skipped.event_id},
                )
            for member in extraction.members:
                # Sent as attachments of the current offset: published before it commits.
                await self.members.send(key=member_key(member).encode(), value=orjson.dumps(member))

    async def cluster(self, stream: faust.StreamT[bytes]) -> None:
        """Place each member into its key's clusters and publish the changed cluster."""
        async for event in stream.events():
            key_bytes = cast(bytes, event.key)
            key = key_bytes.decode()
            payload = orjson.loads(event.value or b"")
            if SWEEP_FIELD in payload:
                if self.apply_sweep(key_bytes, date.fromisoformat(payload[SWEEP_FIELD])):
                    await self._flush_changelog()
                continue
            member = cast(Member, payload)
            stored = self.table.get(key_bytes)
            bucket = cast(Bucket, orjson.loads(stored)) if stored else None
            result = assign(bucket, key, member, window_days=self.settings.cluster_window_days)
            # No await between the read above and this write: the bucket cannot change under us.
            self.table[key_bytes] = orjson.dumps(result.bucket)
            await self._flush_changelog()
            self._advance(member["date"])
            extra = {"where": _where(event), "event_id": member["event_id"], "key": key}
            if result.evicted:
                log.debug("evicted %d cluster(s)", len(result.evicted), extra=extra)
            if result.cluster is None:
                log.info("too late for the cluster window, not clustered", extra=extra)
                continue
            record = cluster_record(
                result.cluster,
                key,
                updated_by=member["event_id"],
                processed_at=datetime.now(UTC).isoformat(),
            )
            log.debug("cluster %s: %s", result.cluster["id"], result.outcome, extra=extra)
            await self.clusters.send(key=result.cluster["id"].encode(), value=orjson.dumps(record))

    async def sweep(self) -> None:
        """Order the eviction of clusters that left the window, on keys no member touched since.

        The timer only reads the table: it sends an order keyed by the key onto the members
        topic, and ``cluster`` applies it like a member, on the key's own partition. Writing
        from here instead would need the producer's partitioner for the changelog, which
        fails until the producer has the changelog topic's metadata.
        """
        recovery: Any = getattr(self.app.tables, "recovery", None)  # not on TableManagerT
        if recovery is None:
            return
        if self.watermark is None or self.app.rebalancing or not recovery.completed.is_set():
            return
        order = orjson.dumps({SWEEP_FIELD: self.watermark.isoformat()})
        for key_bytes, stored in list(self.table.items()):
            _, evicted = evict(cast(Bucket, orjson.loads(stored)), self.watermark, self.settings.cluster_window_days)
            if evicted:
                await self.members.send(key=key_bytes, value=order)

    def apply_sweep(self, key_bytes: bytes, now: date) -> tuple[str, ...]:
        """Drop the key's clusters that left the window by ``now``; delete the key when empty."""
        stored = self.table.get(key_bytes)
        if not stored:
            return ()
        bucket, evicted = evict(cast(Bucket, orjson.loads(stored)), now, self.settings.cluster_window_days)
        if bucket is None:
            del self.table[key_bytes]
        elif evicted:
            self.table[key_bytes] = orjson.dumps(bucket)
        return evicted

    async def _flush_changelog(self) -> None:
        # One changelog write per broker request. Table recovery reads up to the changelog's
        # end offset, which Tansu reports as the last batch's base offset + 1: writes batched
        # together were lost on restart (measured: 2 of 3 members restored). Costs one round
        # trip per member, far below the enrichment rate.
        await self.app.producer.flush()

    def _advance(self, day: str) -> None:
        seen = date.fromisoformat(day)
        if self.watermark is None or seen > self.watermark:
            self.watermark = seen


def install_cluster_agent(host: ClusterHost) -> ClusterAgents | None:
    """Register the cluster agents, table and sweep timer on ``host.app``.

    Returns:
        The agents' parts, or None when ``settings.clusters`` is off.

    """
    settings = host.settings
    if not settings.clusters:
        return None
    app = host.app
    members = app.topic(
        f"{settings.app_id}-cluster-members",
        key_type=bytes,
        value_type=bytes,
        partitions=settings.topic_partitions,
        internal=True,
    )
    table = app.Table(
        TABLE_NAME,
        key_type=bytes,
        value_type=bytes,
        partitions=settings.topic_partitions,
        help="Open event clusters by place key (country | admin area).",
    )
    clusters = app.topic(settings.topic_clusters, key_type=bytes, value_type=bytes)
    agents = ClusterAgents(app, settings, members, clusters, table)
    app.agent(host.enriched, name="cluster_fanout")(agents.fan_out)
    app.agent(members, name="cluster_events")(agents.cluster)
    app.timer(SWEEP_SECONDS, name="cluster_sweep")(agents.sweep)
    return agents


def _where(event: EventT[Any]) -> str:
    message = event.message
    return f"{message.topic}[{message.partition}]@{message.offset}"
