"""Source confidence: who says so, and how sure, per event and per article.

``assess_confidence`` binds the attributions and cues the ``eventwire_attribution`` and
``eventwire_hedges`` components found to each event (scope rule: :mod:`worker.core.evidence`),
decides each event's flag (decision table: :mod:`worker.core.flagging`), and rolls the events
up into the article's ``source_confidence``, weighed by the publishers table
(``lexicons/publishers.toml``). The rules are documented in docs/confidence.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Any

import spacy
from spacy.tokens import Doc, Span

from worker.core.context import ArticleContext
from worker.core.evidence import DocEvidence, Evidence
from worker.core.flagging import Decision, decide
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import SPANS_KEY as ATTRIBUTION_KEY
from worker.core.nlp.attribution import Attribution, AttributionFinder
from worker.core.nlp.hedging import SPANS_KEY as HEDGES_KEY
from worker.core.nlp.hedging import HedgeFinder
from worker.core.records import (
    FLAGS,
    ArticleConfidence,
    EventConfidence,
    ExtractedEvent,
    Flag,
    Source,
)
from worker.core.records import Span as SpanRecord

# Precedence for ties in the roll-up: the weaker flag wins (contract.md).
_PRECEDENCE: tuple[Flag, ...] = ("disputed", "claimed", "unconfirmed", "attributed", "confirmed")
_CONTENT_WEIGHT = 0.75  # the rest of the article score is the publishers' weight


def assess_confidence(
    doc: Doc, events: Sequence[ExtractedEvent], ctx: ArticleContext
) -> tuple[list[EventConfidence], ArticleConfidence]:
    """Return the flag of every event, in order, and the article's roll-up.

    Args:
        doc: the parsed ``ctx.text``; annotated by the two confidence components when the
            pipeline has them, annotated here otherwise.
        events: the extracted events; their offsets index ``ctx.text``.
        ctx: the article, for the publishers (dateline agencies, source).

    Returns:
        One :class:`EventConfidence` per event and the :class:`ArticleConfidence`.

    """
    _ensure_annotated(doc)
    index = DocEvidence(doc)
    mentions = [index.mention_sentences(event) for event in events]
    wire = _wire_names(ctx)
    confidences: list[EventConfidence] = []
    for number, event in enumerate(events):
        own = set(mentions[number])
        taken = frozenset(s for other, ms in enumerate(mentions) if other != number for s in ms) - own
        evidence = index.for_sentences(mentions[number], taken, index.trigger_tokens(event))
        evidence.attributions = [replace(a, wire=True) if _wire_saw(a, wire) else a for a in evidence.attributions]
        evidence.responsibility = index.responsibility_for(event)
        confidences.append(_event_confidence(event, evidence))
    if confidences:
        article = _roll_up(confidences, ctx)
    else:
        whole = index.for_sentences(range(len(index.sents)), frozenset())
        whole.attributions = [replace(a, wire=True) if _wire_saw(a, wire) else a for a in whole.attributions]
        article = _roll_up_statement(decide(whole), ctx)
    return confidences, article


def _event_confidence(event: ExtractedEvent, evidence: Evidence) -> EventConfidence:
    decision = decide(evidence)
    confidence: EventConfidence = {
        "flag": decision.flag,
        "score": _score(decision),
        "sources": _sources(decision),
        "cues": [_span(c) for c in decision.cues],
    }
    responsibility = [a for a in [*evidence.responsibility, *evidence.attributions] if a.type == "armed_group"]
    if any(a.kind == "deny" for a in responsibility):
        confidence["perpetrator_status"] = "disputed"
    elif any(a.responsibility for a in responsibility) or any(c.label_ == "CLAIM" for c in evidence.cues):
        confidence["perpetrator_status"] = "claimed"
    casualties = event.get("casualties") or {}
    if any(casualties.get(kind) for kind in ("killed", "injured", "abducted", "arrested")):
        toll = Evidence(
            [a for a in evidence.attributions if not (a.responsibility and not a.numbers)],
            [c for c in evidence.cues if c.label_ != "CLAIM"],
        )
        confidence["casualties_status"] = decide(toll).flag
    return confidence


def _score(decision: Decision) -> float:
    weights = load_toml("cues")
    base = float(weights["flag_scores"][decision.flag])
    deciding = decision.deciding
    source_weight = float(weights["source_weights"][deciding.type if deciding is not None else "wire"])
    return round(0.7 * base + 0.3 * source_weight, 3)


def _sources(decision: Decision) -> list[Source]:
    """List the decision's sources; a hedged report naming nobody rests on an unknown source.

    An anonymity cue ("on condition of anonymity") says who, even when its source is out of
    reach: the source is anonymous.
    """
    sources = [_source(a) for a in decision.sources]
    if not sources and decision.flag == "unconfirmed" and decision.cues:
        anonymity = [c for c in decision.cues if c.label_ == "ANONYMITY"]
        cue = (anonymity or decision.cues)[0]
        sources.append({"name": None, "type": "anonymous" if anonymity else "unknown", "cue": cue.text})
    return sources


def _source(attribution: Attribution) -> Source:
    record: Source = {
        "name": attribution.name,
        "type": attribution.type,
        "cue": attribution.cue.text,
    }
    if attribution.source is not None:
        record["start"] = attribution.source.start_char
        record["end"] = attribution.source.end_char
    return record


def _span(span: Span) -> SpanRecord:
    return {"text": span.text, "start": span.start_char, "end": span.end_char}


def _fact_status(confidence: EventConfidence) -> Flag:
    """What the event's reported facts rest on: its toll's status when it has one.

    A claim of responsibility decides an event's own flag (precedence), but a reader of the
    article wants to know how solid its figures are: in the seed, IS claimed the prison
    attack while its toll rests on the Observatory, so that event counts as attributed here.
    """
    return confidence.get("casualties_status", confidence["flag"])


def _roll_up(confidences: list[EventConfidence], ctx: ArticleContext) -> ArticleConfidence:
    counts = Counter(_fact_status(c) for c in confidences)
    flag = max(_PRECEDENCE, key=lambda f: (counts[f], -_PRECEDENCE.index(f)))
    total = len(confidences)
    reasons = [f"{counts[f]} of {total} events' facts {f}{_named_sources(confidences, f)}" for f in FLAGS if counts[f]]
    claimed = sum(1 for c in confidences if c.get("perpetrator_status") == "claimed")
    if claimed:
        reasons.append(f"responsibility claimed for {claimed} of {total} events")
    content = sum(c["score"] for c in confidences) / total
    publisher, publisher_reasons = publisher_weight(ctx)
    sources = next((c["sources"] for c in confidences if _fact_status(c) == flag and c["sources"]), [])
    return {
        "flag": flag,
        "score": round(_CONTENT_WEIGHT * content + (1 - _CONTENT_WEIGHT) * publisher, 3),
        "reasons": reasons + publisher_reasons,
        "sources": sources,
    }


def _roll_up_statement(decision: Decision, ctx: ArticleContext) -> ArticleConfidence:
    """No events were found: the flag of the article's statements taken as one report."""
    publisher, publisher_reasons = publisher_weight(ctx)
    deciding = decision.deciding
    why = f"no events extracted; the text as one report: {decision.flag} ({decision.reason})"
    if deciding is not None:
        why += f", source {deciding.name} ({deciding.type}, '{deciding.cue.text}')"
    return {
        "flag": decision.flag,
        "score": round(_CONTENT_WEIGHT * _score(decision) + (1 - _CONTENT_WEIGHT) * publisher, 3),
        "reasons": [why, *publisher_reasons],
        "sources": _sources(decision),
    }


def _named_sources(confidences: list[EventConfidence], flag: Flag) -> str:
    names = []
    for confidence in confidences:
        if _fact_status(confidence) == flag and confidence["sources"]:
            first = confidence["sources"][0]
            label = f"{first['name']} ({first['type']})"
            if label not in names:
                names.append(label)
    return f": {', '.join(names)}" if names else ""


def _wire_names(ctx: ArticleContext) -> frozenset[str]:
    """The article's own publishers as written and under their aliases ("AFP", "Agence France-Presse")."""
    table = _publishers()
    names = {*ctx.dateline.agencies, *([ctx.article.source] if ctx.article.source else [])}
    known = [table.get(n.strip().lower()) for n in names]
    aliases = {a for entry in known if entry for a in [entry["name"], *entry.get("aliases", [])]}
    return frozenset(n.strip().lower() for n in names | aliases if n.strip())


def _wire_saw(attribution: Attribution, wire: frozenset[str]) -> bool:
    """What the wire's own journalists saw ("an AFP journalist saw ...") is the wire's own statement."""
    source = attribution.source
    if attribution.kind != "observe" or source is None:
        return False
    text = source.text.lower()
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in wire)


def publisher_weight(ctx: ArticleContext) -> tuple[float, list[str]]:
    """Return the mean weight of the article's publishers and a reason for each."""
    table = _publishers()
    default = load_toml("publishers")["default"]
    names = [*ctx.dateline.agencies, *([ctx.article.source] if ctx.article.source else [])]
    seen: dict[str, dict[str, Any]] = {}
    for name in names:
        key = name.strip().lower()
        entry = table.get(key, {"name": name.strip(), **default})
        seen.setdefault(entry["name"], entry)
    if not seen:
        return float(default["weight"]), ["publisher unknown: default weight"]
    weights = [float(e["weight"]) for e in seen.values()]
    reasons = [f"publisher {e['name']} ({e['kind']}, weight {float(e['weight']):.2f})" for e in seen.values()]
    return sum(weights) / len(weights), reasons


@cache
def _publishers() -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for name, entry in load_toml("publishers")["publishers"].items():
        for alias in [name, *entry.get("aliases", [])]:
            table[alias.lower()] = {"name": name, **entry}
    return table


def _ensure_annotated(doc: Doc) -> None:
    """Run the two components on a doc parsed by a pipeline without them (tests, tools)."""
    if ATTRIBUTION_KEY in doc.spans and HEDGES_KEY in doc.spans:
        return
    hedges, attribution = _components(doc)
    hedges(doc)
    attribution(doc)


_COMPONENTS: dict[int, tuple[HedgeFinder, AttributionFinder]] = {}


def _components(doc: Doc) -> tuple[HedgeFinder, AttributionFinder]:
    key = id(doc.vocab)
    if key not in _COMPONENTS:
        blank = spacy.blank("en", vocab=doc.vocab)
        _COMPONENTS[key] = (
            HedgeFinder(blank, "eventwire_hedges", "cues"),
            AttributionFinder(blank, "eventwire_attribution", "cues"),
        )
    return _COMPONENTS[key]
