"""The publication ledger: the stamp of every enriched record, written before the record.

At-least-once delivery replays whatever was published but not yet committed when a worker
died. For the replayed record to be byte-identical to the first one, the worker must know the
first run's ``processed_at`` and ``duration_ms`` (:mod:`worker.core.replay`). The ledger is a
compacted topic, ``<app id>-ledger``, keyed by a digest of the input bytes, holding those two
values and a digest of the record's content. The order that makes it safe:

1. enrich the batch, looking up each input's earlier stamp;
2. write the new stamps to the ledger and wait for the broker to acknowledge them;
3. publish the records and wait for their acknowledgements;
4. only then let Faust commit the input offsets.

A crash after 2 leaves stamps for records that may or may not exist; the replay reuses them,
so whatever was published before matches whatever is published now. A crash before 2 has
published nothing for the batch. No step depends on transactions, which the embedded broker
lacks.

Ledger partition ``p % n`` holds the stamps of input partition ``p`` (``n`` ledger
partitions), so a worker loads only the partitions it was assigned, the first time it sees a
message from one. Loading reads up to an offset the worker itself wrote just before (a
barrier record), so it never depends on the broker's end-offset answer, which the embedded
broker gets wrong. Only the last ``window`` stamps per partition are loaded and kept: replays
after a crash come from the uncommitted tail, a few batches long.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition

from worker.core.replay import Stamp

log = logging.getLogger("eventwire.ledger")

# Stamps kept per ledger partition: ~250 bytes each in memory, so 20,000 is ~5 MB a partition.
LEDGER_WINDOW = 20_000
_BARRIER_KEY = b"\x00eventwire-barrier"
# A load attempt that takes longer has met a broker that went away or lost the topic under
# it: start again with a new barrier.
_LOAD_ATTEMPT_SECONDS = 30.0
_TOPIC_EXISTS = 36  # Kafka error code TOPIC_ALREADY_EXISTS


@dataclass(frozen=True, slots=True)
class Entry:
    """One stamp to write: which input partition it belongs to and the input's key."""

    partition: int
    key: bytes
    stamp: Stamp


class Ledger:
    """Stamps of published records, per input partition."""

    def __init__(
        self,
        app: faust.App,
        topic: str,
        *,
        bootstrap_servers: str,
        partitions: int,
        client_options: dict[str, Any] | None = None,
        replication: int = 1,
        window: int = LEDGER_WINDOW,
    ) -> None:
        """Describe the ledger; nothing is read or written before the first batch.

        Args:
            app: The Faust app, whose producer writes the ledger.
            topic: The ledger topic's name.
            bootstrap_servers: Where the loading consumer connects (``host:port,...``).
            partitions: Partitions to create the ledger topic with, when it does not exist.
            client_options: Security options for the admin client and the loading consumer.
            replication: Replication factor to create the ledger topic with.
            window: Stamps kept per ledger partition.

        """
        self.window = window
        self.topic = app.topic(topic, key_type=bytes, value_type=bytes)
        self._create_partitions = partitions
        self._replication = replication
        self._bootstrap_servers = bootstrap_servers
        self._client_options = client_options or {}
        self._partitions: int | None = None
        self._stamps: dict[int, dict[bytes, Stamp]] = {}
        self._load_lock = asyncio.Lock()

    def forget(self, partitions: Iterable[int]) -> None:
        """Drop what was loaded for these input partitions (they were revoked).

        Another worker may own them next and write stamps this one never sees, so they are
        loaded afresh if they come back.
        """
        if self._partitions is None:
            return
        for partition in partitions:
            self._stamps.pop(partition % self._partitions, None)

    async def prepare(self, partitions: Iterable[int]) -> None:
        """Load the stamps of any of these input partitions not loaded yet.

        Retries until it succeeds: while the broker is away, the batch waits here.
        """
        wanted = set(partitions)
        async with self._load_lock:
            while self._partitions is None or {p % self._partitions for p in wanted} - set(self._stamps):
                try:
                    await asyncio.wait_for(self._load_missing(wanted), _LOAD_ATTEMPT_SECONDS)
                except (TimeoutError, KafkaError) as exc:
                    log.warning("could not load the ledger %s (%r): retrying", self.name, exc)
                    await asyncio.sleep(1.0)

    async def _load_missing(self, wanted: set[int]) -> None:
        # Declared on every load, not once: a broker that lost its data (the embedded one keeps
        # it in memory) must get the topic back before anything is written to it.
        partitions = await self._declare()
        if partitions != self._partitions:
            self._stamps.clear()  # stamps are filed by ledger partition: a new count refiles them
            self._partitions = partitions
        for ledger_partition in sorted({p % partitions for p in wanted} - set(self._stamps)):
            self._stamps[ledger_partition] = await self._load(ledger_partition)

    def lookup(self, partition: int, key: bytes) -> Stamp | None:
        """The stamp of an earlier publication of this input, if the ledger has one."""
        if self._partitions is None:
            return None
        return self._stamps.get(partition % self._partitions, {}).get(key)

    async def record(self, entries: Sequence[Entry]) -> None:
        """Write ``entries`` and wait until the broker has acknowledged every one."""
        if not entries:
            return
        assert self._partitions is not None, "prepare() first"
        deliveries = [
            await self.topic.send(
                key=entry.key, value=entry.stamp.to_bytes(), partition=entry.partition % self._partitions
            )
            for entry in entries
        ]
        await asyncio.gather(*deliveries)
        for entry in entries:
            stamps = self._stamps.get(entry.partition % self._partitions)
            if stamps is not None:  # a partition forgotten meanwhile is reloaded in full later
                self._remember(stamps, entry.key, entry.stamp)

    def _remember(self, stamps: dict[bytes, Stamp], key: bytes, stamp: Stamp) -> None:
        stamps.pop(key, None)  # re-insert at the end: the window keeps the most recent
        stamps[key] = stamp
        while len(stamps) > self.window:
            del stamps[next(iter(stamps))]

    @property
    def name(self) -> str:
        """The ledger topic's name."""
        return str(self.topic.get_topic_name())

    async def _declare(self) -> int:
        """The topic's partition count, creating the topic first when it is missing."""
        partitions = await self._partition_count()
        if partitions:
            return partitions
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap_servers, **self._client_options)
        await admin.start()
        try:
            topic = NewTopic(
                self.name,
                num_partitions=self._create_partitions,
                replication_factor=self._replication,
                topic_configs={"cleanup.policy": "compact"},
            )
            response = await admin.create_topics([topic])
            for name, code, message in response.topic_errors:
                if code not in (0, _TOPIC_EXISTS):
                    raise KafkaError(f"cannot create the ledger topic {name}: error {code} {message}")
        finally:
            await admin.close()
        log.info("ledger topic %s created with %d partitions", self.name, self._create_partitions)
        partitions = await self._partition_count()
        if not partitions:
            raise KafkaError(f"the ledger topic {self.name} has no partitions yet")
        return partitions

    async def _partition_count(self) -> int:
        consumer = self._consumer()
        await consumer.start()
        try:
            await consumer.topics()  # a fresh metadata request, not a cached answer
            return len(consumer.partitions_for_topic(self.name) or ())
        finally:
            await consumer.stop()

    async def _load(self, partition: int) -> dict[bytes, Stamp]:
        started = time.monotonic()
        delivery = await self.topic.send(key=_BARRIER_KEY, value=uuid.uuid4().bytes, partition=partition)
        end = (await delivery).offset + 1
        tp = TopicPartition(self.name, partition)
        consumer = self._consumer()
        await consumer.start()
        stamps: dict[bytes, Stamp] = {}
        try:
            consumer.assign([tp])
            consumer.seek(tp, max(0, end - 1 - self.window))
            while await consumer.position(tp) < end:
                batch = await consumer.getmany(tp, timeout_ms=500)
                for message in batch.get(tp, ()):
                    stamp = Stamp.from_bytes(message.value) if message.key != _BARRIER_KEY else None
                    if stamp is not None and message.key is not None:
                        self._remember(stamps, message.key, stamp)
        finally:
            await consumer.stop()
        log.info(
            "ledger %s[%d] loaded: %d stamps up to offset %d in %.2f s",
            self.name, partition, len(stamps), end, time.monotonic() - started,
        )  # fmt: skip
        return stamps

    def _consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **self._client_options,
        )
