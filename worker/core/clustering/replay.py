"""Cluster a sequence of enriched records in memory, as the stream agent would.

The agent keeps one bucket per key in a Faust table; :class:`Replay` keeps them in a dict and
makes the same calls, so tests and the pair evaluation exercise the stream's exact logic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from worker.core.clustering.matching import DEFAULT_RULES, Rules
from worker.core.clustering.members import Skipped, members_from_record, partition_key
from worker.core.clustering.record import cluster_record
from worker.core.clustering.state import Assignment, Bucket, ClusterState, assign


@dataclass(slots=True)
class Replay:
    """In-memory cluster table: partition key -> bucket."""

    window_days: int = 7
    rules: Rules = DEFAULT_RULES
    buckets: dict[str, Bucket] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    published: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: Mapping[str, Any]) -> list[Assignment]:
        """Cluster every event of one enriched record; publish each changed cluster."""
        extraction = members_from_record(record)
        self.skipped.extend(extraction.skipped)
        done: list[Assignment] = []
        for member in extraction.members:
            key = partition_key(member)
            result = assign(self.buckets.get(key), key, member, window_days=self.window_days, rules=self.rules)
            self.buckets[key] = result.bucket
            if result.cluster is not None:
                self.published.append(cluster_record(result.cluster, key, updated_by=member["event_id"]))
            done.append(result)
        return done

    def add_all(self, records: Iterable[Mapping[str, Any]]) -> Replay:
        """Cluster records in order; return self."""
        for record in records:
            self.add(record)
        return self

    def clusters(self) -> list[ClusterState]:
        """Return every open cluster, in key order."""
        return [c for key in sorted(self.buckets) for c in self.buckets[key]["clusters"]]

    def latest(self) -> dict[str, dict[str, Any]]:
        """Return the last record published for each cluster id (what a consumer keeps)."""
        return {record["id"]: record for record in self.published}
