"""Cluster state: one table value per partition key, and how a member joins it.

A :class:`Bucket` holds the open clusters of one key (country + admin area) within the time
window. :func:`assign` is the whole update the stream agent makes for one member: evict what
fell out of the window, then update the member in place (a replay or a re-enriched article),
join the best compatible cluster, or open a new one. Functions return new values and never
mutate their arguments, so the agent can write the result back to the table as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TypedDict

from worker.core.clustering.matching import DEFAULT_RULES, Rules, compare
from worker.core.clustering.members import Member

Outcome = Literal["created", "joined", "updated", "duplicate", "late"]


class ClusterState(TypedDict):
    """One cluster as stored: its members; everything published is derived from them."""

    id: str
    revision: int  # one more on every change: consumers keep the highest
    members: list[Member]


class Bucket(TypedDict):
    """The open clusters of one partition key."""

    key: str
    watermark: str | None  # the newest member date seen on this key (event time)
    clusters: list[ClusterState]


@dataclass(frozen=True, slots=True)
class Assignment:
    """What :func:`assign` did."""

    bucket: Bucket
    cluster: ClusterState | None  # None when the member came too late for the window
    outcome: Outcome
    score: float | None = None  # the winning match score when the member joined
    evicted: tuple[str, ...] = ()


def new_bucket(key: str) -> Bucket:
    """Return an empty bucket for ``key``."""
    return {"key": key, "watermark": None, "clusters": []}


def cluster_id(first_event_id: str) -> str:
    """Return a cluster's id: fixed by its first member, so a replay gives the same id."""
    return "cl-" + hashlib.blake2b(first_event_id.encode(), digest_size=8).hexdigest()


def last_date(cluster: ClusterState) -> str:
    """Return the newest member date of a cluster (what the window is measured on)."""
    return max(m["date"] for m in cluster["members"])


def assign(
    bucket: Bucket | None,
    key: str,
    member: Member,
    *,
    window_days: int,
    rules: Rules = DEFAULT_RULES,
    max_clusters: int = 500,
) -> Assignment:
    """Put ``member`` into the clusters of ``key``.

    Args:
        bucket: the key's current state (None for a key never seen or evicted).
        key: the member's partition key.
        member: the member to place.
        window_days: clusters whose newest member is this many days older than the newest date
            seen on the key are dropped; members that old are not clustered at all.
        rules: the matching rules.
        max_clusters: a hard bound on a key's open clusters; the stalest go first.

    Returns:
        The new bucket, the cluster the member is in and what happened.

    """
    current = bucket if bucket is not None else new_bucket(key)
    now = max(filter(None, (current["watermark"], member["date"])))
    clusters, evicted = _unexpired(current["clusters"], date.fromisoformat(now), window_days)
    if member["date"] < _horizon(date.fromisoformat(now), window_days):
        return Assignment({"key": key, "watermark": now, "clusters": clusters}, None, "late", evicted=evicted)

    for index, cluster in enumerate(clusters):
        for position, existing in enumerate(cluster["members"]):
            if existing["event_id"] == member["event_id"]:
                if existing == member:
                    return Assignment(
                        _with(key, now, clusters, index, cluster),
                        cluster,
                        "duplicate",
                        evicted=evicted,
                    )
                members = [*cluster["members"]]
                members[position] = member
                updated = _revised(cluster, members)
                return Assignment(_with(key, now, clusters, index, updated), updated, "updated", evicted=evicted)

    best: tuple[float, int] | None = None
    for index, cluster in enumerate(clusters):
        score = _link_score(cluster, member, rules)
        if score is not None and score >= rules.threshold and (best is None or score > best[0]):
            best = (score, index)
    if best is not None:
        score, index = best
        joined = _revised(clusters[index], [*clusters[index]["members"], member])
        return Assignment(_with(key, now, clusters, index, joined), joined, "joined", score, evicted)

    created: ClusterState = {
        "id": cluster_id(member["event_id"]),
        "revision": 1,
        "members": [member],
    }
    clusters = [*clusters, created]
    if len(clusters) > max_clusters:
        stalest = sorted(clusters, key=last_date)[: len(clusters) - max_clusters]
        evicted += tuple(c["id"] for c in stalest)
        clusters = [c for c in clusters if c not in stalest]
    return Assignment({"key": key, "watermark": now, "clusters": clusters}, created, "created", evicted=evicted)


def evict(bucket: Bucket, now: date, window_days: int) -> tuple[Bucket | None, tuple[str, ...]]:
    """Drop the clusters of ``bucket`` that fell out of the window by ``now``.

    Returns:
        The remaining bucket (None when nothing is left: delete the key) and the evicted ids.

    """
    clusters, evicted = _unexpired(bucket["clusters"], now, window_days)
    if not clusters:
        return None, evicted
    return {"key": bucket["key"], "watermark": bucket["watermark"], "clusters": clusters}, evicted


def _link_score(cluster: ClusterState, member: Member, rules: Rules) -> float | None:
    # Complete link on the hard rules (every member must be compatible: no chaining from
    # Monday to Wednesday through Tuesday), single link on the evidence (the best-matching
    # report speaks for the cluster).
    best: float | None = None
    for existing in cluster["members"]:
        comparison = compare(existing, member, rules)
        if not comparison.compatible:
            return None
        best = comparison.score if best is None else max(best, comparison.score)
    return best


def _unexpired(clusters: list[ClusterState], now: date, window_days: int) -> tuple[list[ClusterState], tuple[str, ...]]:
    horizon = _horizon(now, window_days)
    kept = [c for c in clusters if last_date(c) >= horizon]
    return kept, tuple(c["id"] for c in clusters if last_date(c) < horizon)


def _horizon(now: date, window_days: int) -> str:
    return (now - timedelta(days=window_days)).isoformat()


def _revised(cluster: ClusterState, members: list[Member]) -> ClusterState:
    return {"id": cluster["id"], "revision": cluster["revision"] + 1, "members": members}


def _with(key: str, now: str, clusters: list[ClusterState], index: int, cluster: ClusterState) -> Bucket:
    replaced = [*clusters]
    replaced[index] = cluster
    return {"key": key, "watermark": now, "clusters": replaced}
