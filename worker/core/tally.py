"""An event's casualty counts from all of its mentions, without double counting.

Reports of the same victims (same kind of people) merge (``counts.merge_counts``: the same
dead reported twice are counted once); different victim groups of one event add up
("four soldiers and 14 assailants"). The attackers' own dead go to ``perpetrators_killed``.
A count that rests on the perpetrators' own claim only widens the range of an independent one.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.core.counts import merge_counts
from worker.core.definitions import COUNT_KINDS
from worker.core.merging import Cluster, same_party
from worker.core.records import Casualties, Count, Party

_UNKNOWN = "?"
_NONE: Count = {"text": "no one", "min": 0, "max": 0, "best": 0}


def tally(event: Cluster, actors: Sequence[Party]) -> Casualties:
    """Return the event's counts by kind.

    Args:
        event: the merged mentions.
        actors: the event's perpetrators (victims among them are counted apart).

    """
    groups: dict[tuple[str, str], list[tuple[Count, bool]]] = {}
    for mention in event.mentions:
        for casualty in mention.casualties:
            victims = casualty.victims
            kind = casualty.kind
            if kind == "killed" and victims is not None and _is_perpetrator(victims, actors, event):
                kind = "perpetrators_killed"
            key = victims["kind"] if victims is not None else _UNKNOWN
            groups.setdefault((kind, key), []).append((casualty.count, mention.claimed))
    result: Casualties = {"killed": None, "injured": None, "abducted": None, "arrested": None}
    zeros = set().union(*(m.zeros for m in event.mentions))
    for kind in (*COUNT_KINDS, "perpetrators_killed"):
        by_victims = {key: _merge(reports) for (k, key), reports in groups.items() if k == kind}
        if _UNKNOWN in by_victims and len(by_victims) > 1:
            # A toll that names no victims is the same dead as the largest named group.
            unknown = by_victims.pop(_UNKNOWN)
            largest = max(by_victims, key=lambda key: by_victims[key]["best"] or 0)
            by_victims[largest] = merge_counts(by_victims[largest], unknown) or unknown
        total = _sum(list(by_victims.values()))
        if total is None and kind in zeros:
            total = dict(_NONE)  # type: ignore[assignment]
        if kind == "perpetrators_killed":
            if total is not None:
                result["perpetrators_killed"] = total
        else:
            result[kind] = total  # type: ignore[literal-required]
    if result["killed"] is None and result["injured"] is not None:
        # Casualties reported with no deaths: ACLED codes zero fatalities.
        result["killed"] = {"text": "", "min": 0, "max": 0, "best": 0}
    return result


def _is_perpetrator(victims: Party, actors: Sequence[Party], event: Cluster) -> bool:
    """Return the dead are the attackers themselves ("all four gunmen died", "31 insurgents")."""
    groups = set().union(*(m.groups for m in event.mentions))
    if groups <= {"clash"}:
        return False  # in a battle both sides are combatants: all its dead are its toll
    return any(same_party(victims, actor) for actor in actors)


def _merge(reports: list[tuple[Count, bool]]) -> Count:
    independent = [c for c, claimed in reports if not claimed]
    claims = [c for c, claimed in reports if claimed]
    merged: Count | None = None
    for count in independent or claims:
        merged = merge_counts(merged, count)
    assert merged is not None
    if independent and claims:
        # A side's claim widens the range ("a dozen soldiers", ISWAP said) but sets no best.
        top = max((c["max"] if c["max"] is not None else c["best"] or 0) for c in claims)
        if merged["max"] is not None and top > merged["max"]:
            merged = {**merged, "max": top}
    return merged


def _sum(counts: list[Count]) -> Count | None:
    if not counts:
        return None
    if len(counts) == 1:
        return counts[0]
    total: Count = {
        "text": " and ".join(c["text"] for c in counts),
        "min": sum(c["min"] or 0 for c in counts),
        "max": None if any(c["max"] is None for c in counts) else sum(c["max"] or 0 for c in counts),
        "best": sum(c["best"] or 0 for c in counts),
    }
    if any(c.get("approximate") for c in counts):
        total["approximate"] = True
    return total
