"""Dead-letter records and the breaker that stops a worker draining a topic into them."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable

from worker.errors import DeadLetterBreakerTripped, Reason

HEADER_PREFIX = "eventwire-"
# What is kept of an input too large for the broker to take back: well under Kafka's default
# 1 MB message limit, so the dead letter itself cannot be refused for its size.
TRUNCATED_BYTES = 256 * 1024


def dead_letter_headers(
    *,
    reason: Reason,
    detail: str,
    topic: str,
    partition: int,
    offset: int,
    original: Iterable[tuple[str, bytes]] = (),
) -> list[tuple[str, bytes]]:
    """Headers naming why and where from; the original headers are kept after ours."""
    ours = [
        (HEADER_PREFIX + "reason", reason.value.encode()),
        (HEADER_PREFIX + "detail", _clip(detail, 1000)),
        (HEADER_PREFIX + "source-topic", topic.encode()),
        (HEADER_PREFIX + "source-partition", str(partition).encode()),
        (HEADER_PREFIX + "source-offset", str(offset).encode()),
    ]
    return ours + [(k, v) for k, v in original if not k.startswith(HEADER_PREFIX)]


def truncated_headers(original: bytes) -> list[tuple[str, bytes]]:
    """Headers of a dead letter that carries only the first :data:`TRUNCATED_BYTES` of its input.

    Used only when the broker refuses the whole input: the record still says what was lost
    (the original size) and identifies it (its SHA-256), instead of the partition stalling.
    """
    return [
        (HEADER_PREFIX + "truncated", str(len(original)).encode()),
        (HEADER_PREFIX + "original-sha256", hashlib.sha256(original).hexdigest().encode()),
    ]


def _clip(text: str, limit: int) -> bytes:
    # Cut at a character boundary, so the header stays valid UTF-8.
    return text.encode("utf-8", "replace")[:limit].decode("utf-8", "ignore").encode("utf-8")


class DeadLetterBreaker:
    """Trips when ``ratio`` of the last ``window`` messages were dead-lettered.

    A consumer that suddenly rejects nearly everything is almost always misconfigured (a
    wrong topic, a changed upstream format): stopping keeps the input for a fixed worker
    instead of moving all of it to the dead-letter topic. ``window=0`` turns it off.
    """

    def __init__(self, ratio: float, window: int) -> None:
        self.ratio = ratio
        self.window = window
        self._recent: deque[bool] = deque(maxlen=window or 1)

    def record(self, dead_lettered: bool) -> None:
        """Count one message; raise when the breaker trips."""
        if not self.window:
            return
        self._recent.append(dead_lettered)
        if len(self._recent) == self.window:
            share = sum(self._recent) / self.window
            if share >= self.ratio:
                raise DeadLetterBreakerTripped(
                    f"{share:.0%} of the last {self.window} messages were dead-lettered "
                    f"(limit {self.ratio:.0%}): stopping so the input stays on the topic"
                )
