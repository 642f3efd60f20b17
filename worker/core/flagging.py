"""From evidence to a flag: the decision table of docs/confidence.md.

Precedence (contract.md): disputed > claimed > unconfirmed > attributed > confirmed. Within the
evidence of one event:

- disputed     a source denies it (DENY cue, DENIAL phrase) or two sources give different
               figures for the same count;
- claimed      a party speaks: a CLAIM cue, an armed group's statement or outlet, or a
               military/police source claiming the other side's losses;
- unconfirmed  a HEDGE or ANONYMITY cue, an anonymous or unnamed source ("sources said",
               "reports said"), or "were reported killed" with no source named;
- confirmed    two or more independent sources that report the event agree, an authoritative
               source (official, military, police, medical) confirms it, or the wire's own
               staff saw it; or nobody is cited at all (the wire's plain statement);
- attributed   one source, none of the above.

Speculation (analysts, "suggested") is dropped before deciding: it is no evidence for an event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from worker.core.evidence import Evidence
from worker.core.nlp.attribution import Attribution
from worker.core.records import Flag

AUTHORITATIVE = frozenset({"official", "military", "police", "medical"})
_HEDGES = frozenset({"HEDGE", "ANONYMITY"})


@dataclass(slots=True)
class Decision:
    """A flag, the source it rests on (first) and the cues that decided it."""

    flag: Flag
    sources: list[Attribution] = field(default_factory=list)
    cues: list[Span] = field(default_factory=list)
    reason: str = ""

    @property
    def deciding(self) -> Attribution | None:
        """The source the flag rests on, if any."""
        return self.sources[0] if self.sources else None


def decide(evidence: Evidence) -> Decision:
    """The flag of one event (or one part of it) from its evidence."""
    reports = [a for a in evidence.attributions if a.kind != "speculate" and a.type != "analyst"]
    reports += [a for a in evidence.responsibility if a not in reports]
    labels = {c.label_ for c in evidence.cues}

    deniers = [a for a in reports if a.kind == "deny"]
    denial_cues = [c for c in evidence.cues if c.label_ == "DENIAL"]
    conflict = _conflicting(reports)
    if deniers or denial_cues or conflict:
        first = deniers[:1] or conflict[1:] or _near(reports, denial_cues)
        reason = "a source denies it" if deniers or denial_cues else "sources give different figures"
        return _decision("disputed", first, reports, [a.cue for a in deniers] + denial_cues, reason)

    claimers = [a for a in reports if a.kind == "claim" or a.type == "armed_group" or a.party_claim]
    claim_cues = [c for c in evidence.cues if c.label_ == "CLAIM"]
    if claimers or claim_cues:
        claimers.sort(key=lambda a: (not a.responsibility, a.kind != "claim"))
        reason = "a party to the event claims it"
        return _decision("claimed", claimers[:1], reports, [a.cue for a in claimers] + claim_cues, reason)

    named = [a for a in reports if a.named and not a.anonymous and a.type != "anonymous"]
    hidden = [a for a in reports if a not in named]
    hedges = [c for c in evidence.cues if c.label_ in _HEDGES]
    passive = [c for c in evidence.cues if c.label_ == "PASSIVE_REPORT"] if not named else []
    if hedges or hidden or passive:
        first = hidden[:1] or _near(named, hedges) or named[:1]
        if any(c.label_ == "ANONYMITY" for c in hedges) and first:
            first = [_as_anonymous(first[0])]
        return _decision("unconfirmed", first, reports, hedges + passive + [a.cue for a in hidden], "hedged")

    supporting = [a for a in named if a.kind in {"report", "confirm", "observe"}]
    confirmers = [
        a for a in supporting
        if (a.kind == "confirm" and a.type in AUTHORITATIVE) or (a.kind == "observe" and a.type == "media")
    ]  # fmt: skip
    if confirmers:
        return _decision("confirmed", confirmers[:1], reports, [a.cue for a in confirmers], "confirmed by an authority")
    independent = _independent([a for a in supporting if a.has_content])
    if len(independent) >= 2:
        return _decision("confirmed", independent, reports, [a.cue for a in independent], "independent sources agree")
    if supporting:
        best = sorted(supporting, key=lambda a: not a.has_content)[:1]
        return _decision("attributed", best, reports, [a.cue for a in best], "one named source")
    return Decision("confirmed", [], [], "stated by the wire without attribution")


def _decision(flag: Flag, first: list[Attribution], reports: list[Attribution], cues: list[Span], reason: str) -> Decision:
    sources = list(first) + [a for a in reports if a not in first and a.source is not None]
    return Decision(flag, sources, _unique(cues), reason)


def _unique(spans: list[Span]) -> list[Span]:
    seen: set[tuple[int, int]] = set()
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append(span)
    return out


def _near(reports: list[Attribution], cues: list[Span]) -> list[Attribution]:
    """The source in the same sentence as a cue (the denier of "called the report false")."""
    for cue in cues:
        for attribution in reports:
            if attribution.cue.sent.start == cue.sent.start:
                return [attribution]
    return []


def _as_anonymous(attribution: Attribution) -> Attribution:
    from dataclasses import replace

    return replace(attribution, anonymous=True, type="anonymous")


def _key(attribution: Attribution) -> str:
    # Two witnesses by name are two sources; two police statements are one police.
    if attribution.type in {"witness", "unknown"}:
        return f"{attribution.type}:{(attribution.name or '').lower()}"
    return attribution.type


def _independent(supporting: list[Attribution]) -> list[Attribution]:
    chosen: dict[str, Attribution] = {}
    for attribution in supporting:
        chosen.setdefault(_key(attribution), attribution)
    return list(chosen.values())


def _conflicting(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources giving different figures for the same count, else []."""
    figured = [a for a in reports if a.numbers and a.kind != "deny"]
    for i, first in enumerate(figured):
        for second in figured[i + 1 :]:
            if _key(first) == _key(second) or (first.name and first.name == second.name):
                continue
            firsts = _by_count(first.numbers)
            seconds = _by_count(second.numbers)
            for count, values in firsts.items():
                if count in seconds and not values & seconds[count]:
                    return [first, second]
    return []


def _by_count(numbers: tuple[str, ...]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for item in numbers:
        count, _, value = item.rpartition(":")
        grouped.setdefault(count, set()).add(value)
    return grouped
