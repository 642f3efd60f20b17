"""One record per real event: linking triggers within a sentence, merging mentions across it.

Within a sentence, trigger words of compatible types join one mention when the parse links
them without crossing into another clause ("killed 11 soldiers in an attack": one mention).
Across the article a mention joins the latest earlier event it is compatible with: same
PLOVER type and merge family, no conflicting place, date, weapon, target class or named
actor. Mentions that only refer back ("the operation", "both attacks", "denied shelling the
camp", "the fighting") never start an event of their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from worker.core.arguments import Mention, Trig
from worker.core.clauses import clause_head, is_separate_clause
from worker.core.definitions import state_kinds
from worker.core.distinct import new_instance, opens_separately, subordinate_apart
from worker.core.records import Party
from worker.core.taxonomy import is_armed

_BLOCKING = {"ccomp", "parataxis"}
_MODE_FAMILY = {
    "aerial": "air", "drone": "air", "heavy-weapons": "artillery",
    "explosives": "explosive", "suicide-attack": "explosive", "grenade": "explosive",
    "firearms": "ground", "primitive": "ground", "beat": "ground", "assassinate": "ground",
    "torture": "ground",
}  # fmt: skip
_REMOTE = {"air", "artillery"}
_CROWDS = {"protesters", "rioters", "civilians"}
_MAX_KM = 50.0


@dataclass(slots=True)
class Cluster:
    """Mentions merged into one event, in text order."""

    mentions: list[Mention] = field(default_factory=list)

    @property
    def head(self) -> Mention:
        """The mention that names the event: the first one that is not merge-only."""
        return next((m for m in self.mentions if not m.merge_only), self.mentions[0])


# --------------------------------------------------------------------------- within a sentence
def link_in_sentence(triggers: list[Trig]) -> list[list[Trig]]:
    """Group one sentence's triggers into mentions."""
    parent = list(range(len(triggers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(triggers):
        for j in range(i + 1, len(triggers)):
            b = triggers[j]
            if (_types_join(a, b) and _linked(a.token, b.token)) or _other_side(a, b) or _other_side(b, a):
                parent[find(j)] = find(i)
    groups: dict[int, list[Trig]] = {}
    for i, trig in enumerate(triggers):
        groups.setdefault(find(i), []).append(trig)
    return list(groups.values())


def _types_join(a: Trig, b: Trig) -> bool:
    da, db = a.definition, b.definition
    if da.plover == db.plover:
        return True
    # "killed a dozen soldiers and seized weapons": the seizure is a step of the attack.
    return any(y.plover in x.absorbed_by and y.role != "anaphor" for x, y in ((da, db), (db, da)))


def _other_side(event: Trig, other: Trig) -> bool:
    """Return True when ``other`` reports ``event`` from the other side (``other_side_of``).

    "took control of the town after the troops withdrew": the withdrawal heads an adverbial
    clause of the capture's verb, so the two are one transfer of territory.
    """
    if event.definition.group not in other.definition.other_side_of:
        return False
    token = other.token
    return token.dep_ == "advcl" and token.head.i == clause_head(event.token).i


def _linked(a: Token, b: Token) -> bool:
    """Return True when the path between two words stays in one clause."""
    ancestors_a = [a, *a.ancestors]
    ancestors_b = [b, *b.ancestors]
    common = next((t for t in ancestors_a if t in ancestors_b), None)
    if common is None:
        return False
    for start in (a, b):
        current = start
        while current.i != common.i:
            if current.dep_ in _BLOCKING or (current.dep_ == "conj" and _has_subject(current)):
                return False
            if is_separate_clause(current):
                return False
            current = current.head
    return True


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


# --------------------------------------------------------------------------- across sentences
def cluster(mentions: list[Mention]) -> list[Cluster]:
    """Merge mentions (in text order) into events."""
    clusters: list[Cluster] = []
    for mention in mentions:
        candidates = [c for c in clusters if compatible(c, mention)]
        if candidates:
            best = max(candidates, key=lambda c: _affinity(c, mention))
            best.mentions.append(mention)
        elif (host := _absorbing(clusters, mention) or _other_side_of(clusters, mention)) is not None:
            host.mentions.append(mention)
        elif _starts_event(mention):
            clusters.append(Cluster([mention]))
    return clusters


def _starts_event(mention: Mention) -> bool:
    """Whether a mention no earlier event takes in is an event of its own.

    A definite noun ("the truce", "cut off by the fighting") names an event the reader is
    taken to know: it joins one reported earlier, and starts one only when it reports its own
    casualties ("the blast killed four people").
    """
    return not mention.merge_only and not (mention.definite and not mention.casualties)


def _absorbing(clusters: list[Cluster], mention: Mention) -> Cluster | None:
    """Return the event the story is telling when the mention is a step of it.

    "Gunmen stormed the village ... The attackers also set fire to 20 houses": a word that
    a clause of the event's type absorbs (``absorbed_by``) continues the latest event, in a
    later sentence too, when its doers are the event's and it names no other place or day.
    Other doers ("Police arrested four suspects") make a new event.
    """
    if not clusters:
        return None
    latest = max(clusters, key=lambda c: c.mentions[-1].start)
    plover = latest.head.plover
    steps = [t for t in mention.triggers if t.definition.role != "casualty"]
    if not steps or not all(plover in t.definition.absorbed_by for t in steps):
        return None
    if not _places_agree(latest, mention) or not _dates_agree(latest, mention):
        return None
    doers = [a for m in latest.mentions for a in m.actors]
    if not mention.actors or not all(any(_same_doer(a, d) for d in doers) for a in mention.actors):
        return None
    return latest


def _same_doer(a: Party, b: Party) -> bool:
    """Return True for one party, or two unnamed crowds ("the strikers", "some protesters")."""
    return same_party(a, b) or (_crowd(a) and _crowd(b))


def _other_side_of(clusters: list[Cluster], mention: Mention) -> Cluster | None:
    """Return the event a later report tells from the other side (``other_side_of``).

    "The army took control of the town ... The rebels said they had withdrawn": the latest
    event of a family the word names, in the same place and days, whose doer is not the one
    withdrawing, is that event.
    """
    sides = set().union(*(t.definition.other_side_of for t in mention.triggers))
    events = [c for c in clusters if c.head.groups & sides]
    if not events or mention.casualties:
        return None
    latest = max(events, key=lambda c: c.mentions[-1].start)
    if not _places_agree(latest, mention) or not _dates_agree(latest, mention):
        return None
    captors = latest.head.actors[:1]  # the subject; conjoined allies may be misread
    if any(same_party(a, d) for a in mention.actors for d in captors):
        return None
    return latest


def compatible(event: Cluster, mention: Mention) -> bool:
    """Whether ``mention`` can be one more report of ``event``."""
    head = event.head
    if not _same_kind(event, mention):
        return False
    if opens_separately(mention) and all(m.sent.start != mention.sent.start for m in event.mentions):
        return False
    if new_instance(mention) or _rival_clause(event, mention) or subordinate_apart(event.mentions, mention):
        return False
    if not _places_agree(event, mention) or not _dates_agree(event, mention):
        return False
    if not _modes_agree(event, mention):
        return False
    if _own_dead(event, mention):
        return True
    if _answers_protest(event, mention) or _arrests_of_operation(event, mention):
        return True  # the police who detain protesters are the other side, not a rival speaker
    theirs = [a for m in event.mentions for a in m.actors]
    if not _named_agree(theirs, [t for m in event.mentions for t in m.targets], mention.actors):
        return False
    # Statements by different speakers are different events. The police answering a protest
    # are not its speakers, and an unnamed crowd ("the demonstrators") is the crowd told so far.
    if head.plover != "ASSAULT":
        speakers = {a["name"] for m in event.mentions if m.plover == head.plover for a in m.actors if not _crowd(a)}
        mine = {a["name"] for a in mention.actors if not _crowd(a)}
        return not (speakers and mine) or bool(speakers & mine)
    return _targets_agree(event, mention)


def _crowd(party: Party) -> bool:
    return party["kind"] in _CROWDS and not _is_named(party)


def is_intervention(mention: Mention) -> bool:
    """Casualties or arrests that a protest may have led to.

    The arrest of a named person ("opposition leader X was arrested at his home") is an event
    of its own, not the police's answer to the crowd.
    """
    if mention.plover == "ASSAULT":
        return mention.casualty_only
    if any(_is_named(t) and t["kind"] not in _CROWDS for t in mention.targets):
        return False
    return mention.plover == "COERCE" and mention.main.definition.mode in {"arrest", "restrict"}


def _answers_protest(event: Cluster, mention: Mention) -> bool:
    """Return True when the mention is the answer to the protest ``event`` on its day.

    A protest is coded day by day: "arrested three activists who had organised the protests"
    on the next morning is an arrest of its own, and a killing by gunmen of no state ("armed
    men on motorcycles shot dead a protester") is an attack on a protester, not the force
    used against the crowd.
    """
    if event.head.plover != "PROTEST" or not is_intervention(mention):
        return False
    if any(a["kind"] == "armed_group" for a in mention.actors):
        return False
    days = {m.date["value"] for m in event.mentions if m.date is not None}
    return mention.date is None or not days or mention.date["value"] in days


def _arrests_of_operation(event: Cluster, mention: Mention) -> bool:
    """Return True for arrests told without a doer beside the toll of a security operation.

    "Police raided the slum at dawn ... Eight gang members were killed, and 11 people were
    arrested": the arrests, in a sentence of the raid and with no doer of their own, are the
    raid's. Arrests a doer makes ("Police later arrested five suspects") are their own event.
    """
    if event.head.plover != "ASSAULT" or mention.plover != "COERCE" or mention.actors:
        return False
    if not is_intervention(mention) or not any(a["kind"] in state_kinds() for m in event.mentions for a in m.actors):
        return False
    return any(m.sent.start == mention.sent.start for m in event.mentions)


def _rival_clause(event: Cluster, mention: Mention) -> bool:
    """Two clauses of one sentence with different doers report two events.

    "A suicide bomber rammed the gate, and gunmen then stormed the building" is two events.
    """
    names = {a["name"] for a in mention.actors if not _crowd(a)}
    if mention.casualty_only or mention.merge_only or not names:
        return False  # an unnamed crowd ("the strikers") is the crowd of the clause beside it
    return any(
        m.sent.start == mention.sent.start
        and not m.casualty_only
        and m.actors
        and not names & {a["name"] for a in m.actors}
        for m in event.mentions
    )


def _same_kind(event: Cluster, mention: Mention) -> bool:
    head = event.head
    if _answers_protest(event, mention) or _arrests_of_operation(event, mention):
        return True  # injuries and arrests at a protest or in a raid are part of it
    if head.plover != mention.plover:
        return False
    if mention.definite and not mention.toponym:
        return True  # "the fighting": whichever event of this type it refers to
    groups = set().union(*(m.groups for m in event.mentions))
    return not (groups and mention.groups) or bool(groups & mention.groups)


def _places_agree(event: Cluster, mention: Mention) -> bool:
    if mention.toponym is None:
        return True
    place = mention.toponym.place
    for other in event.mentions:
        if other.toponym is None:
            continue
        known = other.toponym.place
        if known.country != place.country:
            return False
        if "country" in (known.precision, place.precision):
            continue
        if "admin1" in (known.precision, place.precision):
            # A town in the region named ("in Balochistan province ... near Turbat") agrees.
            if known.admin1 is None or place.admin1 is None or known.admin1 == place.admin1:
                continue
            return False
        if None in (known.lat, known.lon, place.lat, place.lon):
            continue
        if distance_km(known.lat, known.lon, place.lat, place.lon) > _MAX_KM:  # type: ignore[arg-type]
            return False
    return True


def _dates_agree(event: Cluster, mention: Mention) -> bool:
    if mention.date is None or mention.updates_toll:
        return True  # "the toll rose to 14 on Monday": the day the figure was given
    for other in event.mentions:
        if other.date is not None and other.date["value"] != mention.date["value"]:
            a, b = sorted((other.date["value"], mention.date["value"]))
            if _days(a, b) > 1:
                return False
    return True


def _modes_agree(event: Cluster, mention: Mention) -> bool:
    """Different weapons are different events: an air strike is not the shelling beside it.

    Families are compared on the words themselves ("shelling", "car bomb") and, for remote
    weapons, on the cues too ("jets later struck"). Abduction and arson go with any attack;
    a report of casualties alone carries no weapon of its own.
    """
    if mention.casualty_only:
        return True
    own_event = _families(m for other in event.mentions for m in other.trigger_modes)
    own_mention = _families(mention.trigger_modes)
    if own_event and own_mention and not own_event & own_mention:
        return False
    all_event = _families(m for other in event.mentions for m in (*other.trigger_modes, other.cue_mode) if m)
    all_mention = _families(m for m in (*mention.trigger_modes, mention.cue_mode) if m)
    remote = (all_event | all_mention) & _REMOTE
    return not (remote and all_event and all_mention and not all_event & all_mention)


def _families(modes: Iterable[str]) -> set[str]:
    return {f for m in modes if (f := _MODE_FAMILY.get(m)) is not None}


def _own_dead(event: Cluster, mention: Mention) -> bool:
    """Return the mention counts the attackers' own dead ("all four gunmen died")."""
    if not mention.casualty_only or not mention.casualties:
        return False
    actors = [a for m in event.mentions for a in m.actors]
    victims = [c.victims for c in mention.casualties if c.victims is not None]
    return bool(victims) and all(any(same_party(v, a) for a in actors) for v in victims)


def same_party(a: Party, b: Party) -> bool:
    """Return True when two parties are the same: same name, or both unnamed armed groups."""
    if a["name"] == b["name"]:
        return True
    return a["kind"] == b["kind"] == "armed_group" and not (_is_named(a) and _is_named(b))


def _is_named(party: Party) -> bool:
    name = str(party["name"])
    return name[:1].isupper()


def _named_agree(actors: list[Party], targets: list[Party], mine: list[Party]) -> bool:
    """Return False when the mention's named doers take no part in an event with named doers.

    "Israeli shelling" is not Hezbollah's missile attack; unnamed doers ("gunmen", "troops")
    agree with anyone, and in a battle the other side may be the one named as doer. A state's
    forces by any name are one side.
    """
    named_actors = {_side(p) for p in actors if _is_named(p) and is_armed(p["kind"])}
    named_mine = {_side(p) for p in mine if _is_named(p) and is_armed(p["kind"])}
    if not (named_actors and named_mine):
        return True
    parties = named_actors | {_side(p) for p in targets}
    return bool(parties & named_mine)


def _side(party: Party) -> str:
    """One country's forces are one side: "Tajik troops" are the "Tajik border guards" told before."""
    if party["kind"] in state_kinds() and party["country"]:
        return f"{party['country']}:state"
    return str(party["name"])


def _targets_agree(event: Cluster, mention: Mention) -> bool:
    """Victims of one class: soldiers killed in a raid are not civilians killed nearby."""
    theirs = _target_classes([t for m in event.mentions for t in _victim_parties(m)])
    mine = _target_classes(_victim_parties(mention))
    return not (theirs and mine) or bool(theirs & mine)


def _victim_parties(mention: Mention) -> list[Party]:
    victims = [c.victims for c in mention.casualties if c.victims is not None]
    return [*victims, *mention.targets]


def _target_classes(parties: list[Party]) -> set[str]:
    return {"armed" if is_armed(str(p["kind"])) else "unarmed" for p in parties}


def _affinity(event: Cluster, mention: Mention) -> tuple[int, int, int, int]:
    """How well a compatible event fits: shared trigger family, victims, place; then recency."""
    groups = set().union(*(m.groups for m in event.mentions))
    return (
        int(bool(groups & mention.groups)),
        _shared_targets(event, mention),
        _same_place(event, mention),
        event.mentions[-1].start,
    )


def _shared_targets(event: Cluster, mention: Mention) -> int:
    theirs = _target_classes([t for m in event.mentions for t in _victim_parties(m)])
    return int(bool(theirs & _target_classes(_victim_parties(mention))))


def _same_place(event: Cluster, mention: Mention) -> int:
    if mention.toponym is None:
        return 0
    return int(
        any(m.toponym is not None and m.toponym.place.name == mention.toponym.place.name for m in event.mentions)
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days
