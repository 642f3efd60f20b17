"""Whether two reported events are the same real-world event.

Two kinds of evidence, kept apart so every decision can be explained:

* **Hard rules** (any one fails: never the same event): same type family, same country, dates
  at most ``max_day_gap`` apart, places compatible (two towns further apart than
  ``near_km`` are two places), no two different named armed groups, not the same article
  (the enricher already split an article's events into distinct real events).
* **Soft evidence**, summed into a score that must reach ``threshold``: how close the dates
  and the places are, how precisely the types agree, a shared named actor, shared targets,
  compatible tolls. Weights are in :class:`Rules`; docs/clusters.md has the table.

Same day and same town alone reach the threshold; a day apart, or an admin area instead of a
town, needs one more agreeing detail (the same sub-event type, a shared named actor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from worker.core.clustering.members import Member, area_key, fold, specific_armed_groups

_EARTH_KM = 6371.0088
_GENERIC_TARGETS = frozenset({"people", "civilians", "residents", "villagers", "person", "others"})


@dataclass(frozen=True, slots=True)
class Rules:
    """The thresholds and weights of the matching (defaults are the documented ones)."""

    max_day_gap: int = 1
    same_place_km: float = 2.0  # within this: one place whatever the names say
    near_km: float = 50.0  # beyond this, two towns are two places
    threshold: float = 2.0
    w_same_day: float = 1.0
    w_adjacent_day: float = 0.5
    w_report_day: float = 0.5  # when a date is only the article's day
    w_same_place: float = 1.0
    w_near_place: float = 0.5
    w_same_area: float = 0.25  # one side only names the admin area the other lies in
    w_same_sub_event: float = 1.0
    w_same_event_type: float = 0.5
    w_other_event_type: float = -0.5  # same family, different ACLED types: a second attack?
    w_same_mode: float = 0.25
    w_shared_actor: float = 1.0
    w_shared_target: float = 0.25
    w_tolls_agree: float = 0.25
    w_tolls_disagree: float = -0.5
    toll_ratio: float = 3.0  # larger spreads between two reports' tolls count against


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing two members, with the reasons."""

    compatible: bool
    score: float
    reasons: tuple[str, ...] = field(default=())


def compare(a: Member, b: Member, rules: Rules = DEFAULT_RULES) -> Comparison:
    """Compare two members: hard rules first, then the soft score.

    Args:
        a: one member.
        b: another member (order does not matter).
        rules: thresholds and weights.

    Returns:
        ``compatible`` False with the failing rule as the reason, or the summed score (not yet
        compared with ``rules.threshold``) and a reason per piece of evidence.

    """
    veto = _veto(a, b, rules)
    if veto is not None:
        return Comparison(False, 0.0, (veto,))
    parts = [
        _date_evidence(a, b, rules),
        _place_evidence(a, b, rules),
        _type_evidence(a, b, rules),
        _actor_evidence(a, b, rules),
        _target_evidence(a, b, rules),
        _toll_evidence(a, b, rules),
    ]
    evidence = [p for p in parts if p is not None]
    return Comparison(True, round(sum(w for w, _ in evidence), 3), tuple(r for _, r in evidence))


def matches(a: Member, b: Member, rules: Rules = DEFAULT_RULES) -> bool:
    """Return True when ``a`` and ``b`` are the same real-world event under ``rules``."""
    comparison = compare(a, b, rules)
    return comparison.compatible and comparison.score >= rules.threshold


def distance_km(a: Member, b: Member) -> float | None:
    """Great-circle distance between two members' places, None without coordinates."""
    la, lb = a["location"], b["location"]
    if la["lat"] is None or la["lon"] is None or lb["lat"] is None or lb["lon"] is None:
        return None
    phi1, phi2 = math.radians(la["lat"]), math.radians(lb["lat"])
    dphi = phi2 - phi1
    dlam = math.radians(lb["lon"] - la["lon"])
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def day_gap(a: Member, b: Member) -> int:
    """Days between the two members' dates."""
    return abs((date.fromisoformat(a["date"]) - date.fromisoformat(b["date"])).days)


def _veto(a: Member, b: Member, rules: Rules) -> str | None:
    if a["article_id"] == b["article_id"]:
        return "same article: the enricher reported these as distinct events"
    if a["family"] != b["family"]:
        return f"type family differs: {a['family']} / {b['family']}"
    la, lb = a["location"], b["location"]
    if la["country"] != lb["country"]:
        return f"country differs: {la['country']} / {lb['country']}"
    gap = day_gap(a, b)
    if gap > rules.max_day_gap:
        return f"dates {gap} days apart"
    if _is_town(a) and _is_town(b) and not _same_name(a, b):
        km = distance_km(a, b)
        if km is not None and km > rules.near_km:
            return f"places {km:.0f} km apart: {la['name']} / {lb['name']}"
    if not _is_town(a) or not _is_town(b):
        area_a, area_b = area_key(la["admin1"] or la["name"]), area_key(lb["admin1"] or lb["name"])
        if area_a != area_b:
            return f"admin areas differ: {la['admin1']} / {lb['admin1']}"
    groups_a = specific_armed_groups(a["actors"] + a["targets"])
    groups_b = specific_armed_groups(b["actors"] + b["targets"])
    if groups_a and groups_b and not _related(groups_a, groups_b):
        return f"different armed groups: {', '.join(sorted(groups_a))} / {', '.join(sorted(groups_b))}"
    return None


def _date_evidence(a: Member, b: Member, rules: Rules) -> tuple[float, str]:
    gap = day_gap(a, b)
    if a["date_source"] == "report" or b["date_source"] == "report":
        return rules.w_report_day, f"dated {gap} day(s) apart, one only by its report"
    if gap == 0:
        return rules.w_same_day, "same day"
    return rules.w_adjacent_day, "adjacent days"


def _place_evidence(a: Member, b: Member, rules: Rules) -> tuple[float, str]:
    if not (_is_town(a) and _is_town(b)):
        return (
            rules.w_same_area,
            f"same admin area ({a['location']['admin1'] or a['location']['name']})",
        )
    km = distance_km(a, b)
    if _same_name(a, b) or (km is not None and km <= rules.same_place_km):
        return rules.w_same_place, f"same place ({a['location']['name']})"
    where = f"{a['location']['name']} / {b['location']['name']}"
    if km is None:
        # Same admin area (the key), two names, no coordinates to measure: weak evidence.
        return rules.w_same_area, f"same admin area, different places: {where}"
    return rules.w_near_place, f"nearby places ({km:.0f} km): {where}"


def _type_evidence(a: Member, b: Member, rules: Rules) -> tuple[float, str] | None:
    sub_a, sub_b = a["acled"]["sub_event_type"], b["acled"]["sub_event_type"]
    type_a, type_b = a["acled"]["event_type"], b["acled"]["event_type"]
    mode_a, mode_b = a["plover"]["mode"], b["plover"]["mode"]
    same_mode = mode_a is not None and mode_a == mode_b
    mode = rules.w_same_mode if same_mode else 0.0
    if sub_a and sub_a == sub_b:
        return rules.w_same_sub_event + mode, f"same sub-event type ({sub_a})"
    if type_a and type_a == type_b:
        return rules.w_same_event_type + mode, f"same event type ({type_a})"
    if type_a and type_b:
        return rules.w_other_event_type + mode, f"different event types ({type_a} / {type_b})"
    if same_mode:
        return mode, f"same mode ({mode_a})"
    return None


def _actor_evidence(a: Member, b: Member, rules: Rules) -> tuple[float, str] | None:
    groups_a = specific_armed_groups(a["actors"] + a["targets"])
    groups_b = specific_armed_groups(b["actors"] + b["targets"])
    if groups_a and groups_b:
        names = sorted(groups_a & groups_b) or sorted(groups_a | groups_b)
        return rules.w_shared_actor, f"same named group ({', '.join(names)})"
    return None


def _target_evidence(a: Member, b: Member, rules: Rules) -> tuple[float, str] | None:
    names_a = {fold(p["name"]) for p in a["targets"]} - _GENERIC_TARGETS
    names_b = {fold(p["name"]) for p in b["targets"]} - _GENERIC_TARGETS
    shared = {n for n in names_a if any(n in m or m in n for m in names_b)}
    if shared:
        return rules.w_shared_target, f"shared target ({', '.join(sorted(shared))})"
    return None


def _toll_evidence(a: Member, b: Member, rules: Rules) -> tuple[float, str] | None:
    ka, kb = a["casualties"]["killed"], b["casualties"]["killed"]
    if not ka or not kb:
        return None
    va, vb = (
        ka["best"] if ka["best"] is not None else ka["min"],
        kb["best"] if kb["best"] is not None else kb["min"],
    )
    if va is None or vb is None:
        return None
    low, high = sorted((va, vb))
    # Tolls rise as reports come in: 10 then 15 agree; 2 and 40 rarely describe one event.
    if high <= max(low * rules.toll_ratio, low + 5):
        return rules.w_tolls_agree, f"compatible tolls ({va} / {vb} killed)"
    return rules.w_tolls_disagree, f"far-apart tolls ({va} / {vb} killed)"


def _is_town(member: Member) -> bool:
    return member["location"]["precision"] in {"site", "city"}


def _same_name(a: Member, b: Member) -> bool:
    return fold(a["location"]["name"]) == fold(b["location"]["name"])


def _related(groups_a: set[str], groups_b: set[str]) -> bool:
    # A group and its branch are one perpetrator in the reports ("Islamic State" claims what
    # another agency calls "Islamic State Khorasan Province").
    return any(x == y or x.startswith(y) or y.startswith(x) for x in groups_a for y in groups_b)
