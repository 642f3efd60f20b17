"""From evidence to a flag: the decision table of docs/confidence.md.

Precedence (contract.md): disputed > claimed > unconfirmed > attributed > confirmed. Within the
evidence of one event:

- disputed     a source denies it (DENY cue, DENIAL phrase), a second source contradicts the
               first ("X said ..., but Y said ..."), or two sources give different figures,
               causes, perpetrators or classes of the dead (combatants / civilians);
- claimed      a party speaks: a CLAIM cue, an armed group's statement or outlet, or a
               military/police/government source saying its own side did it ("its forces
               destroyed", "officers killed") or killed the other side ("30 militants were killed");
- unconfirmed  a HEDGE or ANONYMITY cue, an anonymous or unnamed source ("sources said",
               "reports said"), or "were reported killed" with no source named;
- confirmed    an authoritative source (official, military, police, medical) states or confirms
               it, or two or more independent sources agree; or nobody is cited at all (the
               wire's plain statement), or the wire's own journalists saw it;
- attributed   one other named source: a monitor, a witness, the media, an analyst.

Speculation ("analysts said the attack suggested") is dropped before deciding.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Span

from worker.core.accounts import differing
from worker.core.accounts.sources import RELAYING, relayed, source_key
from worker.core.evidence import Evidence
from worker.core.lexicons import load_toml
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
    """Decide the flag of one event (or one part of it) from its evidence."""
    anonymous_sentences = {c.sent.start for c in evidence.cues if c.label_ == "ANONYMITY"}
    reports = [
        _as_anonymous(a) if a.cue.sent.start in anonymous_sentences and a.kind != "confirm" else a
        for a in sorted(evidence.attributions, key=lambda a: a.cue.start)
        if a.kind != "speculate"
    ]
    reports += [a for a in evidence.responsibility if a not in reports]

    deniers = [a for a in reports if a.kind == "deny"]
    denial_cues = [c for c in evidence.cues if c.label_ == "DENIAL"]
    conflict = differing(reports, evidence)
    if deniers or denial_cues or conflict:
        first = deniers[:1] or conflict[1:] or _nearest(reports, denial_cues)
        reason = "a source denies it" if deniers or denial_cues else "sources contradict each other"
        cues = [a.cue for a in deniers] + denial_cues + [a.cue for a in conflict]
        return _decision("disputed", first, reports, cues, reason)

    claimers = [
        a
        for a in reports
        if a.type != "anonymous"
        and (a.kind == "claim" or (a.type == "armed_group" and not a.no_party) or a.party_claim)
    ]
    claim_cues = [c for c in evidence.cues if c.label_ == "CLAIM"]
    if claimers or claim_cues:
        claimers.sort(key=lambda a: (not a.responsibility, a.kind != "claim"))
        reason = "a party to the event claims it"
        return _decision("claimed", claimers[:1], reports, [a.cue for a in claimers] + claim_cues, reason)

    named = [a for a in reports if a.named and a.type != "anonymous"]
    # "X said ..., citing sources on the ground": a named source stands behind the sources it
    # cites, unless they are called anonymous or unverified (an ANONYMITY or HEDGE cue).
    vouched = [a for a in reports if a not in named and _vouched(a, named)]
    hidden = [a for a in reports if a not in named and a.kind != "confirm" and a not in vouched]
    hedges = [c for c in evidence.cues if c.label_ in _HEDGES]
    passive = [c for c in evidence.cues if c.label_ == "PASSIVE_REPORT"] if not named else []
    confirmers = _confirmers(reports, hedges) if hidden and not passive else []
    if confirmers:
        # "A police officer speaking on condition of anonymity said eight people were killed, a
        # toll later confirmed by the governor": the authority's confirmation lifts the hedge.
        return _decision("confirmed", confirmers[:1], reports, [confirmers[0].cue], "an authority confirms it")
    if hedges or hidden or passive:
        anonymous = [a for a in hidden if a.type == "anonymous"]
        first = anonymous[:1] or _nearest(named, hedges) or named[:1] or hidden[:1]
        return _decision("unconfirmed", first, reports, hedges + passive + [a.cue for a in hidden], "hedged")

    supporting = [a for a in reports if a.kind in {"report", "confirm", "observe"} and a not in vouched]
    if any(a.kind == "confirm" for a in supporting) and len(supporting) >= 2:
        return _decision(
            "confirmed",
            supporting[:1],
            reports,
            [a.cue for a in supporting],
            "confirmed by a second source",
        )
    authority = [a for a in supporting if (a.type in AUTHORITATIVE and not _partisan(a)) or a.wire]
    independent = _independent([a for a in supporting if a.has_content and not relayed(a, supporting)])
    if len(independent) >= 2:
        return _decision(
            "confirmed",
            independent,
            reports,
            [a.cue for a in independent],
            "independent sources agree",
        )
    if authority:
        return _decision(
            "confirmed",
            authority[:1],
            reports,
            [authority[0].cue],
            "an authoritative source states it",
        )
    if supporting:
        best = sorted(supporting, key=lambda a: not a.has_content)[:1]
        return _decision("attributed", best, reports, [a.cue for a in best], "one named source")
    return Decision("confirmed", [], [], "stated by the wire without attribution")


def _decision(
    flag: Flag, first: list[Attribution], reports: list[Attribution], cues: list[Span], reason: str
) -> Decision:
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


def _nearest(reports: list[Attribution], cues: list[Span]) -> list[Attribution]:
    """Return the source nearest a cue in its sentence.

    The government of "the government called the figure a lie", the monitor of "the monitor,
    whose figures were not confirmed".
    """
    best: tuple[int, Attribution] | None = None
    for cue in cues:
        for attribution in reports:
            if attribution.source is None or attribution.cue.sent.start != cue.sent.start:
                continue
            source = attribution.source
            distance = max(source.start - cue.end, cue.start - source.end, 0)
            if best is None or distance < best[0]:
                best = (distance, attribution)
    return [best[1]] if best else []


def _as_anonymous(attribution: Attribution) -> Attribution:
    return replace(attribution, anonymous=True, type="anonymous", named=False, party_claim=False)


def _vouched(attribution: Attribution, named: list[Attribution]) -> bool:
    """Whether an undescribed source is cited by a named one ("X said, citing sources on the ground").

    Described ones stay anonymous: "citing security sources", "citing an unnamed official".
    """
    source = attribution.source
    cue = attribution.cue
    if source is not None and _shown_to(attribution, named):
        return True
    citer = any(n.cue.sent == cue.sent and n.cue.start < cue.start for n in named)
    if source is None or cue.root.lemma_.lower() not in RELAYING or not citer:
        return False
    described = [c for c in source.root.children if c.dep_ in {"amod", "compound", "nmod"}]
    return attribution.type in {"anonymous", "unknown"} and not described


def _confirmers(reports: list[Attribution], hedges: list[Span]) -> list[Attribution]:
    """Named authorities confirming an account whose only hedge is an anonymous source.

    Not when a hedge word doubts it ("reportedly") or when the confirmer is the anonymous one
    ("an official, who asked not to be named, confirmed"): the anonymity cue sits in its phrase.
    """
    if any(c.label_ != "ANONYMITY" for c in hedges):
        return []
    found = []
    for attribution in reports:
        source = attribution.source
        if attribution.kind != "confirm" or not attribution.named or attribution.type not in AUTHORITATIVE:
            continue
        assert source is not None
        phrase = {t.i for t in source.root.subtree}
        if not any(c.start in phrase or c.root.i in phrase for c in hedges):
            found.append(attribution)
    return found


def _shown_to(attribution: Attribution, named: list[Attribution]) -> bool:
    """Whether images or footage are a named source's own evidence: "X said satellite images showed ...".

    The images speak inside the named source's statement (their verb is the clause the source's
    verb governs), so the source stands behind them; footage on its own ("a video showed") and
    images called unverified (a HEDGE cue) stay hedged.
    """
    source = attribution.source
    if source is None or attribution.type != "unknown" or attribution.named:
        return False
    verb = attribution.cue.root
    return verb.dep_ in {"ccomp", "xcomp"} and any(n.cue.root.i == verb.head.i for n in named)


def _independent(supporting: list[Attribution]) -> list[Attribution]:
    chosen: dict[str, Attribution] = {}
    for attribution in supporting:
        chosen.setdefault(source_key(attribution), attribution)
    return list(chosen.values())


def _partisan(attribution: Attribution) -> bool:
    """A source speaking for a party or a union, not for an independent authority.

    "Ruling party official X said", "the police union said", "an opposition lawmaker told a
    news conference": an official or police type, but one side's voice, so `attributed`
    (`[independence] partisan_words`, matched in lower case only: "the African Union" is a body).
    """
    source = attribution.source
    return source is not None and any(t.text in _partisan_words() for t in source)


@cache
def _partisan_words() -> frozenset[str]:
    return frozenset(load_toml("cues")["independence"]["partisan_words"])
