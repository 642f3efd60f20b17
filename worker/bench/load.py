"""The load generator and the output probe, in the benchmark's own process.

The generator publishes raw articles (in a burst, or paced at a fixed rate) and notes when
each was handed to the producer; the probe reads the enriched topic and notes when each
record arrived. Both use this process's monotonic clock, so an article's end-to-end latency
is receipt minus send with no clock skew, and includes the broker both ways.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

Message = tuple[bytes, bytes, int]  # key, value, corpus index


@dataclass
class Phase:
    """What one phase sent and received.

    Attributes:
        sent: send time of each key.
        received: receipt time of each key that came back.
        indices: corpus index of each key.

    """

    sent: dict[bytes, float] = field(default_factory=dict)
    received: dict[bytes, float] = field(default_factory=dict)
    indices: dict[bytes, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Whether every sent article came back."""
        return len(self.received) >= len(self.sent)

    def latencies(self) -> list[float]:
        """Seconds from send to receipt, one per article that came back."""
        return sorted(self.received[k] - self.sent[k] for k in self.received)

    def span(self) -> float:
        """Seconds from the first send to the last receipt."""
        return max(self.received.values()) - min(self.sent.values())


class Probe:
    """A producer to the raw topic and a consumer of the enriched topic."""

    def __init__(
        self,
        bootstrap: str,
        raw_topic: str,
        enriched_topic: str,
        alive: Callable[[], bool] = lambda: True,
    ) -> None:
        """Clients for the two topics; ``alive`` says whether the process under test still runs."""
        self.raw_topic = raw_topic
        self.alive = alive
        self.producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, linger_ms=0, acks=1, max_request_size=8 * 1024 * 1024
        )
        self.consumer = AIOKafkaConsumer(
            enriched_topic,
            bootstrap_servers=bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            fetch_max_wait_ms=50,
            max_partition_fetch_bytes=16 * 1024 * 1024,
        )
        self._phase = Phase()
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect both clients and start reading."""
        await self.producer.start()
        await self.consumer.start()
        self._reader = asyncio.create_task(self._read())

    async def stop(self) -> None:
        """Stop reading and close both clients."""
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        await self.consumer.stop()
        await self.producer.stop()

    async def burst(self, messages: Sequence[Message], timeout: float) -> Phase:
        """Publish every message at once and wait for all their records."""
        phase = self._begin(messages)
        for key, value, _ in messages:
            phase.sent[key] = time.monotonic()
            await self.producer.send(self.raw_topic, value=value, key=key)
        await self.producer.flush()
        await self._wait(phase, timeout)
        return phase

    async def paced(self, messages: Sequence[Message], rate: float, timeout: float) -> Phase:
        """Publish at ``rate`` messages a second, evenly spaced, and wait for all records."""
        phase = self._begin(messages)
        start = time.monotonic()
        for n, (key, value, _) in enumerate(messages):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            phase.sent[key] = time.monotonic()
            await self.producer.send(self.raw_topic, value=value, key=key)
        await self._wait(phase, timeout)
        return phase

    def _begin(self, messages: Sequence[Message]) -> Phase:
        self._phase = Phase(indices={key: index for key, _, index in messages})
        return self._phase

    async def _wait(self, phase: Phase, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not phase.complete and time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError("the process under test exited; see its log")
            await asyncio.sleep(0.02)
        if not phase.complete:
            missing = len(phase.sent) - len(phase.received)
            raise TimeoutError(f"{missing} of {len(phase.sent)} records did not come back")

    async def _read(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=100)
            now = time.monotonic()
            phase = self._phase
            for records in batches.values():
                for record in records:
                    if record.key in phase.indices and record.key not in phase.received:
                        phase.received[record.key] = now
