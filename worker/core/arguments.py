"""One mention of an event and its arguments: parties, place, date, counts, mode.

A mention is the set of linked trigger words of one sentence ("killed ... in an attack");
its arguments come from the dependency parse of its own clause (see ``parties``,
``location``, ``dating`` and ``casualties``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from worker.core.casualties import VICTIM_SUBJECT, Casualty, casualties, is_toll_update
from worker.core.clauses import clause_tokens
from worker.core.commitments import INTENT
from worker.core.dating import Dates
from worker.core.definitions import TriggerDef, cues
from worker.core.geo import Gazetteer
from worker.core.location import choose, places_statement, refers_back
from worker.core.nonevents import is_denied, is_negated
from worker.core.parties import Parties, role_tokens
from worker.core.records import EventDate, Party
from worker.core.sentences import sent_of
from worker.core.summaries import is_summary
from worker.core.toponyms import Toponym, Toponyms

# Material events happen somewhere; verbal ones (statements, meetings) only where a phrase
# places them ("talks in Jeddah"), never where a country is merely named.
MATERIAL = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "AID"})
# A statement, meeting or deal happens in a town ("at talks in Kunming"); a region or country
# named beside it ("a ceasefire in northern Shan state") is what it is about.
_TOWNS = frozenset({"city", "site"})
_MASS_MODES = {"explosives", "suicide-attack", "aerial", "heavy-weapons", "drone"}
_REPORTING = {"say", "claim", "tell", "announce", "state", "add", "report"}
_ROLE_RANK = {"event": 0, "casualty": 1, "anaphor": 2}
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}


@dataclass(frozen=True, slots=True)
class Trig:
    """One trigger occurrence."""

    span: Span
    definition: TriggerDef

    @property
    def token(self) -> Token:
        """The trigger's head word."""
        return self.span.root


@dataclass(slots=True)
class Mention:
    """Linked triggers of one sentence and what their clause says about the event."""

    triggers: list[Trig]
    sent: Span
    merge_only: bool = False
    actors: list[Party] = field(default_factory=list)
    targets: list[Party] = field(default_factory=list)
    toponym: Toponym | None = None
    refers_back: bool = False  # placed only by "the town", "the area": the place named before
    date: EventDate | None = None
    context_date: EventDate | None = None
    casualties: list[Casualty] = field(default_factory=list)
    zeros: set[str] = field(default_factory=set)
    claimed: bool = False
    trigger_modes: list[str] = field(default_factory=list)
    cue_mode: str | None = None
    tags: set[str] = field(default_factory=set)
    # Only a later figure of a toll ("the toll rose to 14 on Monday"): its day is the report's.
    updates_toll: bool = False
    # The main trigger, and the triggers it was chosen from (merging may add more).
    _main: tuple[tuple[int, ...], Trig] | None = field(default=None, repr=False, compare=False)

    @property
    def main(self) -> Trig:
        """The trigger that names the event: an event word before a casualty word.

        A word that is usually a step of an attack ("seized") names the event when it governs
        the attack word ("arrested ... in dawn raids"), not when the two are coordinated steps
        ("rounded up the men and opened fire").
        """
        key = tuple(map(id, self.triggers))
        if self._main is None or self._main[0] != key:
            self._main = (key, self._choose_main())
        return self._main[1]

    def _choose_main(self) -> Trig:
        for trig in self.triggers:
            others = [t for t in self.triggers if t is not trig]
            if _absorbed(trig, self.triggers) and others and all(_governs(trig.token, t.token) for t in others):
                return trig
        return min(
            self.triggers,
            key=lambda t: (
                _absorbed(t, self.triggers),
                _ROLE_RANK[t.definition.role],
                t.definition.mode is None,
                t.span.start,
            ),
        )

    @property
    def plover(self) -> str:
        """The PLOVER type of the main trigger."""
        return self.main.definition.plover

    @property
    def groups(self) -> set[str]:
        """Merge families of the event words (casualty, anaphor and absorbed words have none)."""
        main = self.main
        return {
            t.definition.group
            for t in self.triggers
            if t.definition.role == "event" and (not _absorbed(t, self.triggers) or t is main)
        }

    @property
    def definite(self) -> bool:
        """True when a definite noun names it ("the fighting"): it refers to a known event."""
        token = self.main.token
        return token.pos_ == "NOUN" and any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children)

    @property
    def casualty_only(self) -> bool:
        """True when only killing/wounding words report it ("five civilians were killed")."""
        return all(t.definition.role != "event" for t in self.triggers)

    @property
    def start(self) -> int:
        """Character offset of the first trigger."""
        return min(t.span.start_char for t in self.triggers)

    @property
    def mode(self) -> str | None:
        """The mode its words imply, else a cue's."""
        return self.trigger_modes[0] if self.trigger_modes else self.cue_mode


def _generic(trig: Trig) -> bool:
    """Return True for a bare plural event noun ("attacks") or a word that only refers back."""
    token = trig.token
    if trig.definition.role == "anaphor":
        return True
    return token.tag_ == "NNS" and not any(c.dep_ in {"det", "nummod", "poss"} for c in token.children)


def _in_trend(token: Token) -> bool:
    """Return True when the word's clause is a present perfect: a trend, not one event.

    "has since carried out dozens of attacks", "kidnappings have risen sharply", "has been a
    frequent target of air strikes"; "had attacked" (past perfect) is not one.
    """
    current = token
    for _ in range(4):
        if current.pos_ in {"VERB", "AUX"}:
            return any(c.dep_ == "aux" and c.tag_ in {"VBZ", "VBP"} and c.lemma_ == "have" for c in current.children)
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _sums_up(triggers: list[Trig]) -> bool:
    """Return True when the mention's event words only sum up events reported elsewhere.

    "one of the attacks killed five": every event word is a summary. "Two guided bombs struck
    a store, killing 16" and "bombers carried out a series of attacks in Gwoza on Saturday,
    killing 18" report one event: another event word (the verb "struck", "bombers") is no
    summary, and the count is of munitions or blasts.
    """
    if not any(is_summary(t.token) for t in triggers):
        return False
    events = [t for t in triggers if t.definition.role == "event"]
    return all(is_summary(t.token) for t in events)


def _governs(head: Token, word: Token) -> bool:
    """Return True when ``word`` depends on ``head`` other than as a coordinated conjunct."""
    current = word
    while current.i != head.i:
        if current.dep_ == "conj" or current.head.i == current.i:
            return False
        current = current.head
    return True


def _weapon_subjects(trig: Trig) -> list[Token]:
    """Return the subjects that make ``trig`` a trigger through a ``deps`` pattern at ``nsubj``."""
    return [
        subject
        for dep in trig.definition.deps
        if "nsubj" in dep.dep
        for subject in trig.token.children
        if subject.dep_ == "nsubj" and subject.lemma_.lower() in dep.to
    ]


def _restates(trig: Trig, triggers: list[Trig]) -> bool:
    """Return the trigger's weapon subject is another trigger of the mention ("a drone strike ... hit")."""
    subjects = {s.i for s in _weapon_subjects(trig)}
    return bool(subjects) and any(o is not trig and subjects & set(range(o.span.start, o.span.end)) for o in triggers)


def _known_weapon(trig: Trig) -> bool:
    """Return the trigger's weapon subject is definite: it refers to a weapon told before.

    A trigger that codes only with a weapon as its subject (a ``deps`` pattern at ``nsubj``:
    "drones hit a fuel depot in the port") reports a new event; with a definite subject ("The
    drone hit a warehouse at the port", "The strikes hit a grain silo") it tells
    more of the one already reported.
    """
    return any(
        any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in subject.children)
        for subject in _weapon_subjects(trig)
    )


def _absorbed(trig: Trig, triggers: list[Trig]) -> bool:
    """Return True when another trigger of the mention is of a type that absorbs this one."""
    return any(t.definition.plover in trig.definition.absorbed_by for t in triggers if t is not trig)


class ArticleFacts:
    """Per-article lookups the mentions share (parties, places, dates)."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, country_hint: str | None, reference: date | None) -> None:
        self.doc = doc
        self.parties = Parties(doc, gazetteer)
        self.toponyms = Toponyms(doc, gazetteer, country_hint)
        self.dates = Dates(doc, reference)


def build_mentions(triggers: list[Trig], facts: ArticleFacts) -> list[Mention]:
    """Build the mention(s) of linked triggers (one per country when targets lie in several)."""
    # "a drone strike near the border hit a rebel base": the strike is the event word already.
    triggers = [t for t in triggers if not _restates(t, triggers)] or triggers
    sent = sent_of(triggers[0].span)
    anchors = [t.token for t in triggers]
    mention = Mention(triggers=triggers, sent=sent)
    mention.merge_only = (
        all(t.definition.role == "anaphor" for t in triggers)
        or any(is_denied(t.token) for t in triggers)
        or _sums_up(triggers)
    )
    clause = clause_tokens(anchors)
    _modes(mention, clause, facts.doc)
    if not mention.merge_only:
        mass = bool(set(mention.trigger_modes) & _MASS_MODES) or mention.cue_mode in _MASS_MODES
        for trig in triggers:
            if trig.definition.counts is None:
                continue
            if is_negated(trig.token):
                mention.zeros.add(trig.definition.counts)
                continue
            mention.casualties.extend(casualties(trig.token, trig.definition, facts.parties, mass=mass))
        if all(t.definition.role == "casualty" and is_negated(t.token) for t in triggers):
            mention.merge_only = True  # "no one was hurt": a zero for the event it follows, not an event
    events = [t for t in triggers if t.definition.role == "event"]
    if events and all(_known_weapon(t) for t in events):
        mention.merge_only = True  # "The drone hit a house": the drone reported before
    _parties(mention, facts)
    mention.date = facts.dates.own(anchors)
    if all(t.definition.id.endswith(INTENT) for t in triggers):  # the statement's day, not the plan's
        mention.date = facts.dates.of_statement(anchors[0]) or mention.date
    mention.context_date = facts.dates.in_context(anchors)
    mention.updates_toll = mention.casualty_only and any(is_toll_update(t.token) for t in triggers)
    if mention.updates_toll:
        mention.merge_only = True  # a later figure of a toll reported before, never an event of its own
    mention.claimed = _rests_on_perpetrator(anchors, facts.parties)
    toponyms = facts.toponyms.in_sentence(sent)
    parts = _conjoined_places(mention, toponyms)
    if len(parts) > 1:
        return parts
    if mention.plover not in MATERIAL:
        toponyms = [t for t in toponyms if t.in_phrase and t.place.precision in _TOWNS and places_statement(t, anchors)]
    if mention.definite:
        toponyms = [t for t in toponyms if t.span.root.i in _own_phrase(mention.main.token)]
    mention.toponym = choose(toponyms, anchors, facts.toponyms.country)
    if mention.toponym is None or mention.toponym.span.root.i not in clause:
        # Only read when the mention has no place of its own in its clause.
        mention.refers_back = refers_back(anchors)
        if mention.refers_back:
            mention.toponym = None  # "outside the town, and ... the bridge that links it to Thailand"
    if (
        mention.plover == "ASSAULT"
        and mention.date is None
        and not mention.casualties
        and all(_generic(t) for t in triggers)
    ):
        # "stepped up attacks", "kidnappings have risen", "a law that covers attacks on
        # journalists in Lagos": a bare plural with no day and no toll is no one event.
        mention.merge_only = True
    if all(_generic(t) and _in_trend(t.token) for t in triggers):
        mention.merge_only = True  # "have stepped up attacks on police in Cauca this year"
    return [mention]


def _own_phrase(noun: Token) -> set[int]:
    """Return the words that can place an event a definite noun refers back to.

    "condemned the air strikes", "coverage of the attack": only a place on the noun itself is
    the event's ("the attack in Djibo"); as a subject, its predicate's too ("the attack took
    place in Mudiyah").
    """
    own = {w.i for w in noun.subtree}
    if noun.dep_ in {"nsubj", "nsubjpass"}:
        own |= clause_tokens([noun.head])
    return own


def _modes(mention: Mention, clause: set[int], doc: Doc) -> None:
    ordered = sorted(mention.triggers, key=lambda t: (_ROLE_RANK[t.definition.role], t.span.start))
    mention.trigger_modes = [t.definition.mode for t in ordered if t.definition.mode]
    lemmas = {doc[i].lemma_.lower() for i in clause} | {doc[i].lower_ for i in clause}
    plover = mention.plover
    for cue in cues():
        if cue.plover != plover or not lemmas & cue.lemmas:
            continue
        if cue.mode and mention.cue_mode is None:
            mention.cue_mode = cue.mode
        if cue.tag:
            mention.tags.add(cue.tag)


def _parties(mention: Mention, facts: ArticleFacts) -> None:
    seen_actor: set[str] = set()
    seen_target: set[str] = set()
    verbal = mention.plover not in MATERIAL
    for trig in sorted(mention.triggers, key=lambda t: _ROLE_RANK[t.definition.role]):
        actors, targets = facts.parties.roles(trig.token, places=verbal, national=mention.plover == "ASSAULT")
        if trig.token.lemma_.lower() in VICTIM_SUBJECT:
            actors = []  # "four soldiers died": the subject is the victim
        if any(t.definition.group in trig.definition.other_side_of for t in mention.triggers):
            actors, targets = [], actors  # "took the town after the rebels withdrew": they lost it
        for role in actors:
            if role.party["name"] not in seen_actor:
                seen_actor.add(role.party["name"])
                mention.actors.append(role.party)
        for role in targets:
            if role.party["name"] not in seen_target:
                seen_target.add(role.party["name"])
                mention.targets.append(role.party)
    if not mention.actors and mention.plover == "ASSAULT":
        victims = {p.get("start", -1) for p in mention.targets}
        victims |= {c.victims.get("start", -1) for c in mention.casualties if c.victims}
        nearby = facts.parties.nearby_actor(mention.main.token, exclude=victims)
        if nearby is not None:
            mention.actors.append(nearby)
    # A party does not attack itself: "IS attacked a prison housing fellow jihadists".
    actor_names = {a["name"] for a in mention.actors}
    mention.targets = [t for t in mention.targets if t["name"] not in actor_names]


def _rests_on_perpetrator(anchors: list[Token], parties: Parties) -> bool:
    """Return True when an armed group reports it itself ("its fighters had killed ...")."""
    for anchor in anchors:
        current = anchor
        for _ in range(6):
            head = current.head
            if head.i == current.i:
                break
            if head.lemma_.lower() in _REPORTING and current.dep_ in {
                "ccomp",
                "xcomp",
                "advcl",
                "conj",
            }:
                for child in head.children:
                    if child.dep_ == "nsubj":
                        party = parties.party(child)
                        if party is not None and party["kind"] == "armed_group":
                            return True
                if head.dep_ in {
                    "advcl",
                    "xcomp",
                }:  # "..., saying it had": the subject of the main verb
                    current = head
                    continue
                return False
            current = head
    return False


def _conjoined_places(mention: Mention, toponyms: list[Toponym]) -> list[Mention]:
    """Split "attacked a prison in Syria and a base in Iraq" into one mention per country."""
    _, patients = role_tokens(mention.main.token)
    conjuncts = [p for p in patients if p.dep_ == "conj"]
    if not conjuncts or not toponyms:
        return [mention]
    firsts = [p for p in patients if p.dep_ != "conj"]
    parts: list[tuple[Token, set[int]]] = []
    for head in firsts + conjuncts:
        inner = {t.i for t in head.subtree}
        for other in conjuncts:
            if other.i != head.i and other.i in inner:
                inner -= {t.i for t in other.subtree}
        parts.append((head, inner))
    placed = []
    for head, inner in parts:
        local = [t for t in toponyms if t.span.root.i in inner]
        if local:
            placed.append((head, max(local, key=lambda t: (t.locative, t.span.start))))
    if len(placed) < 2 or len({t.place.country for _, t in placed}) < 2:
        return [mention]
    split = []
    for head, toponym in placed:
        party = next((p for p in mention.targets if p.get("start", -1) <= head.idx < p.get("end", -1)), None)
        part = Mention(
            triggers=mention.triggers,
            sent=mention.sent,
            merge_only=mention.merge_only,
            actors=list(mention.actors),
            targets=[party] if party else [],
            toponym=toponym,
            date=mention.date,
            context_date=mention.context_date,
            casualties=[],
            claimed=mention.claimed,
            trigger_modes=mention.trigger_modes,
            cue_mode=mention.cue_mode,
            tags=mention.tags,
        )
        split.append(part)
    return split
