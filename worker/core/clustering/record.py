"""The cluster record published on ``events.clusters`` (``schemas/cluster.schema.json``).

Everything here is derived from the members, so the table stores members only and a record
is rebuilt after every change:

* **independent sources**: members whose publishers overlap (AFP, and AFP carrying APP) are
  one source; the count is the number of such groups. Members with no known publisher are
  listed but never counted: a repackaged wire story would otherwise confirm itself.
* **tolls**, per kind (killed, injured, abducted, arrested), over credible reports (their
  casualty status confirmed or attributed; all reports when none is): ``min`` the highest
  lower bound any report states, ``max`` the highest figure stated, ``best`` the highest
  ``best``, plus the ``latest`` and the ``highest`` report themselves. Never a sum: each
  report counts the same dead.
* **the flag**: ``disputed`` when independent sources conflict (a later report's upper bound
  below an earlier report's lower bound) or a report is itself disputed; ``confirmed`` once
  two independent sources agree (each with a report whose flag or casualty status is
  confirmed or attributed); otherwise the strongest flag among the reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from worker.core.clustering.members import KINDS, Member, Party, fold
from worker.core.clustering.state import ClusterState

SCHEMA_ID = "eventwire.cluster/1"
CREDIBLE = frozenset({"confirmed", "attributed"})
_FLAG_STRENGTH = ("confirmed", "attributed", "claimed", "unconfirmed")  # contract: strongest first
_PRECISION_RANK = {"site": 0, "city": 1, "admin1": 2, "country": 3}
_MAX_PARTIES = 12


def cluster_record(
    cluster: ClusterState,
    key: str,
    *,
    updated_by: str | None = None,
    processed_at: str | None = None,
) -> dict[str, Any]:
    """Build the message for ``events.clusters`` (keyed by ``cluster["id"]``).

    Args:
        cluster: the cluster state after the update.
        key: its partition key.
        updated_by: the event id whose arrival changed the cluster.
        processed_at: when the update was made (ISO 8601), from the caller's clock.

    """
    members = cluster["members"]
    groups = independent_groups(members)
    flag, reasons = cluster_flag(members)
    head = _majority(members, _type_of)
    return {
        "schema": SCHEMA_ID,
        "id": cluster["id"],
        "key": key,
        "revision": cluster["revision"],
        "updated_by": updated_by,
        "processed_at": processed_at,
        "family": head["family"],
        "plover": dict(head["plover"]),
        "acled": dict(head["acled"]),
        "location": dict(_location(members)),
        "date": _date(members),
        "actors": _parties(members, "actors"),
        "targets": _parties(members, "targets"),
        "casualties": {kind: tolls(members, kind) for kind in KINDS},
        "independent_sources": len(groups),
        "sources": [
            {"publishers": _publishers(group), "articles": _unique(m["article_id"] for m in group)} for group in groups
        ],
        "confidence": {"flag": flag, "reasons": reasons},
        "members": [_member_entry(m) for m in members],
    }


def independent_groups(members: Sequence[Member]) -> list[list[Member]]:
    """Members grouped into independent sources: groups share no publisher.

    Members with no known publisher belong to no group.
    """
    groups: list[tuple[set[str], list[Member]]] = []
    for member in members:
        names = set(member["publishers"])
        if not names:
            continue
        merged_names, merged = set(names), [member]
        kept: list[tuple[set[str], list[Member]]] = []
        for group in groups:
            if group[0] & merged_names:
                merged_names |= group[0]
                merged = group[1] + merged
            else:
                kept.append(group)
        groups = [*kept, (merged_names, merged)]
    order = {id(m): i for i, m in enumerate(members)}
    groups.sort(key=lambda g: min(order[id(m)] for m in g[1]))
    return [sorted(g[1], key=lambda m: order[id(m)]) for g in groups]


def tolls(members: Sequence[Member], kind: str) -> dict[str, Any] | None:
    """Return the cluster's toll of one kind, None when no report gives one.

    ``min`` is the highest lower bound stated (tolls rise as reports come in, and every
    credible report's floor holds), ``max`` the highest figure stated, ``best`` the highest
    ``best``; ``latest`` and ``highest`` are the reports themselves.
    """
    reports = [(i, m) for i, m in enumerate(members) if m["casualties"].get(kind)]
    if not reports:
        return None
    credible = [(i, m) for i, m in reports if _status(m) in CREDIBLE]
    used = credible or reports
    counts = [(i, m, m["casualties"][kind]) for i, m in used]
    floors = [c["min"] if c["min"] is not None else c["best"] for _, _, c in counts if c]
    figures = [_figure(c) for _, _, c in counts if c]
    bests = [c["best"] for _, _, c in counts if c and c["best"] is not None]
    latest = max(counts, key=lambda t: _when(t[1], t[0]))
    highest = max(counts, key=lambda t: (_figure(t[2]) or 0, _when(t[1], t[0])))
    return {
        "min": max((f for f in floors if f is not None), default=None),
        "max": max((f for f in figures if f is not None), default=None),
        "best": max(bests, default=None),
        "credible": bool(credible),
        "reports": len(reports),
        "latest": _report(latest[1], kind),
        "highest": _report(highest[1], kind),
    }


def toll_conflicts(members: Sequence[Member]) -> list[str]:
    """Independent credible reports whose death tolls contradict each other.

    A later report below an earlier report's floor contradicts it (tolls are revised up as
    the dead are counted, not down); reports from the same source are its own corrections.
    """
    group_of = {id(m): n for n, group in enumerate(independent_groups(members)) for m in group}
    dated = sorted(
        ((i, m) for i, m in enumerate(members) if id(m) in group_of and _status(m) in CREDIBLE),
        key=lambda t: _when(t[1], t[0]),
    )
    conflicts: list[str] = []
    for n, (_, earlier) in enumerate(dated):
        before = earlier["casualties"]["killed"]
        if not before or before.get("approximate") or before["min"] is None:
            continue
        for _, later in dated[n + 1 :]:
            after = later["casualties"]["killed"]
            if group_of[id(later)] == group_of[id(earlier)] or not after or after.get("approximate"):
                continue
            if after["max"] is not None and after["max"] < before["min"]:
                conflicts.append(
                    f"{_label(later)} reports {after['text'] or after['max']} killed after "
                    f"{_label(earlier)} reported {before['text'] or before['min']}"
                )
    return conflicts


def cluster_flag(members: Sequence[Member]) -> tuple[str, list[str]]:
    """Return the cluster's source-confidence flag and the reasons for it."""
    conflicts = toll_conflicts(members)
    denied = [m for m in members if m["flag"] == "disputed"]
    if conflicts or denied:
        return "disputed", conflicts + [f"{_label(m)} reports it as disputed" for m in denied]
    groups = independent_groups(members)
    agreeing = [g for g in groups if any(_corroborates(m) for m in g)]
    if len(agreeing) >= 2:
        names = "; ".join(", ".join(_publishers(g)) for g in agreeing)
        return "confirmed", [f"{len(agreeing)} independent sources agree: {names}"]
    flags = [m["flag"] for m in members]
    flag = next((f for f in _FLAG_STRENGTH if f in flags), "unconfirmed")
    why = f"{len(groups)} independent source(s); strongest report: {flag}"
    return flag, [why]


def _type_of(member: Member) -> tuple[str | None, ...]:
    plover, acled = member["plover"], member["acled"]
    return (
        member["family"],
        plover["type"],
        plover["mode"],
        acled["event_type"],
        acled["sub_event_type"],
    )


def _corroborates(member: Member) -> bool:
    # A report that the event happened (its flag, or at least its casualty status, rests on a
    # named or authoritative source) -- not merely a party's claim or a rumour.
    return member["flag"] in CREDIBLE or (member["casualties_status"] or "") in CREDIBLE


def _status(member: Member) -> str:
    return member["casualties_status"] or member["flag"]


def _figure(count: Any) -> int | None:
    for value in (count["max"], count["best"], count["min"]):
        if value is not None:
            return int(value)
    return None


def _when(member: Member, index: int) -> tuple[datetime, int]:
    # Reports without a time sort by arrival, before timed ones.
    stamp = member["published_at"]
    moment = datetime.min.replace(tzinfo=UTC)
    if stamp:
        try:
            parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    return moment, index


def _report(member: Member, kind: str) -> dict[str, Any]:
    count: dict[str, Any] = dict(member["casualties"][kind] or {})
    return {
        "event_id": member["event_id"],
        "article_id": member["article_id"],
        "publishers": member["publishers"],
        "published_at": member["published_at"],
        "text": count.get("text"),
        "min": count.get("min"),
        "max": count.get("max"),
        "best": count.get("best"),
        "status": _status(member),
    }


def _label(member: Member) -> str:
    return "/".join(member["publishers"]) or member["article_id"]


def _publishers(group: Sequence[Member]) -> list[str]:
    return _unique(p for m in group for p in m["publishers"])


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _majority(members: Sequence[Member], key: Any) -> Member:
    votes = Counter(key(m) for m in members)
    top = max(votes.values())
    return next(m for m in members if votes[key(m)] == top)


def _location(members: Sequence[Member]) -> dict[str, Any]:
    rank = min(_PRECISION_RANK.get(m["location"]["precision"], 3) for m in members)
    precise = [m for m in members if _PRECISION_RANK.get(m["location"]["precision"], 3) == rank]
    return dict(_majority(precise, lambda m: fold(m["location"]["name"]))["location"])


def _date(members: Sequence[Member]) -> dict[str, Any]:
    dated = [m for m in members if m["date_source"] == "event"] or list(members)
    votes = Counter(m["date"] for m in dated)
    top = max(votes.values())
    value = min(d for d, n in votes.items() if n == top)
    days = [m["date"] for m in members]
    return {"value": value, "first": min(days), "last": max(days)}


def _parties(members: Sequence[Member], role: str) -> list[Party]:
    seen: dict[str, Party] = {}
    for member in members:
        for party in member["actors"] if role == "actors" else member["targets"]:
            seen.setdefault(fold(party["name"]), {"name": party["name"], "kind": party["kind"]})
    return list(seen.values())[:_MAX_PARTIES]


def _member_entry(member: Member) -> dict[str, Any]:
    return {
        "event_id": member["event_id"],
        "article_id": member["article_id"],
        "headline": member["headline"],
        "publishers": member["publishers"],
        "published_at": member["published_at"],
        "date": member["date"],
        "date_source": member["date_source"],
        "place": member["location"]["name"],
        "precision": member["location"]["precision"],
        "plover": member["plover"],
        "acled": member["acled"],
        "flag": member["flag"],
        "casualties_status": member["casualties_status"],
        "sources": member["sources"],
        "casualties": member["casualties"],
    }
