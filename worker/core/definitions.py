"""Typed views of the extraction lexicons: triggers, cues, actors and party kinds.

The data live in ``lexicons/`` (``triggers.toml``, ``actors.jsonl``, ``actor_nouns.toml``);
this module only reads and checks them, once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from worker.core.lexicons import load_jsonl, load_toml

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
COUNT_KINDS = ("killed", "injured", "abducted", "arrested")
ROLES = ("event", "casualty", "anaphor")


@dataclass(frozen=True, slots=True)
class DepPattern:
    """A trigger word that must govern (or be governed by) another word."""

    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    rel: str
    to: tuple[str, ...]
    to_pos: tuple[str, ...]
    dep: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriggerDef:
    """One ``[[trigger]]`` of ``triggers.toml``."""

    id: str
    plover: str
    mode: str | None
    role: str
    group: str
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    phrases: tuple[str, ...]
    deps: tuple[DepPattern, ...]
    acled: str | None
    acled_sub: str | None
    counts: str | None
    stative: bool
    absorbed_by: frozenset[str]
    other_side_of: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Cue:
    """One ``[[cue]]``: words that give an event a mode or a tag."""

    plover: str
    mode: str | None
    tag: str | None
    lemmas: frozenset[str]


@dataclass(frozen=True, slots=True)
class ActorDef:
    """A named actor from ``actors.jsonl``."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None


@dataclass(frozen=True, slots=True)
class KindDef:
    """A ``[[kind]]`` of ``actor_nouns.toml``: common nouns naming a kind of party."""

    kind: str
    lemmas: tuple[str, ...]
    phrases: tuple[str, ...]
    resolve: bool
    state: bool


def _strings(row: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in row.get(key, ()))


@cache
def trigger_defs() -> dict[str, TriggerDef]:
    """Every trigger by id, in file order (earlier wins a tie between overlapping matches)."""
    defs: dict[str, TriggerDef] = {}
    for row in load_toml("triggers")["trigger"]:
        plover = row["plover"]
        if plover not in PLOVER_TYPES:
            raise ValueError(f"triggers.toml: {row['id']}: unknown PLOVER type {plover}")
        role = row.get("role", "event")
        if role not in ROLES or row.get("counts") not in (None, *COUNT_KINDS):
            raise ValueError(f"triggers.toml: {row['id']}: bad role or counts")
        if row["id"] in defs:
            raise ValueError(f"triggers.toml: duplicate id {row['id']}")
        deps = tuple(
            DepPattern(
                lemmas=_strings(d, "lemmas"),
                pos=tuple(d.get("pos", ())),
                rel=d.get("rel", ">"),
                to=_strings(d, "to"),
                to_pos=tuple(d.get("to_pos", ())),
                dep=tuple(d.get("dep", ())),
            )
            for d in row.get("deps", ())
        )
        defs[row["id"]] = TriggerDef(
            id=row["id"],
            plover=plover,
            mode=row.get("mode"),
            role=role,
            group=row.get("group", plover),
            lemmas=_strings(row, "lemmas"),
            pos=tuple(row.get("pos", ("VERB", "NOUN"))),
            phrases=_strings(row, "phrases"),
            deps=deps,
            acled=row.get("acled"),
            acled_sub=row.get("acled_sub"),
            counts=row.get("counts"),
            stative=bool(row.get("stative", False)),
            absorbed_by=frozenset(row.get("absorbed_by", ())),
            other_side_of=frozenset(row.get("other_side_of", ())),
        )
    return defs


@cache
def cues() -> tuple[Cue, ...]:
    """Mode and tag cues, in priority order."""
    return tuple(
        Cue(row["plover"], row.get("mode"), row.get("tag"), frozenset(_strings(row, "lemmas")))
        for row in load_toml("triggers").get("cue", ())
    )


@cache
def actor_defs() -> tuple[ActorDef, ...]:
    """Return the named-actor dictionary."""
    return tuple(
        ActorDef(row["name"], tuple(row.get("aliases", ())), row["kind"], row.get("country"))
        for row in load_jsonl("actors")
    )


@cache
def actors_by_name() -> dict[str, ActorDef]:
    """Named actors by normalised name and by every alias, lower-cased."""
    index: dict[str, ActorDef] = {}
    for actor in actor_defs():
        for key in (actor.name, *actor.aliases):
            index.setdefault(key.lower(), actor)
    return index


@cache
def kind_defs() -> tuple[KindDef, ...]:
    """Common-noun party kinds."""
    return tuple(
        KindDef(
            row["kind"],
            _strings(row, "lemmas"),
            _strings(row, "phrases"),
            bool(row.get("resolve", False)),
            bool(row.get("state", False)),
        )
        for row in load_toml("actor_nouns")["kind"]
    )


@cache
def facility_kinds() -> dict[str, str]:
    """Facility nouns to the kind of party attacking them targets ("base" -> military)."""
    kinds: dict[str, str] = {}
    for row in load_toml("actor_nouns").get("facility", ()):
        for lemma in _strings(row, "lemmas"):
            kinds.setdefault(lemma, row["kind"])
    return kinds


@cache
def anaphor_lemmas() -> frozenset[str]:
    """Nouns that stand for the article's main named actor ("the group")."""
    return frozenset(_strings(load_toml("actor_nouns")["anaphors"], "lemmas"))


@cache
def linking_words(key: str) -> frozenset[str]:
    """Words that link or separate mentions, by list of ``[linking]`` in ``taxonomy.toml``.

    ``separate_marks`` ("hours after the attack began": another event), ``contrast_marks``
    ("while police said ...": another account), ``separate_openers`` ("In a separate incident,
    ..."), ``separate_initial`` ("Also on Monday, ..."), ``time_shift_openers`` ("Hours later,
    ...") and ``new_instance`` ("a second bomb"); each list's comment there says how it is read.
    """
    return frozenset(w.lower() for w in load_toml("taxonomy")["linking"][key])


@cache
def light_verbs() -> frozenset[str]:
    """Verbs whose subject does the event noun they govern ("launched an attack")."""
    return frozenset(_strings(load_toml("actor_nouns")["roles"], "light_verbs"))


@cache
def state_kinds() -> frozenset[str]:
    """Kinds of state forces (their country defaults to the event's)."""
    return frozenset(k.kind for k in kind_defs() if k.state)
