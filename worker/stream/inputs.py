"""One input message, whether Faust delivered it or the worker read it back itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from faust.types import EventT

_EMPTY_FETCHES = 15  # one-second fetches that return nothing before a read-back gives up


@dataclass(frozen=True, slots=True)
class Input:
    """A raw message and where it came from."""

    topic: str
    partition: int
    offset: int
    timestamp: float  # seconds since the epoch, as the broker recorded it
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def from_event(cls, event: EventT[bytes]) -> Input:
        """The input a Faust event carries."""
        message = event.message
        return cls(
            message.topic,
            message.partition,
            message.offset,
            message.timestamp,
            message.key,
            message.value or b"",
            header_items(message.headers),
        )

    @property
    def where(self) -> str:
        """``topic[partition]@offset``, as logs name a message."""
        return f"{self.topic}[{self.partition}]@{self.offset}"

    @property
    def received_at(self) -> datetime:
        """When the broker received it (the reference date of an undated article)."""
        return datetime.fromtimestamp(self.timestamp, UTC)


def header_items(headers: Any) -> tuple[tuple[str, bytes], ...]:
    """Kafka headers as (name, bytes) pairs, whatever shape the client gave them in."""
    if not headers:
        return ()
    items = headers.items() if isinstance(headers, dict) else headers
    return tuple((str(k), v if isinstance(v, bytes) else str(v).encode()) for k, v in items)


async def earliest_offsets(
    bootstrap_servers: str, tps: list[TopicPartition], client_options: dict[str, Any]
) -> dict[TopicPartition, int]:
    """The first offset still on the broker of each partition, from a client of its own.

    Faust's consumer answers the same question through its consumer thread, between fetches,
    which takes about 1.5 s on the embedded broker; a short-lived client takes milliseconds.
    """
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=None, **client_options)
    await consumer.start()
    try:
        return {tp: int(offset) for tp, offset in (await consumer.beginning_offsets(tps)).items()}
    finally:
        await consumer.stop()


async def read_inputs(
    bootstrap_servers: str, tp: TopicPartition, start: int, end: int, client_options: dict[str, Any]
) -> list[Input]:
    """The records at offsets ``[start, end)`` of ``tp``, read straight from the broker.

    Offsets with no record (compaction, transaction markers) are simply absent.

    Raises:
        TimeoutError: The broker gave nothing for ``_EMPTY_FETCHES`` seconds in a row.

    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=16 << 20,
        **client_options,
    )
    await consumer.start()
    found: list[Input] = []
    try:
        consumer.assign([tp])
        consumer.seek(tp, start)
        empty = 0
        while await consumer.position(tp) < end:
            batch = await consumer.getmany(tp, timeout_ms=1000)
            for m in batch.get(tp, ()):
                if start <= m.offset < end:
                    found.append(
                        Input(
                            tp.topic,
                            tp.partition,
                            m.offset,
                            m.timestamp / 1000.0,
                            m.key,
                            m.value or b"",
                            header_items(m.headers),
                        )
                    )
            empty = 0 if batch else empty + 1
            if empty >= _EMPTY_FETCHES:
                raise TimeoutError(f"could not read {tp.topic}[{tp.partition}] from {start} to {end}")
    finally:
        await consumer.stop()
    return found
