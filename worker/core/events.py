"""Event extraction: trigger spans in, one ``ExtractedEvent`` per real-world event out.

1. ``eventwire_triggers`` marked the event words; non-events (negated, modal, intended,
   habitual, historical ...) are dropped (``nonevents``).
2. Linked triggers of a sentence form a mention; its arguments come from its clause
   (``arguments``), and mentions merge into events (``merging``).
3. Each event gets its types (PLOVER from its main trigger, ACLED from ``taxonomy``), its
   parties, its place (its own, else the story's latest, else the dateline's), its date (its
   own, else the story's latest), and its counts combined without double counting (``tally``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from worker.core.arguments import MATERIAL, ArticleFacts, Mention, Trig, build_mentions
from worker.core.commitments import INTENT, commitment
from worker.core.context import ArticleContext
from worker.core.dating import Dates
from worker.core.definitions import TriggerDef, state_kinds, trigger_defs
from worker.core.geo_index import fold
from worker.core.location import PRECISION_RANK, place_location, to_location
from worker.core.merging import Cluster, cluster, is_intervention, link_in_sentence
from worker.core.nlp.triggers import SPANS_KEY as TRIGGERS_KEY
from worker.core.nonevents import is_out_of_range, nonevent_reason
from worker.core.records import EventDate, ExtractedEvent, Location, Party, Span
from worker.core.records import Mention as MentionRecord
from worker.core.sentences import sent_of
from worker.core.tally import tally
from worker.core.taxonomy import Features, acled_type, retype
from worker.core.toponyms import Toponym, capitals

# Non-event reasons a statement of intent overrides ("said it would hold more protests").
_INTENDED = {"modal", "negated", "irrealis"}


def extract_events(doc: Doc, ctx: ArticleContext) -> list[ExtractedEvent]:
    """Every distinct real-world event the article reports, in text order.

    Args:
        doc: the parsed article text (``ctx.text``), with eventwire's components run.
        ctx: the article, its dateline and reference date, and the gazetteer.

    Returns:
        One record per event, ids ``"<article id>#<n>"`` in order of first mention.

    """
    defs = trigger_defs()
    facts = ArticleFacts(doc, ctx.gazetteer, ctx.dateline.country, ctx.reference_date)
    by_sentence: dict[int, list[Trig]] = {}
    for span in doc.spans.get(TRIGGERS_KEY, ()):
        definition = defs[span.label_]
        reason = nonevent_reason(span.root, definition)
        if reason in _INTENDED and (speech_act := commitment(span.root, definition.plover)):
            definition = _as_speech_act(definition, speech_act[0])
            span = doc[speech_act[1].i : speech_act[1].i + 1]  # noqa: PLW2901 - the statement is the event
            # The statement itself may be a standing position ("has said he will not step down").
            reason = nonevent_reason(span.root, definition)
        if reason is None:
            by_sentence.setdefault(sent_of(span).start, []).append(Trig(span, definition))
    mentions: list[Mention] = []
    for triggers in by_sentence.values():
        for group in link_in_sentence(triggers):
            for mention in build_mentions(group, facts):
                if _in_range(mention, ctx.reference_date):
                    mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    dateline = _dateline_location(ctx)
    clusters = sorted(cluster(mentions), key=lambda c: c.mentions[0].start)
    return [
        _record(
            f"{ctx.article.id}#{n}",
            event=event,
            all_mentions=mentions,
            dateline=dateline,
            dates=facts.dates,
            story_place=facts.toponyms.first_locative(),
            ctx=ctx,
        )
        for n, event in enumerate(clusters, start=1)
    ]


def _in_range(mention: Mention, reference: date | None) -> bool:
    """Return True unless the mention's date, or for an undated one its sentence's, is out of range.

    An undated clause in a sentence about an older past shares its time ("captured the town in
    2014 before the army retook it the following year"); a future date elsewhere in the sentence
    does not make a statement future ("said it was suspending talks due to resume next week").
    """
    if mention.date is not None:
        return is_out_of_range(mention.date, reference) is None
    return is_out_of_range(mention.context_date, reference) != "historical"


def _as_speech_act(definition: TriggerDef, plover: str) -> TriggerDef:
    """Return the trigger re-typed as the statement of intent that mentions it."""
    return replace(
        definition,
        id=f"{plover}{INTENT}",
        plover=plover,
        mode=None,
        role="event",
        group=plover,
        acled=None,
        acled_sub=None,
        counts=None,
        absorbed_by=frozenset(),
    )


def _record(
    event_id: str,
    *,
    event: Cluster,
    all_mentions: list[Mention],
    dateline: Location | None,
    dates: Dates,
    story_place: Toponym | None,
    ctx: ArticleContext,
) -> ExtractedEvent:
    head = event.head
    actors = _unique([a for m in event.mentions for a in m.actors])
    victims = [c.victims for m in event.mentions for c in m.casualties if c.victims is not None]
    targets = _unique([*victims, *(t for m in event.mentions for t in m.targets)], {a["name"] for a in actors})
    location = (
        _location(event, all_mentions, dateline, story_place)
        if head.plover in MATERIAL
        else _said_where(event, all_mentions)
    )
    country = location["country"] if location else ctx.dateline.country
    for party in (*actors, *targets):
        if party["country"] is None and party["kind"] in state_kinds():
            party["country"] = country
    trigger_modes = [m for mention in event.mentions for m in mention.trigger_modes]
    mode = trigger_modes[0] if trigger_modes else next((m.cue_mode for m in event.mentions if m.cue_mode), None)
    tags = set().union(*(m.tags for m in event.mentions))
    if head.plover == "PROTEST" and any(is_intervention(m) for m in event.mentions):
        tags.add("intervention")
    features = retype(
        Features(
            plover=head.plover,
            trigger_mode=trigger_modes[0] if trigger_modes else None,
            mode=mode,
            groups=frozenset().union(*(m.groups for m in event.mentions)),
            tags=frozenset(tags),
            actor_kinds=frozenset(a["kind"] for a in actors),
            target_kinds=frozenset(t["kind"] for t in targets),
        )
    )
    override = next(
        (
            (t.definition.acled, t.definition.acled_sub)
            for m in event.mentions
            for t in m.triggers
            if t.definition.acled
        ),
        (None, None),
    )
    return {
        "id": event_id,
        "plover": {
            "type": features.plover,
            "mode": features.mode,
            "context": sorted(features.tags),
        },
        "acled": acled_type(features, override),
        "trigger": _span(head.main.span),
        "sentence": _span(head.sent),
        "mentions": _mentions(event),
        "actors": actors,
        "targets": targets,
        "location": location,
        "date": _date(event, dates, ctx),
        "casualties": tally(event, actors),
    }


def _span(span: SpacySpan) -> Span:
    return {"text": span.text, "start": span.start_char, "end": span.end_char}


def _mentions(event: Cluster) -> list[MentionRecord]:
    found: list[MentionRecord] = []
    for mention in event.mentions:
        for trig in sorted(mention.triggers, key=lambda t: t.span.start):
            record: MentionRecord = {"trigger": _span(trig.span), "sentence": _span(mention.sent)}
            if record not in found:
                found.append(record)
    return found


def _unique(parties: list[Party], exclude: set[str] | None = None) -> list[Party]:
    seen = set(exclude or ())
    found: list[Party] = []
    for party in parties:
        if party["name"] not in seen:
            seen.add(party["name"])
            found.append(dict(party))  # type: ignore[arg-type]
    return found


def _own_location(event: Cluster) -> Location | None:
    own = [m.toponym for m in event.mentions if m.toponym is not None]
    return to_location(_most_precise(own)) if own else None


def _said_where(event: Cluster, all_mentions: list[Mention]) -> Location | None:
    """A statement's place: its own, or the place named before when it says "visited the town"."""
    own = _own_location(event)
    if own is not None or not any(m.refers_back for m in event.mentions):
        return own
    earlier = _earlier_place(event, all_mentions)
    return to_location(earlier) if earlier is not None else None


def _earlier_place(event: Cluster, all_mentions: list[Mention]) -> Toponym | None:
    """The story's latest place before the event (the lead's "near the town of Boni").

    A place something happened in beats a country named as a partner ("has since turned to
    Russia for security assistance").
    """
    first = event.mentions[0].start
    earlier = [m.toponym for m in all_mentions if m.toponym is not None and m.start < first]
    placed = [t for t in earlier if t.locative]
    return (placed or earlier)[-1] if earlier else None


def _location(
    event: Cluster, all_mentions: list[Mention], dateline: Location | None, story_place: Toponym | None
) -> Location | None:
    own = _own_location(event)
    if own is not None and own["precision"] == "country" and _field_dateline(dateline, own["country"]):
        return dateline
    if own is not None:
        return own
    earlier = _earlier_place(event, all_mentions)
    if earlier is not None:
        return to_location(earlier)
    # The lead's place, unless the dateline names a town in the same country: a regional hub
    # ("BEIRUT" for east Syria) is where the story was filed, not where it happened.
    if story_place is not None and (dateline is None or dateline["country"] != story_place.place.country):
        return to_location(story_place)
    return dateline


def _field_dateline(dateline: Location | None, country: str | None) -> bool:
    """Return True when the dateline is a town of ``country`` other than its capital.

    "clashed in a refugee camp in southern Lebanon" (a camp the gazetteer lacks), filed from
    SIDON: a dateline away from the capital is a reporter near the story, nearer the event
    than the whole country. A capital (KABUL for "eastern Afghanistan") is a bureau.
    """
    if (
        dateline is None
        or country is None
        or dateline["country"] != country
        or dateline["precision"] not in {"city", "site"}
    ):
        return False
    return fold(dateline["name"]) != fold(capitals().get(country, ""))


def _most_precise(toponyms: list[Toponym]) -> Toponym:
    countries = [t.place.country for t in toponyms]
    common = max(set(countries), key=countries.count)
    return max(
        (t for t in toponyms if t.place.country == common),
        key=lambda t: PRECISION_RANK[t.place.precision],
    )


def _date(event: Cluster, dates: Dates, ctx: ArticleContext) -> EventDate | None:
    own = [m.date for m in event.mentions if m.date is not None]
    if own:
        return min(own, key=lambda d: d["value"])
    context = [m.context_date for m in event.mentions if m.context_date is not None]
    if context:
        return min(context, key=lambda d: d["value"])
    # The story's latest date before the event ("Hours later, gunmen ambushed ...").
    latest = dates.latest_before(event.mentions[0].start)
    if latest is not None:
        return latest
    if ctx.reference_date is None:
        return None
    return {"text": "", "value": ctx.reference_date.isoformat(), "precision": "day"}


def _dateline_location(ctx: ArticleContext) -> Location | None:
    dateline = ctx.dateline
    if not dateline.place:
        return None
    place = ctx.gazetteer.place(dateline.place, country_hint=dateline.country)
    return place_location(place, dateline.place) if place is not None else None
