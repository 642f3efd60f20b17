"""Differing accounts: two independent sources that disagree without a word of dispute.

Part of the decision table of docs/confidence.md (:mod:`worker.core.flagging` decides the flag):
an event is ``disputed`` when two sources that are not one another (:func:`source_key`,
:func:`relayed`) set their accounts against each other ("X said ..., but Y said ..."), give
different figures for the same count, different causes or perpetrators, put the dead in
different classes (combatants / civilians), or set one event on different days, at different
times of day or in different places. Each rule returns the two sources, the second
(the one whose account differs) first in line to decide the flag; ``[]`` when they agree.

One family of rules a module: ``contrasts`` (set against each other in so many words),
``figures`` (tolls, numbers of attackers), ``causes`` (causes, circumstances, perpetrators,
doers, who fired first), ``victims`` (classes of the dead), ``settings`` (days, times, places);
``sources`` holds what they share (who a source is, relaying, adjacency, what it says). The
order of :func:`differing` is the order in which they are tried.
"""

from __future__ import annotations

from worker.core.accounts.causes import (
    different_causes,
    different_circumstances,
    different_doers,
    different_perpetrators,
    who_fired_first,
)
from worker.core.accounts.contrasts import contrasting
from worker.core.accounts.figures import conflicting, different_attacker_counts, toll_next
from worker.core.accounts.settings import different_settings
from worker.core.accounts.victims import different_victims
from worker.core.evidence import Evidence
from worker.core.nlp.attribution import Attribution


def differing(reports: list[Attribution], evidence: Evidence) -> list[Attribution]:
    """The first two sources of an event's evidence whose accounts differ, else [].

    A source of the sentence before, held by another event (``Evidence.earlier``), may be the
    first of the two when the report's own source is the second: one death told as two events
    by two sources is disputed in both.
    """
    found = _differing(reports, evidence)
    earlier = [a for a in evidence.earlier if a not in reports]
    if found or not earlier or not reports:
        return found
    found = _differing(earlier + reports, Evidence())
    return found if len(found) == 2 and found[0] in earlier and found[1] in reports else []


def _differing(reports: list[Attribution], evidence: Evidence) -> list[Attribution]:
    return (
        contrasting(reports)
        or conflicting(reports)
        or toll_next(reports, evidence.neighbours)
        or different_causes(reports, evidence.neighbours, evidence.previous)
        or different_circumstances(reports, evidence.neighbours, evidence.previous)
        or different_perpetrators(reports)
        or different_attacker_counts(reports)
        or different_doers(reports)
        or who_fired_first(reports)
        or different_victims(reports, evidence.neighbours, evidence.previous)
        or different_settings(reports)
    )
