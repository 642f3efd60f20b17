"""The commit gate: Faust may commit only offsets the worker finished, never past a missing one."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from faust.transport.consumer import Consumer as FaustConsumer
from faust.types import TP
from intervaltree import IntervalTree

from worker.stream.offsets import CommitGate

RAW = "articles.raw"


def _faust_consumer(acked: dict[TP, list[int]], committed: dict[TP, int]) -> Any:
    """Just enough state for Faust's own ``Consumer._new_offset``."""
    consumer = SimpleNamespace(
        _acked=defaultdict(list, acked),
        _acked_index=defaultdict(set, {tp: set(offsets) for tp, offsets in acked.items()}),
        _committed_offset=defaultdict(lambda: None, committed),
        _gap=defaultdict(IntervalTree),
    )
    consumer._new_offset = FaustConsumer._new_offset.__get__(consumer)
    return consumer


def test_faust_alone_commits_past_one_missing_acknowledgement() -> None:
    # The habit the gate exists for: 347 was never processed, 348 and 349 were.
    tp = TP(RAW, 0)
    consumer = _faust_consumer({tp: [348, 349]}, {tp: 347})
    assert consumer._new_offset(tp) == 350


def test_the_gate_stops_at_the_first_unfinished_offset() -> None:
    tp = TP(RAW, 0)
    consumer = _faust_consumer({tp: [348, 349]}, {tp: 347})
    gate = CommitGate(RAW)
    gate.install(consumer)
    gate.begin(0, 347)
    gate.finish(0, [348, 349])
    assert consumer._new_offset(tp) == 347, "nothing past 347 until 347 is finished"
    gate.finish(0, [347])
    assert consumer._new_offset(tp) == 350


def test_other_topics_keep_fausts_choice_and_unknown_partitions_commit_nothing() -> None:
    other, unknown = TP("events.clusters", 0), TP(RAW, 3)
    consumer = _faust_consumer({other: [0, 1, 2], unknown: [0, 1]}, {})
    CommitGate(RAW).install(consumer)
    assert consumer._new_offset(other) == 3
    assert consumer._new_offset(unknown) is None


def test_holes_are_the_offsets_never_given_to_the_worker() -> None:
    gate = CommitGate(RAW)
    gate.begin(1, 100)
    assert gate.holes(1, [100, 101, 102]) == []
    assert gate.holes(1, [104, 103, 107]) == [(105, 107)], "in offset order, whatever the batch order"
    gate = CommitGate(RAW)
    gate.begin(1, 100)
    assert gate.holes(1, [102, 103, 106]) == [(100, 102), (104, 106)]
    assert gate.holes(1, [101]) == [], "a redelivery below what was seen is no hole"


def test_forgotten_partitions_start_afresh() -> None:
    gate = CommitGate(RAW)
    gate.begin(2, 10)
    gate.finish(2, range(10, 15))
    assert gate.committable(2) == 15
    gate.forget([2])
    assert not gate.known(2) and gate.committable(2) is None
    gate.finish(2, [15])  # a late finish for a revoked partition is ignored
    assert gate.committable(2) is None
