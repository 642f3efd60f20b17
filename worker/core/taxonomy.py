"""PLOVER -> ACLED: the ACLED event type and sub-event type of an event.

The rules are data (``lexicons/taxonomy.toml``), tried in order; the first whose conditions
all hold decides. They encode ACLED's coding rules: a battle needs organised armed actors on
both sides, violence against unarmed people is one-sided, remote violence that opens a
ground assault is part of the battle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from worker.core.lexicons import load_toml
from worker.core.records import Acled

ACLED_TYPES = {
    "Battles": (
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}  # fmt: skip
_CONDITIONS = ("plover", "trigger_mode", "mode", "group", "tags", "actor", "target")


@dataclass(frozen=True, slots=True)
class Features:
    """What the rules look at."""

    plover: str
    trigger_mode: str | None
    mode: str | None
    groups: frozenset[str]
    tags: frozenset[str]
    actor_kinds: frozenset[str]
    target_kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``[[rule]]``."""

    conditions: dict[str, frozenset[str]]
    event_type: str | None
    sub_event_type: str | None


@dataclass(frozen=True, slots=True)
class Retype:
    """One ``[[plover_rule]]``: conditions and the PLOVER type and mode they give."""

    conditions: dict[str, frozenset[str]]
    plover: str
    mode: str | None


@cache
def _retypes() -> tuple[Retype, ...]:
    return tuple(
        Retype(
            {k: frozenset(row[k]) for k in _CONDITIONS if k in row},
            row["set_plover"],
            row.get("set_mode"),
        )
        for row in load_toml("taxonomy").get("plover_rule", ())
    )


@cache
def _taxonomy() -> tuple[dict[str, frozenset[str]], tuple[Rule, ...]]:
    data: dict[str, Any] = load_toml("taxonomy")
    classes = {name: frozenset(kinds) for name, kinds in data["classes"].items()}
    rules = []
    for row in data["rule"]:
        event_type, sub = row.get("event_type"), row.get("sub_event_type")
        if event_type is not None and sub not in ACLED_TYPES.get(event_type, ()):
            raise ValueError(f"taxonomy.toml: {event_type} / {sub} is not an ACLED type")
        conditions = {k: frozenset(row[k]) for k in _CONDITIONS if k in row}
        rules.append(Rule(conditions, event_type, sub))
    return classes, tuple(rules)


def party_classes(kinds: Iterable[str]) -> frozenset[str]:
    """Kinds plus the classes ("armed", "civilian") they belong to."""
    classes, _ = _taxonomy()
    found = set(kinds)
    for name, members in classes.items():
        if found & members:
            found.add(name)
    return frozenset(found)


def is_armed(kind: str) -> bool:
    """Return True for organised armed actors (armed groups, military, police, security forces)."""
    return kind in _taxonomy()[0]["armed"]


def _values(features: Features) -> dict[str, frozenset[str]]:
    return {
        "plover": frozenset({features.plover}),
        "trigger_mode": frozenset(m for m in (features.trigger_mode,) if m is not None),
        "mode": frozenset(m for m in (features.mode,) if m is not None),
        "group": features.groups,
        "tags": features.tags,
        "actor": party_classes(features.actor_kinds),
        "target": party_classes(features.target_kinds),
    }


def retype(features: Features) -> Features:
    """Return the features retyped by the first ``[[plover_rule]]`` that applies, if any."""
    values = _values(features)
    for rule in _retypes():
        if all(values[key] & wanted for key, wanted in rule.conditions.items()):
            return replace(features, plover=rule.plover, mode=rule.mode, trigger_mode=rule.mode)
    return features


def acled_type(features: Features, override: tuple[str | None, str | None] = (None, None)) -> Acled:
    """Return the ACLED event type and sub-event type for an event's features.

    Args:
        features: the event's PLOVER type, modes, trigger group, cue tags and party kinds.
        override: a trigger's own ``acled``/``acled_sub`` (wins when set).

    """
    if override[0] is not None:
        return {"event_type": override[0], "sub_event_type": override[1]}
    values = _values(features)
    for rule in _taxonomy()[1]:
        if all(values[key] & wanted for key, wanted in rule.conditions.items()):
            return {"event_type": rule.event_type, "sub_event_type": rule.sub_event_type}
    return {"event_type": None, "sub_event_type": None}
