"""Dead-letter records and the breaker that stops a worker draining a topic into them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from worker.errors import DeadLetterBreakerTripped, Reason

HEADER_PREFIX = "eventwire-"


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
        (HEADER_PREFIX + "detail", detail.encode("utf-8", "replace")[:1000]),
        (HEADER_PREFIX + "source-topic", topic.encode()),
        (HEADER_PREFIX + "source-partition", str(partition).encode()),
        (HEADER_PREFIX + "source-offset", str(offset).encode()),
    ]
    return ours + [(k, v) for k, v in original if not k.startswith(HEADER_PREFIX)]


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
