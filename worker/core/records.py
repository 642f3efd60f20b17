"""Typed shapes of the enriched record, mirroring ``schemas/enriched.schema.json``."""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

SCHEMA_ID = "eventwire.enriched/1"

Flag = Literal["confirmed", "attributed", "claimed", "unconfirmed", "disputed"]
FLAGS: tuple[Flag, ...] = ("confirmed", "attributed", "claimed", "unconfirmed", "disputed")
SourceType = Literal[
    "official", "military", "police", "medical", "armed_group", "monitor",
    "witness", "analyst", "media", "anonymous", "unknown", "wire",
]  # fmt: skip


class Span(TypedDict):
    """A piece of ``article.text`` and its character offsets."""

    text: str
    start: int
    end: int


class Party(TypedDict):
    """An actor or a target."""

    text: str
    name: str
    kind: str
    country: str | None
    start: NotRequired[int]
    end: NotRequired[int]


class Count(TypedDict):
    """A casualty count with its bounds; ``best`` follows ACLED's conservative rules."""

    text: str
    min: int | None
    max: int | None
    best: int | None
    approximate: NotRequired[bool]


class Casualties(TypedDict):
    """Counts by kind; ``None`` where the text says nothing."""

    killed: Count | None
    injured: Count | None
    abducted: Count | None
    arrested: Count | None
    perpetrators_killed: NotRequired[Count | None]


class Location(TypedDict):
    """The event's own place, geocoded."""

    text: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: Literal["site", "city", "admin1", "country"]


class EventDate(TypedDict):
    """When the event happened."""

    text: str
    value: str
    precision: Literal["day", "week", "month"]


class Source(TypedDict):
    """Who a statement rests on."""

    name: str | None
    type: SourceType
    cue: str | None
    start: NotRequired[int]
    end: NotRequired[int]


class EventConfidence(TypedDict):
    """The source-confidence flag of one event, with its evidence."""

    flag: Flag
    score: float
    sources: list[Source]
    cues: list[Span]
    casualties_status: NotRequired[Flag]
    perpetrator_status: NotRequired[Flag]


class Plover(TypedDict):
    """PLOVER type, mode and context."""

    type: str
    mode: str | None
    context: list[str]


class Acled(TypedDict):
    """ACLED event type and sub-event type (None for events ACLED does not code)."""

    event_type: str | None
    sub_event_type: str | None


class Mention(TypedDict):
    """One mention of an event; an event merges all of its mentions."""

    trigger: Span
    sentence: Span


class ExtractedEvent(TypedDict):
    """An event as extraction finds it, before its sources are weighed."""

    id: str
    plover: Plover
    acled: Acled
    trigger: Span
    sentence: Span
    mentions: list[Mention]
    actors: list[Party]
    targets: list[Party]
    location: Location | None
    date: EventDate | None
    casualties: Casualties


class Event(ExtractedEvent):
    """One distinct real-world event reported in the article, with its confidence flag."""

    confidence: EventConfidence


class ArticleConfidence(TypedDict):
    """The article-level roll-up of the events' flags."""

    flag: Flag
    score: float
    reasons: list[str]
    sources: NotRequired[list[Source]]  # what the article's flag rests on, deciding source first
