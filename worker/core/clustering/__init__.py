"""Across articles: one real-world event, many reports (the ``events.clusters`` stream).

Pure, Kafka-free: the Faust agent in ``worker.stream.clusters`` and the pair evaluation call
the same functions.

* :mod:`~worker.core.clustering.members` turns an enriched record into members (one per
  clusterable event) and gives each its partition key (country + admin area).
* :mod:`~worker.core.clustering.matching` decides whether two members are the same event.
* :mod:`~worker.core.clustering.state` keeps the clusters of one key within a time window.
* :mod:`~worker.core.clustering.record` derives the published cluster record: independent
  sources, tolls, the cluster flag.
"""

from worker.core.clustering.matching import Comparison, Rules, compare, matches
from worker.core.clustering.members import (
    Extraction,
    Member,
    Skipped,
    members_from_record,
    partition_key,
)
from worker.core.clustering.record import (
    SCHEMA_ID,
    cluster_flag,
    cluster_record,
    independent_groups,
    tolls,
)
from worker.core.clustering.state import Assignment, Bucket, ClusterState, assign, evict, new_bucket

__all__ = [
    "SCHEMA_ID",
    "Assignment",
    "Bucket",
    "ClusterState",
    "Comparison",
    "Extraction",
    "Member",
    "Rules",
    "Skipped",
    "assign",
    "cluster_flag",
    "cluster_record",
    "compare",
    "evict",
    "independent_groups",
    "matches",
    "members_from_record",
    "new_bucket",
    "partition_key",
    "tolls",
]
