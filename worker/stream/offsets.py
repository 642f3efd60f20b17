"""The commit gate: an input offset is committed only after the worker has finished it.

Faust commits the offsets its streams acknowledged, and two of its habits can commit an input
the worker never processed (both seen in the fault soak, each losing one article):

- a stream acks, unprocessed, a message it skips as stale (fetched before a rebalance, or
  while flow control was paused) and expects to see again after the seek;
- its commit check lets the committed offset step over one missing acknowledgement (it only
  stops at gaps of two or more).

So Faust's own choice of offset is replaced, for the input topic, by this one: the first
offset not yet finished by :meth:`EventwireApp.process <worker.stream.app.EventwireApp.process>`,
counted from where the partition started (its committed offset, or its earliest). The worker
also watches for input that never reached it: a hole between the offsets it expected and
those it was given (seen after restarts, when Faust resumes a partition past its committed
offset). The worker reads the hole's records back from the broker and processes them with the
batch; a hole with no records (compaction, transaction markers) is simply finished; a hole too
large to read back stops the worker, so a restart reads it from the committed offset, which
can never be past it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from worker.errors import EventwireError

log = logging.getLogger("eventwire.offsets")


class SkippedInput(EventwireError):
    """More input was skipped than the worker reads back itself: restart to read it again."""


@dataclass
class _Partition:
    next_commit: int  # every offset below it is finished
    expected: int  # the offset the worker should be given next
    finished: set[int] = field(default_factory=set)  # finished offsets at or above next_commit


class CommitGate:
    """Finished offsets of one topic, and the only offsets Faust may commit for it."""

    def __init__(self, topic: str) -> None:
        """Track ``topic``'s partitions; call :meth:`install` once the consumer exists."""
        self.topic = topic
        self._partitions: dict[int, _Partition] = {}
        self._installed: Any = None

    def install(self, consumer: Any) -> None:
        """Put the gate in front of the Faust consumer's choice of commit offsets."""
        if self._installed is consumer:
            return
        faust_offset: Callable[[Any], int | None] = consumer._new_offset

        def new_offset(tp: Any) -> int | None:
            # Faust's own choice still runs: it trims its list of acknowledged offsets.
            chosen = faust_offset(tp)
            if tp.topic != self.topic:
                return chosen
            return self.committable(tp.partition)

        consumer._new_offset = new_offset
        self._installed = consumer

    def known(self, partition: int) -> bool:
        """True when the partition's starting offset is known (since it was assigned)."""
        return partition in self._partitions

    def begin(self, partition: int, offset: int) -> None:
        """Record where the partition starts: its committed offset, or its earliest."""
        self._partitions[partition] = _Partition(next_commit=offset, expected=offset)

    def holes(self, partition: int, offsets: Sequence[int]) -> list[tuple[int, int]]:
        """Ranges ``[start, end)`` skipped before or between ``offsets``, which the worker now expects."""
        state = self._partitions[partition]
        holes = []
        for offset in sorted(offsets):
            if offset > state.expected:
                holes.append((state.expected, offset))
            state.expected = max(state.expected, offset + 1)
        return holes

    def finish(self, partition: int, offsets: Iterable[int]) -> None:
        """Mark offsets finished: their outputs are acknowledged (or they hold no record)."""
        state = self._partitions.get(partition)
        if state is None:
            return  # revoked meanwhile: the next owner starts from the committed offset
        state.finished.update(o for o in offsets if o >= state.next_commit)
        while state.next_commit in state.finished:
            state.finished.discard(state.next_commit)
            state.next_commit += 1

    def committable(self, partition: int) -> int | None:
        """The offset Faust may commit: every offset below it is finished."""
        state = self._partitions.get(partition)
        return state.next_commit if state is not None else None

    def forget(self, partitions: Iterable[int]) -> None:
        """Drop revoked partitions (after Faust committed them); they start afresh if they return."""
        for partition in partitions:
            self._partitions.pop(partition, None)
