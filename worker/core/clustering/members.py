"""Cluster members: the part of one enriched event that cross-article matching needs.

A member is a JSON-ready snapshot of one event of one enriched record (``articles.enriched``)
plus the article facts that matter across articles: who published it (for independence) and
when (for "latest" tolls). Members are what the cluster table stores, so they carry nothing
the matching and the cluster record do not use (no text offsets, no sentences).

Events that cannot be placed in space and time precisely enough to tell two real events
apart are not clustered; :func:`members_from_record` returns them as skipped, with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Literal, TypedDict

from worker.core.lexicons import load_jsonl, load_toml
from worker.core.records import Count, Location

DateSource = Literal["event", "report"]
SkipReason = Literal["no_location", "country_only", "vague_date", "no_date", "no_type"]
KINDS = ("killed", "injured", "abducted", "arrested")

# ACLED's event types group into the families that decide "same kind of event": a report
# coding a complex attack as a battle and another coding it as a bombing still compare.
_ACLED_FAMILY = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "unrest",
    "Riots": "unrest",
}
_SUB_EVENT_FAMILY = {"Arrests": "coercion", "Looting/property destruction": "violence"}
_PLOVER_FAMILY = {"ASSAULT": "violence", "PROTEST": "unrest", "COERCE": "coercion"}
_AREA_WORDS = frozenset(
    {"county", "province", "state", "region", "governorate", "division", "district", "oblast", "prefecture"}
)
_EVENT_SOURCED_LEAD = timedelta(days=1)  # an event dated after its report + 1 day is a misreading


class Party(TypedDict):
    """An actor or target, reduced to what matching compares."""

    name: str
    kind: str


class SourceRef(TypedDict):
    """A source an event's flag rests on, as the enriched record names it."""

    name: str | None
    type: str
    cue: str | None


class Member(TypedDict):
    """One event of one article, as stored in a cluster."""

    event_id: str
    article_id: str
    publishers: list[str]  # normalised agency/publisher names; empty when unknown
    published_at: str | None  # the article's ISO 8601 time, for "latest"
    headline: str | None
    family: str
    plover: dict[str, str | None]  # {"type", "mode"}
    acled: dict[str, str | None]  # {"event_type", "sub_event_type"}
    location: Location
    date: str  # YYYY-MM-DD
    date_source: DateSource  # "report": the event had no date, the article's day stands in
    actors: list[Party]
    targets: list[Party]
    casualties: dict[str, Count | None]  # killed / injured / abducted / arrested
    flag: str
    casualties_status: str | None
    sources: list[SourceRef]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An event that is not clustered, and why."""

    event_id: str
    reason: SkipReason


@dataclass(slots=True)
class Extraction:
    """The members of one enriched record and the events left out."""

    members: list[Member] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def members_from_record(record: Mapping[str, Any]) -> Extraction:
    """Turn an enriched record (``eventwire.enriched/1``) into cluster members.

    Args:
        record: the decoded message from ``articles.enriched``.

    Returns:
        The members, one per clusterable event, and the skipped events with their reasons.

    """
    article = record.get("article") or {}
    article_id = str(article.get("id") or "")
    dateline = article.get("dateline") or {}
    publishers = normalise_publishers([*(dateline.get("agencies") or []), article.get("source")])
    published_at = article.get("published_at")
    report_day = _report_day(published_at, dateline.get("date"))
    out = Extraction()
    for event in record.get("events") or []:
        member_or_reason = _member(event, article_id, publishers, published_at, report_day)
        if isinstance(member_or_reason, Skipped):
            out.skipped.append(member_or_reason)
        else:
            member_or_reason["headline"] = article.get("headline")
            out.members.append(member_or_reason)
    return out


def _member(
    event: Mapping[str, Any],
    article_id: str,
    publishers: list[str],
    published_at: str | None,
    report_day: date | None,
) -> Member | Skipped:
    event_id = str(event.get("id"))
    location = event.get("location")
    if not location or not location.get("country"):
        return Skipped(event_id, "no_location")
    if location.get("precision") == "country":
        # A country is too coarse to tell two same-day attacks apart, and it would need a
        # partition of its own (the key is country + admin area): see docs/clusters.md.
        return Skipped(event_id, "country_only")
    dated = _event_day(event.get("date"), report_day)
    if isinstance(dated, str):
        return Skipped(event_id, dated)
    day, source = dated
    plover = event.get("plover") or {}
    acled = event.get("acled") or {}
    family = event_family(plover.get("type"), acled.get("event_type"), acled.get("sub_event_type"))
    if family is None:
        return Skipped(event_id, "no_type")
    confidence = event.get("confidence") or {}
    casualties = event.get("casualties") or {}
    return {
        "event_id": event_id,
        "article_id": article_id,
        "publishers": publishers,
        "published_at": published_at,
        "headline": None,
        "family": family,
        "plover": {"type": plover.get("type"), "mode": plover.get("mode")},
        "acled": {
            "event_type": acled.get("event_type"),
            "sub_event_type": acled.get("sub_event_type"),
        },
        "location": {
            "text": location.get("text") or location.get("name") or "",
            "name": location.get("name") or "",
            "country": location["country"],
            "admin1": location.get("admin1"),
            "lat": location.get("lat"),
            "lon": location.get("lon"),
            "precision": location.get("precision") or "city",
        },
        "date": day.isoformat(),
        "date_source": source,
        "actors": _parties(event.get("actors")),
        "targets": _parties(event.get("targets")),
        "casualties": {kind: _count(casualties.get(kind)) for kind in KINDS},
        "flag": str(confidence.get("flag") or "unconfirmed"),
        "casualties_status": confidence.get("casualties_status"),
        "sources": [
            {"name": s.get("name"), "type": str(s.get("type") or "unknown"), "cue": s.get("cue")}
            for s in confidence.get("sources") or []
        ],
    }


def event_family(plover: str | None, acled: str | None, sub_event: str | None) -> str | None:
    """Return the type family two events must share to be one real event.

    ACLED's types decide where they are set (a battle, a bombing and a one-sided attack are
    all "violence": wire reports of one complex attack disagree on which it was); PLOVER's
    type decides otherwise, so verbal events only meet their own type.
    """
    if sub_event in _SUB_EVENT_FAMILY:
        return _SUB_EVENT_FAMILY[sub_event]
    if acled in _ACLED_FAMILY:
        return _ACLED_FAMILY[acled]
    if not plover:
        return None
    return _PLOVER_FAMILY.get(plover, plover.lower())


def partition_key(member: Member) -> str:
    """Return the table key of a member: ``"<ISO3>|<admin1, else place name>"``.

    The date stays out of the key and inside the cluster state, so reports dated a day apart
    (an attack "late Thursday" reported "on Friday") land on the same key and partition.
    """
    location = member["location"]
    return f"{location['country']}|{area_key(location['admin1'] or location['name'])}"


def area_key(name: str) -> str:
    """Fold an admin area's name and drop its generic suffix ("Mandera County" -> "mandera").

    The gazetteer names a region "Mandera" and gives its towns the admin1 "Mandera County":
    both must land on one key.
    """
    words = fold(name).split()
    while len(words) > 1 and words[-1] in _AREA_WORDS:
        words.pop()
    return " ".join(words)


def fold(text: str) -> str:
    """Lower-case, ASCII-only, single-spaced: how names are compared."""
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def normalise_publishers(names: list[Any]) -> list[str]:
    """Canonical publisher names (``publishers.toml`` aliases), first-seen order, no duplicates."""
    table = _publisher_aliases()
    out: list[str] = []
    for raw in names:
        if not isinstance(raw, str) or not raw.strip():
            continue
        name = table.get(raw.strip().casefold(), raw.strip())
        if name not in out:
            out.append(name)
    return out


def specific_armed_groups(parties: list[Party]) -> set[str]:
    """Folded names of the parties that are named armed groups from the actors lexicon.

    Only these can contradict each other: "gunmen" or "militants" never conflict with a name.
    """
    known = _named_armed_groups()
    return {fold(p["name"]) for p in parties if p["kind"] == "armed_group" and fold(p["name"]) in known}


def _report_day(published_at: Any, dateline_date: Any) -> date | None:
    for value in (published_at, dateline_date):
        if isinstance(value, str) and value:
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                continue
    return None


def _event_day(value: Any, report_day: date | None) -> tuple[date, DateSource] | SkipReason:
    if value:
        if value.get("precision") != "day":
            # "last week" / "in March": too vague to tell two events apart; the report date
            # would misdate it, so the event is not clustered.
            return "vague_date"
        try:
            day = date.fromisoformat(str(value.get("value")))
        except ValueError:
            day = None
        if day is not None and (report_day is None or day <= report_day + _EVENT_SOURCED_LEAD):
            return day, "event"
    if report_day is None:
        return "no_date"
    # An undated event in a wire report happened on or just before the report's day: the
    # one-day tolerance of the matching covers "yesterday".
    return report_day, "report"


def _parties(values: Any) -> list[Party]:
    return [
        {"name": str(p.get("name") or p.get("text") or ""), "kind": str(p.get("kind") or "other")} for p in values or []
    ]


def _count(value: Any) -> Count | None:
    if not value:
        return None
    count: Count = {
        "text": str(value.get("text") or ""),
        "min": value.get("min"),
        "max": value.get("max"),
        "best": value.get("best"),
    }
    if value.get("approximate"):
        count["approximate"] = True
    return count


@cache
def _publisher_aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, entry in load_toml("publishers")["publishers"].items():
        for alias in [name, *entry.get("aliases", [])]:
            table[alias.casefold()] = name
    return table


@cache
def _named_armed_groups() -> frozenset[str]:
    return frozenset(fold(row["name"]) for row in load_jsonl("actors") if row.get("kind") == "armed_group")
