"""Differing accounts: two independent sources that disagree without a word of dispute.

Part of the decision table of docs/confidence.md (:mod:`worker.core.flagging` decides the flag):
an event is ``disputed`` when two sources that are not one another (:func:`source_key`,
:func:`relayed`) set their accounts against each other ("X said ..., but Y said ..."), give
different figures for the same count, different causes or perpetrators, put the dead in
different classes (combatants / civilians), or set one event on different days, at different
times of day or in different places. Each rule returns the two sources, the second
(the one whose account differs) first in line to decide the flag; ``[]`` when they agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from spacy.tokens import Doc, Token

from worker.core.evidence import Evidence
from worker.core.geo import default_gazetteer
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import EXTENSION, Attribution
from worker.core.nlp.attribution_rules import ANY_NOUN, number_value

RELAYING = frozenset({"cite", "quote"})  # verbs by which one source passes on another
_CONTRAST = frozenset({"but", "while", "whereas", "however", "although", "though", "yet"})
_OPENERS = frozenset({"but", "however", "yet"})
_T = TypeVar("_T")
_HYPHEN = re.compile(r"\s*-\s*")
# Kept in ``Doc.user_data`` (the Doc's life, never serialised): per-token owners, statements.
_OWNERS = "eventwire.cue_owners"
_STATEMENTS = "eventwire.statements"


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
        _contrasting(reports)
        or _conflicting(reports)
        or _toll_next(reports, evidence.neighbours)
        or _different_causes(reports, evidence.neighbours, evidence.previous)
        or _different_circumstances(reports, evidence.neighbours, evidence.previous)
        or _different_perpetrators(reports)
        or _different_attacker_counts(reports)
        or _different_doers(reports)
        or _who_fired_first(reports)
        or _different_victims(reports, evidence.neighbours, evidence.previous)
        or _different_settings(reports)
    )


def source_key(attribution: Attribution) -> str:
    """Who a source is, for independence: its organisation or person when named, else its type."""
    name = (attribution.name or "").lower()
    source = attribution.source
    proper = source is not None and any(t.pos_ == "PROPN" for t in source)
    if not proper and source is not None and attribution.type != "anonymous":
        # "A local lawmaker, John Api, put the number of dead at 40": a person named in
        # apposition is that person, not one more unnamed official of the type.
        named = [c for c in source.root.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named:
            return f"{attribution.type}:{' '.join(t.lower_ for t in named[0].subtree)}"
    return f"{attribution.type}:{name}" if proper or attribution.type == "witness" else attribution.type


def _same_source(first: Attribution, second: Attribution) -> bool:
    """Whether two attributions are one source: the same key for independence, or the same name."""
    return source_key(first) == source_key(second) or bool(first.name and first.name == second.name)


def relayed(attribution: Attribution, others: list[Attribution]) -> bool:
    """Return True for a source another source cites ("X reported, citing their families"): the same chain.

    A citing participle after the report may hang on the reported clause rather than on the
    report verb ("HRW said troops executed 45 civilians, citing interviews with witnesses"): it
    still passes on what the citer says, so a report verb before it and above it in the tree is
    the chain's head.
    """
    cue = attribution.cue.root
    if cue.lemma_.lower() not in RELAYING:
        return False
    above = {t.i for t in cue.ancestors}
    return any(
        o is not attribution and (cue.head.i == o.cue.root.i or (o.cue.root.i in above and o.cue.start < cue.i))
        for o in others
    )


def _contrasting(reports: list[Attribution]) -> list[Attribution]:
    """Two sources set against each other: "X said ..., but Y said ...", else []."""
    for first in reports:
        for second in reports:
            if second.source is None or first.source is None or second.cue.start <= first.cue.start:
                continue
            if _same_source(first, second):
                continue
            doc = second.source.doc
            # "Villagers said 85 died; the air force maintained it had targeted bandits."
            insists = second.cue.root.lemma_.lower() in _contrary_verbs() and second.cue.root.tag_ != "VBG"
            if _one_another(first, second):
                return [first, second]  # "One witness said ...; another said ...": accounts differ
            if first.cue.sent == second.cue.sent:
                low = min(first.cue.end, first.source.end)
                between = doc[low : min(second.source.start, second.cue.start)]
                contrast = any(t.lower_ in _CONTRAST for t in between) or insists
                # "Russia said its troops had captured X; Ukraine's military said ...": a party's
                # claim set beside another source's account by a semicolon.
                contrast = contrast or (
                    any(t.text == ";" for t in between) and (first.party_claim or first.kind == "claim")
                )
            else:
                # Across sentences only an opening "But"/"However" in the next sentence of the
                # paragraph sets a source against the last one; an opening "While" subordinates.
                # So does a "however" before the second cue: "The army, however, said ...".
                opening = second.cue.sent[0].lower_ in _OPENERS or any(
                    t.lower_ == "however" for t in doc[second.cue.sent.start : second.cue.start]
                )
                contrast = (opening or insists) and _adjacent(first, second)
            if contrast:
                return [first, second]
    return []


def _one_another(first: Attribution, second: Attribution) -> bool:
    """Two sources set apart as one and another: "One resident said ...; another said ..."."""
    assert first.source is not None and second.source is not None
    one = first.source[0].lower_ == "one" or any(t.lower_ == "one" and t.dep_ == "nummod" for t in first.source)
    another = any(t.lower_ in {"another", "second"} and t.i <= second.source.root.i for t in second.source)
    return one and another and (first.cue.sent == second.cue.sent or _adjacent(first, second))


@cache
def _contrary_verbs() -> frozenset[str]:
    return frozenset(load_toml("cues")["verb_rules"]["contrary_verbs"])


def _adjacent(first: Attribution, second: Attribution) -> bool:
    """Tell whether two sources sit in consecutive sentences of one paragraph."""
    gap = second.cue.doc[first.cue.sent.start : second.cue.sent.start]
    return first.cue.sent.end == second.cue.sent.start and "\n" not in gap.text


def _conflicting(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources giving different figures for the same count, else []."""
    figured = [a for a in reports if a.numbers and a.kind != "deny"]
    for i, first in enumerate(figured):
        for second in figured[i + 1 :]:
            if _same_source(first, second):
                continue
            firsts = _by_count(first.numbers)
            seconds = _by_count(second.numbers)
            for count, values in firsts.items():
                if count in seconds and not values & seconds[count]:
                    return [first, second]
            if _tolls_differ(firsts, seconds) or _tolls_differ(seconds, firsts):
                return [first, second]
            if _totals_differ(firsts, seconds):
                return [first, second]
    return []


def _toll_next(reports: list[Attribution], neighbours: list[Attribution]) -> list[Attribution]:
    """A toll in the next sentence, read as another event, against the event's count of the dead.

    "Officials said nine people died when police opened fire on striking miners. Organisers of
    the strike put the number of dead at 34": a toll ("put the number of dead at", "a
    toll of") refers back to the dead of the sentence before; a count of other dead ("five
    soldiers were killed") may be another event's, and is not compared.
    """
    tolls = [
        a
        for a in neighbours
        if a not in reports and a.kind != "deny" and any(n.startswith(f"killed:{ANY_NOUN}:") for n in a.numbers)
    ]
    figured = [a for a in reports if a.numbers and a.kind != "deny"]
    for first in figured:
        for second in tolls:
            if second.cue.start <= first.cue.start or _same_source(first, second) or not _adjacent(first, second):
                continue
            if _tolls_differ(_by_count(second.numbers), _by_count(first.numbers)):
                return [first, second]
    # "The army said 20 soldiers died when al-Shabaab fighters stormed a base. Al-Shabaab said
    # its fighters killed 57 soldiers": a party named in the first account speaks of that event,
    # so its count of the same dead is compared (not another source's: it may be another event).
    parties = [a for a in neighbours if a not in reports and a.kind != "deny" and a.numbers and _named_in(a, figured)]
    for first in figured:
        for second in parties:
            if second.cue.start <= first.cue.start or _same_source(first, second) or not _adjacent(first, second):
                continue
            if not _named_in(second, [first]):
                continue
            firsts, seconds = _by_count(first.numbers), _by_count(second.numbers)
            shared = [c for c in firsts if c.startswith("killed:") and c in seconds]
            if any(not firsts[c] & seconds[c] for c in shared):
                return [first, second]
    return []


def _named_in(attribution: Attribution, others: list[Attribution]) -> bool:
    """Whether a source is named in another source's statement, as a party to what it tells."""
    source = attribution.source
    if source is None or attribution.name is None or not any(t.pos_ == "PROPN" for t in source):
        return False
    name = _HYPHEN.sub("-", " ".join(attribution.name.lower().split()))
    for other in others:
        assert other.source is not None
        # "al-Shabaab" may be three tokens: "al", "-", "shabaab"
        statement = _HYPHEN.sub("-", " ".join(t.lower_ for t in _statement(other)))
        if f" {name} " in f" {statement} ":
            return True
    return False


def _different_causes(
    reports: list[Attribution], neighbours: list[Attribution], previous: list[Attribution]
) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, giving different causes.

    "Fire officials said a short circuit started the blaze. Workers said men threw petrol
    bombs": each statement names a cause or means (`[causes]`: electrical, arson, drone, mine,
    flood ...) and the two share none, else []. The second may sit in the next sentence even
    when that sentence reads as another event (``neighbours``), and the first in the sentence
    before when no event holds it (``previous``: "Israel said the rocket that hit the hospital was
    fired by Islamic Jihad. Hamas said it was an Israeli air strike.").
    """

    def with_causes(attributions: list[Attribution]) -> list[tuple[Attribution, frozenset[str]]]:
        kinds = {"report", "confirm", "claim"}  # "a group claimed it had attacked the depot with drones"
        found = [(a, _causes_of(a)) for a in attributions if a.kind in kinds and a.source is not None]
        return [(a, c) for a, c in found if c]

    caused = [pair for pair in with_causes(previous) if pair[0] not in reports] + with_causes(reports)
    later = caused + [pair for pair in with_causes(neighbours) if pair[0] not in reports]
    for (first, first_causes), (second, second_causes) in _later_independent(caused, later):
        near = first.cue.sent == second.cue.sent or _adjacent(first, second)
        if near and not first_causes & second_causes:
            return [first, second]
    return []


def _different_circumstances(
    reports: list[Attribution], neighbours: list[Attribution], previous: list[Attribution]
) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, telling an event in exclusive circumstances.

    "Police said the man was killed in an exchange of fire with officers. His family said he was
    shot in custody": an armed encounter against a death in the captors' hands; "police said the
    protest was violent" / "organisers said it was peaceful" (`[circumstances.*]`: each table
    holds classes that exclude each other). Each must name one class of a table only ("shot in a
    shootout while resisting arrest" names both and disputes nothing); else []. As with causes, the
    second may sit in the next sentence read as another event and the first in the sentence before
    held by no event.
    """

    def placed(attributions: list[Attribution]) -> list[tuple[Attribution, dict[str, str]]]:
        found = [(a, _classes_of(a, _circumstance_lexicon())) for a in attributions if a.kind in {"report", "confirm"}]
        return [(a, by_table) for a, classes in found if (by_table := _one_class_per_table(classes))]

    told = placed([a for a in reports if a.source is not None])
    later = told + [pair for pair in placed([a for a in neighbours if a.source is not None]) if pair[0] not in reports]
    before = [pair for pair in placed([a for a in previous if a.source is not None]) if pair[0] not in reports]
    for (first, one), (second, other) in _later_independent(before + told, later):
        near = first.cue.sent == second.cue.sent or _adjacent(first, second)
        if near and any(other.get(table, kind) != kind for table, kind in one.items()):
            return [first, second]
    return []


def _one_class_per_table(classes: frozenset[str]) -> dict[str, str]:
    """The tables ("table:class" names) in which a statement names exactly one class, with that class."""
    tables: dict[str, set[str]] = {}
    for name in classes:
        table, _, kind = name.partition(":")
        tables.setdefault(table, set()).add(kind)
    return {table: kinds.pop() for table, kinds in tables.items() if len(kinds) == 1}


@cache
def _circumstance_lexicon() -> dict[str, str]:
    tables = load_toml("cues")["circumstances"]
    return {
        word: f"{table}:{kind}" for table, kinds in tables.items() for kind, words in kinds.items() for word in words
    }


def _later_independent(
    firsts: list[tuple[Attribution, _T]], laters: list[tuple[Attribution, _T]]
) -> Iterator[tuple[tuple[Attribution, _T], tuple[Attribution, _T]]]:
    """Pairs of a source and a later one that is another source and neither passes the other on."""
    for first, found in firsts:
        for second, other in laters:
            if second.cue.start <= first.cue.start or _same_source(first, second):
                continue
            if not (relayed(second, [first]) or relayed(first, [second])):
                yield (first, found), (second, other)


def _different_perpetrators(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources naming different perpetrators, else [].

    "Police blamed kidnappers. A youth leader said the attackers were herders": a source names
    the perpetrators by blaming them (`[perpetrators] blame_verbs`) or as what the attackers
    were (a subject in `[perpetrators] nouns`); two sources naming none in common disagree.
    """
    named = [(a, _perpetrators_of(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    named = [(a, p) for a, p in named if p]
    for i, (first, first_names) in enumerate(named):
        for second, second_names in named[i + 1 :]:
            if _same_source(first, second):
                continue
            if not first_names & second_names:
                return [first, second]
    return []


def _who_fired_first(reports: list[Attribution]) -> list[Attribution]:
    """A source saying who fired first, after another independent source's account, else [].

    "Police said officers opened fire after protesters attacked them. A rights group said its
    monitors saw police fire first": saying who started it ("first" on `[perpetrators]
    first_acts`: fire, shoot, attack ...) answers another account of how it began. Alone
    ("police said the gunmen fired first") it disputes nothing.
    """
    acts = _first_acts()
    words = _first_words()

    def says_first(attribution: Attribution) -> bool:
        source = attribution.source
        assert source is not None
        start, end = attribution.scope
        for token in attribution.cue.doc[start:end]:
            if token.lower_ not in words or token.dep_ != "advmod" or source.start <= token.i < source.end:
                continue
            head = token.head
            fired = any(c.dep_ == "dobj" and c.lemma_.lower() == "fire" for c in head.children)
            if head.lemma_.lower() in acts or fired:
                return True
        return False

    told = [(a, None) for a in reports if a.kind in {"report", "confirm", "observe"} and a.source is not None]
    for (first, _), (second, _) in _later_independent(told, told):
        near = first.cue.sent == second.cue.sent or _adjacent(first, second)
        if near and not says_first(first) and says_first(second) and first.cue.root.i != second.cue.root.head.i:
            return [first, second]
    return []


@cache
def _first_acts() -> frozenset[str]:
    return frozenset(load_toml("cues")["perpetrators"]["first_acts"])


@cache
def _first_words() -> frozenset[str]:
    return frozenset(load_toml("cues")["perpetrators"]["first_words"])


def _different_doers(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, naming doers of different sides.

    "Villagers said soldiers had executed six men. The army said the six had been killed by
    jihadists": each source names who did the killing (the subject of an active
    `[perpetrators] deed_lemmas` verb, or the "by" agent of a passive one), one the state's
    forces and the other a non-state group (`[perpetrators] state_doers` / `nonstate_doers`;
    "army-allied militiamen" are the state's side: `state_modifiers`), else []. Not when one
    source's doers are the other's victims: "police said gunmen killed five; the army said
    troops killed three of the gunmen" tells two deeds.
    """
    sided = [(a, _doers_of(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    sided = [(a, sides) for a, sides in sided if len(sides[0]) == 1]
    for (first, (one, one_victims)), (second, (other, other_victims)) in _later_independent(sided, sided):
        near = first.cue.sent == second.cue.sent or _adjacent(first, second)
        if near and one != other and not (one & other_victims or other & one_victims):
            return [first, second]
    return []


def _doers_of(attribution: Attribution) -> tuple[frozenset[str], frozenset[str]]:
    """The sides (state, nonstate) of the doers and of the victims of the deeds a source tells."""
    deeds, state, nonstate, modifiers = _doer_lexicon()

    def side(noun: Token) -> str | None:
        lemma = noun.lemma_.lower()
        left = " ".join(t.lower_ for c in noun.lefts for t in c.subtree)
        if lemma in state or any(m in left for m in modifiers):
            return "state"
        return "nonstate" if lemma in nonstate else None

    doers: set[str] = set()
    victims: set[str] = set()
    for token in _statement(attribution):
        if token.lemma_.lower() not in deeds or token.pos_ not in {"VERB", "AUX"}:
            continue
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children)
        for child in token.children:
            if child.dep_ == "nsubj" and not passive:
                doers.add(side(child) or "")
            elif child.dep_ == "agent":
                doers.update(side(o) or "" for o in child.children if o.dep_ == "pobj")
            elif child.dep_ in {"dobj", "nsubjpass"}:
                victims.add(side(child) or "")
                victims.update(side(o) or "" for p in child.children if p.lower_ == "of" for o in p.children)
    return frozenset(doers - {""}), frozenset(victims - {""})


@cache
def _doer_lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """Deed lemmas, state and non-state doers, state modifiers (`[perpetrators]`)."""
    lexicon = load_toml("cues")["perpetrators"]
    return (
        frozenset(lexicon["deed_lemmas"]),
        frozenset(lexicon["state_doers"]),
        frozenset(lexicon["nonstate_doers"]),
        tuple(lexicon["state_modifiers"]),
    )


def _different_attacker_counts(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, giving different numbers of attackers.

    "Police said a lone gunman opened fire. Survivors said there had been at least three
    attackers": each source gives one number of attackers (a count on a `[perpetrators] nouns`
    noun or on "men" called armed, masked ...: `[perpetrators] armed_modifiers`; "lone",
    "single" count one), and the two differ, else []. Attackers killed, arrested or wounded
    ("three gunmen were killed") are not the number who attacked and are not counted.
    """
    counted = [(a, _attacker_counts(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    counted = [(a, c) for a, c in counted if len(c) == 1]
    for (first, one), (second, other) in _later_independent(counted, counted):
        near = first.cue.sent == second.cue.sent or _adjacent(first, second)
        if near and one != other:
            return [first, second]
    return []


def _attacker_counts(attribution: Attribution) -> frozenset[int]:
    """The numbers of attackers a source gives in the clause it governs ("a lone gunman": 1)."""
    nouns, armed, single, undone = _attacker_lexicon()
    counts: set[int] = set()
    for token in _statement(attribution):
        lemma = token.lemma_.lower()
        modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound"}}
        if token.pos_ != "NOUN" or not (lemma in nouns or (lemma == "man" and modifiers & armed)):
            continue
        # "three gunmen were killed", "two attackers arrested": not how many attacked
        if token.dep_ in {"nsubjpass", "dobj"} and token.head.lemma_.lower() in undone:
            continue
        if any(c.lemma_.lower() in undone and c.dep_ in {"acl", "relcl", "amod"} for c in token.children):
            continue
        values = [number_value(c) for c in token.children if c.dep_ == "nummod"]
        if any(v is not None for v in values):
            counts.update(v for v in values if v is not None)
        elif modifiers & single:
            counts.add(1)
    return frozenset(counts)


@cache
def _attacker_lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Attacker nouns, armed and single modifiers, and the lemmas of attackers undone (`[perpetrators]`)."""
    lexicon = load_toml("cues")["perpetrators"]
    undone = frozenset(lexicon["undone_lemmas"]) | _victim_lexicon().kill
    return (
        frozenset(lexicon["nouns"]),
        frozenset(lexicon["armed_modifiers"]),
        frozenset(lexicon["single_modifiers"]),
        undone,
    )


def _different_victims(
    reports: list[Attribution], neighbours: list[Attribution], previous: list[Attribution]
) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, putting the dead in different classes.

    "The army said it killed 12 militants. Residents said the dead were farmers": one source's
    victims are all combatants, the other's all civilians (`[victims]`), and at least one of them
    says what the dead were; else []. A source adding detail ("the dead included two women",
    "civilians were also killed") or naming both classes disputes nothing. The second may sit in
    the next sentence even when that sentence reads as another event (``neighbours``).
    A source naming no dead counts by what it says was hit ("the jets destroyed a command
    post": combatant; "the drone hit a wedding party": civilian; `[victims] *_targets`), also
    from the sentence before when no event holds it (``previous``); then neither need say what
    the dead were ("residents said the strike killed four herdsmen").
    """

    def classed(attributions: list[Attribution]) -> list[tuple[Attribution, _Victims]]:
        kinds = {"report", "confirm", "claim"}
        found = [(a, _victims_of(a)) for a in attributions if a.kind in kinds and a.source is not None]
        return [(a, v) for a, v in found if v.named or v.pronoun or v.hit]

    named = classed(reports)
    later = named + [pair for pair in classed(neighbours) if pair[0] not in reports]
    # A source in the sentence before, held by no event, speaks only by the target it says was hit.
    before = [(a, v) for a, v in classed(previous) if a not in reports and v.hit and not (v.named or v.pronoun)]
    named = before + named
    for (first, one), (second, other) in _later_independent(named, later):
        # A source naming no dead speaks by what it says was hit ("struck a rebel base").
        first_hit = one.hit if not (one.named or one.pronoun) else frozenset()
        second_hit = other.hit if not (other.named or other.pronoun) else frozenset()
        near = first.cue.sent == second.cue.sent or _adjacent(first, second)
        if not near or not (one.recast or other.recast or first_hit or second_hit):
            continue
        # "they were unarmed students" speaks of the dead only beside a source saying what
        # the dead were ("the four men shot dead were armed robbers").
        first_classes = one.named | (one.pronoun if other.recast else frozenset()) | first_hit
        second_classes = other.named | (other.pronoun if one.recast else frozenset()) | second_hit
        # One class each ("the dead were five soldiers and three civilians" names both).
        if len(first_classes) == 1 and len(second_classes) == 1 and first_classes != second_classes:
            return [first, second]
    return []


@dataclass(slots=True)
class _Victims:
    """The classes of the dead a source names (combatant, civilian)."""

    named: frozenset[str] = frozenset()  # whom it says were killed, what it says the dead were
    pronoun: frozenset[str] = frozenset()  # what it says "they" were
    recast: bool = False  # it says what the dead were: "the dead were farmers"
    hit: frozenset[str] = frozenset()  # what it says was hit: "the jets struck a rebel base"


@dataclass(frozen=True, slots=True)
class _VictimLexicon:
    classes: dict[str, str]
    kill: frozenset[str]
    dead: frozenset[str]
    whole: frozenset[str]
    additive: frozenset[str]
    targets: dict[str, str]
    target_verbs: frozenset[str]
    means: frozenset[str]


@cache
def _victim_lexicon() -> _VictimLexicon:
    cues = load_toml("cues")
    victims = cues["victims"]
    classes = {word: "combatant" for word in [*cues["party_claims"]["enemy_nouns"], *victims["combatant_nouns"]]}
    classes.update({word: "civilian" for word in victims["civilian_nouns"]})
    return _VictimLexicon(
        classes=classes,
        kill=frozenset(cues["party_claims"]["kill_lemmas"]),
        dead=frozenset(cues["denials"]["victim_nouns"]),
        whole=frozenset(victims["whole_quantifiers"]),
        additive=frozenset(victims["additive"]),
        targets={
            **{word: "combatant" for word in victims["combatant_targets"]},
            **{word: "civilian" for word in victims["civilian_targets"]},
        },
        target_verbs=frozenset(victims["target_verbs"]),
        means=frozenset(cues["party_claims"]["means_nouns"]),
    )


def _statement(attribution: Attribution) -> tuple[Token, ...]:
    """The tokens of the clause a source governs, without its own words or another source's clause.

    Each rule asks for it (several times per pair of sources), so it is kept with the ``Doc``.
    """
    source = attribution.source
    assert source is not None
    doc = attribution.cue.doc
    key = (attribution.cue.start, attribution.cue.end, source.start, source.end, attribution.scope)
    statements: dict[tuple[object, ...], tuple[Token, ...]] = doc.user_data.setdefault(_STATEMENTS, {})
    found = statements.get(key)
    if found is None:
        owners = _cue_owners(doc)
        own = attribution.cue.root.i
        start, end = attribution.scope
        found = statements[key] = tuple(
            doc[i] for i in range(start, end) if not source.start <= i < source.end and owners[i] in (-1, own)
        )
    return found


def _cue_owners(doc: Doc) -> list[int]:
    """For each token, the attribution cue it hangs under (itself or its nearest ancestor), or -1."""
    owners: list[int] | None = doc.user_data.get(_OWNERS)
    if owners is None:
        cues = {a.cue.root.i for a in doc._.get(EXTENSION) or ()}
        heads = [t.head.i for t in doc]
        owners = [-2] * len(doc)
        for i in range(len(doc)):
            path = []
            node = i
            while owners[node] == -2 and node not in cues and heads[node] != node:
                path.append(node)
                node = heads[node]
            owner = owners[node] if owners[node] != -2 else (node if node in cues else -1)
            owners[node] = owner
            for n in path:
                owners[n] = owner
        doc.user_data[_OWNERS] = owners
    return owners


def _numbered_dead(token: Token, dead: frozenset[str]) -> bool:
    """'the 500 dead', parsed as a number that the adjective modifies."""
    return token.pos_ == "NUM" and any(c.dep_ == "amod" and c.lower_ in dead for c in token.children)


def _victims_of(attribution: Attribution) -> _Victims:
    """The classes of the dead a source names: whom it says were killed, what it says the dead were."""
    lexicon = _victim_lexicon()
    tokens = _statement(attribution)
    inside = {t.i for t in tokens}

    def killed(token: Token) -> bool:
        deps = {"acl", "amod", "relcl"}
        return any(c.lemma_.lower() in lexicon.kill and c.dep_ in deps for c in token.children)

    def the_dead(subject: Token) -> bool:
        """'the dead', 'those killed', 'most of the dead', 'most of the 500 dead'; not 'two of the dead'."""
        if _numbered_dead(subject, lexicon.dead) or (
            subject.lower_ in lexicon.dead and (subject.lower_ != "those" or killed(subject))
        ):
            return True
        return subject.lower_ in lexicon.whole and any(
            o.dep_ == "pobj" and the_dead(o) for p in subject.children if p.lower_ == "of" for o in p.children
        )

    def class_of(noun: Token) -> set[str]:
        """The class a noun names, by itself, its modifiers or what it counts ("five of the rebels")."""
        negated = any((c.dep_ == "neg" and c.i < noun.i) or c.lower_ == "no" for c in noun.children)
        if negated or (noun.i > 0 and noun.doc[noun.i - 1].lower_ == "not"):
            return set()  # "farmers, not combatants"; "no fighters"
        words = [noun] + [c for c in noun.children if c.dep_ in {"amod", "compound"}]
        words += [o for p in noun.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        return {lexicon.classes[w.lemma_.lower()] for w in words if w.lemma_.lower() in lexicon.classes}

    def target_class(target: Token) -> set[str]:
        """'a rebel base', 'a Fano training camp', 'a wedding party': the places or people hit."""
        words = [target] + [c for c in target.children if c.dep_ in {"amod", "compound"}]
        return class_of(target) | {
            lexicon.targets[w.lemma_.lower()] for w in words if w.lemma_.lower() in lexicon.targets
        }

    named: set[str] = set()
    pronoun: set[str] = set()
    hit: set[str] = set()
    recast = False
    for token in tokens:
        lemma = token.lemma_.lower()
        if any(c.lemma_.lower() in lexicon.additive for c in token.children):
            continue  # "three civilians were also killed", "were among the dead": detail added
        if lemma in lexicon.target_verbs and token.pos_ == "VERB":  # "the drone struck a rebel base"
            for target in token.children:
                if target.dep_ in {"dobj", "nsubjpass"} and target.i in inside:
                    hit |= target_class(target)
        elif lemma in lexicon.means and token.pos_ == "NOUN":  # "a strike on a militant camp"
            for prep in (c for c in token.children if c.lower_ in {"on", "against"}):
                for target in (o for o in prep.children if o.dep_ == "pobj"):
                    hit |= target_class(target)
        if lemma in lexicon.kill and token.pos_ in {"VERB", "AUX"}:
            victims = {"dobj", "nsubjpass"} | ({"nsubj"} if lemma == "die" else set())
            for victim in (c for c in token.children if c.dep_ in victims and c.i in inside):
                named |= class_of(victim)
            # "17 civilians sheltering in a school were killed", parsed as two clauses: the participle's subject
            if any(c.dep_ == "auxpass" for c in token.children) and not any(
                c.dep_ in {"nsubj", "nsubjpass"} for c in token.children
            ):
                clauses = [*token.children, *token.head.children]
                for clause in (c for c in clauses if c.dep_ == "ccomp" and c.tag_ == "VBG" and c.i < token.i):
                    for subject in (c for c in clause.children if c.dep_ == "nsubj" and c.i in inside):
                        named |= class_of(subject)
        elif token.pos_ == "NOUN" and killed(token):
            named |= class_of(token)  # "17 civilians killed"
        elif lemma == "be":
            predicates = [c for c in token.children if c.dep_ in {"attr", "acomp", "oprd"}]
            predicates += [c for p in predicates for c in p.children if c.dep_ in {"conj", "appos"}]
            said = set().union(*(class_of(p) for p in predicates))
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
            # "the four men shot dead were armed robbers", parsed without a subject
            shot = not subjects and any(t.lemma_.lower() in lexicon.kill for t in tokens if t.i < token.i)
            # "the men were unarmed and had been shot": the subject is the dead
            shot = shot or any(c.dep_ == "conj" and c.lemma_.lower() in lexicon.kill for c in token.children)
            if said and (shot or any(the_dead(s) for s in subjects)):
                named |= said
                recast = True
            elif said and any(s.lower_ in {"they", "he", "she"} for s in subjects):
                pronoun |= said
    return _Victims(frozenset(named), frozenset(pronoun), recast, frozenset(hit))


def _perpetrators_of(attribution: Attribution) -> frozenset[str]:
    """The perpetrators a source names in the clause it governs: blamed ones, what attackers were."""
    nouns, blame = _perpetrator_lexicon()
    start, end = attribution.scope
    found: set[str] = set()
    for token in attribution.cue.doc[start:end]:
        lemma = token.lemma_.lower()
        if lemma in blame and token.pos_ == "VERB":
            found.update(c.lemma_.lower() for c in token.children if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"})
        elif lemma == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in nouns for c in token.children):
            found.update(c.lemma_.lower() for c in token.children if c.dep_ == "attr" and c.pos_ in {"NOUN", "PROPN"})
    return frozenset(found)


@cache
def _perpetrator_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """The attacker nouns and the blame verbs (`[perpetrators]`)."""
    lexicon = load_toml("cues")["perpetrators"]
    return frozenset(lexicon["nouns"]), frozenset(lexicon["blame_verbs"])


def _causes_of(attribution: Attribution) -> frozenset[str]:
    """The classes of cause or means named in the clause a source governs, without the source."""
    return _classes_of(attribution, _cause_lexicon())


def _classes_of(attribution: Attribution, lexicon: dict[str, str]) -> frozenset[str]:
    """The classes of ``lexicon`` (lemma -> class) named in the clause a source governs, without the source."""
    source = attribution.source
    assert source is not None
    doc = attribution.cue.doc
    start, end = attribution.scope
    return frozenset(
        lexicon[t.lemma_.lower()]
        for t in doc[start:end]
        if not (source.start <= t.i < source.end) and t.lemma_.lower() in lexicon
    )


@cache
def _cause_lexicon() -> dict[str, str]:
    return {word: cause for cause, words in load_toml("cues")["causes"].items() for word in words}


def _totals_differ(firsts: dict[str, set[str]], seconds: dict[str, set[str]]) -> bool:
    """Two single counts of the dead, one of them of anyone dead or both of civilians, that differ.

    "SNAI said 11 inmates died ... 19 bodies had been removed": "bodies", "people", "victims"
    count the dead whoever they were (`[denials] any_dead_nouns`), so they compare with the
    other source's one count of the dead, whatever its noun; so do two civilian nouns
    (`[victims] civilian_nouns`: "two workers" / "eight miners"). Sources giving several counts
    of the dead (soldiers and civilians) are compared noun by noun only.
    """
    first_dead = {c: v for c, v in firsts.items() if c.startswith("killed:")}
    second_dead = {c: v for c, v in seconds.items() if c.startswith("killed:")}
    if len(first_dead) != 1 or len(second_dead) != 1:
        return False
    [(first_count, first_values)] = first_dead.items()
    [(second_count, second_values)] = second_dead.items()
    nouns = {first_count.partition(":")[2], second_count.partition(":")[2]}
    # "two workers were killed" / "eight miners died": civilians named two ways are one count.
    civilians = nouns <= {w for w, kind in _victim_lexicon().classes.items() if kind == "civilian"}
    return (bool(nouns & _any_dead_nouns()) or civilians) and not first_values & second_values


@cache
def _any_dead_nouns() -> frozenset[str]:
    return frozenset(load_toml("cues")["denials"]["any_dead_nouns"])


def _tolls_differ(tolls: dict[str, set[str]], figures: dict[str, set[str]]) -> bool:
    """A toll ("a toll of 25") that matches none of the other source's figures of the dead."""
    toll = tolls.get(f"killed:{ANY_NOUN}", set())
    dead = {v for count, values in figures.items() if count.startswith("killed:") for v in values}
    return bool(toll and dead) and not toll & dead


def _by_count(numbers: tuple[str, ...]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for item in numbers:
        count, _, value = item.rpartition(":")
        grouped.setdefault(count, set()).add(value)
    return grouped


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    }
)  # fmt: skip
_CLOCK = frozenset({"a.m.", "am", "a.m", "p.m.", "pm", "p.m"})
_LATER_HOURS = frozenset({"afternoon", "evening", "night"})
_REFERRING = frozenset({"the", "this", "that", "these", "those", "their", "his", "her", "its"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "this", "that"})


@dataclass(frozen=True, slots=True)
class _Setting:
    """When and where a source sets the event: days, hours of the day, place names."""

    days: frozenset[str] = frozenset()
    hours: tuple[tuple[int, int], ...] = ()
    places: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _SettingLexicon:
    happen: frozenset[str]
    perception: frozenset[str]
    vanish: frozenset[str]
    events: frozenset[str]
    other: frozenset[str]
    regions: frozenset[str]
    prepositions: frozenset[str]
    hours: dict[str, tuple[int, int]]


@cache
def _setting_lexicon() -> _SettingLexicon:
    lexicon = load_toml("cues")["settings"]
    return _SettingLexicon(
        happen=frozenset(lexicon["happen_verbs"]),
        perception=frozenset(lexicon["perception_verbs"]),
        vanish=frozenset(lexicon["vanish_words"]),
        events=frozenset(lexicon["event_nouns"]),
        other=frozenset(lexicon["other_event_words"]),
        regions=frozenset(lexicon["region_nouns"]),
        prepositions=frozenset(lexicon["place_prepositions"]),
        hours={word: (int(span[0]), int(span[1])) for word, span in lexicon["hours"].items()},
    )


def _different_settings(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources, in one sentence or two adjacent ones, setting one event differently.

    "Police said the two men were abducted on Friday. Their families said they had been missing
    since Tuesday"; "the governor said the fire started at dawn" / "a guard said he saw the blaze
    in the evening"; "the convoy was ambushed near Kaya" / "the attack took place outside Dori":
    different days (weekdays, dates), times of day that cannot overlap, or places with no name in
    common, told in the event clauses of each statement, else []. The second source must speak
    of the same event (`[settings]`: the same verb with a participant referred back to, "the
    attack took place", "heard the blast", "they had been missing"); a source that only adds a
    detail (a time of day to a day, a village to a region) or tells another event ("gunmen
    attacked Dori on Tuesday", "the men were later freed") is not compared.
    """
    told = [(a, _event_verbs(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    told = [(a, verbs) for a, verbs in told if verbs]
    for (first, first_verbs), (second, second_verbs) in _later_independent(told, told):
        if not (first.cue.sent == second.cue.sent or _adjacent(first, second)):
            continue
        one = _setting_of(first_verbs)
        for verb in second_verbs:
            if not any(_refers_back(verb, earlier) for earlier in first_verbs):
                continue
            if _settings_differ(one, _setting_of([verb])):
                return [first, second]
    return []


def _event_verbs(attribution: Attribution) -> list[Token]:
    """The verbs of the clauses a source's statement is made of ("said X happened ... and killed ...")."""
    tokens = _statement(attribution)
    inside = {t.i for t in tokens}
    root = attribution.cue.root
    verbs = [c for c in root.children if c.dep_ in {"ccomp", "xcomp"} and c.i in inside]
    if root.dep_ in {"parataxis", "ccomp"} and root.head.i in inside:
        verbs.append(root.head)  # "..., police said"
    for verb in list(verbs):
        verbs += [c for c in verb.conjuncts if c.i in inside and c.pos_ in {"VERB", "AUX", "ADJ"} and c not in verbs]
    return [v for v in verbs if v.pos_ in {"VERB", "AUX", "ADJ"}]


def _setting_of(verbs: list[Token]) -> _Setting:
    """The days, hours and place names set on these verbs by their own phrases."""
    lexicon = _setting_lexicon()
    days: set[str] = set()
    hours: list[tuple[int, int]] = []
    places: set[str] = set()
    for verb in verbs:
        for child in verb.children:
            if child.dep_ not in {"prep", "npadvmod", "advmod", "pobj"}:
                continue
            phrase = [t for t in child.subtree if not any(a.dep_ in {"relcl", "acl"} for a in _path(t, child))]
            days |= _days_in(phrase)
            hours += _hours_in(phrase, lexicon)
            if child.dep_ == "prep" and child.lower_ in lexicon.prepositions:
                places |= _places_in(phrase, lexicon)
    return _Setting(frozenset(days), tuple(hours), frozenset(places))


def _path(token: Token, top: Token) -> list[Token]:
    """The tokens from ``token`` up to (not including) ``top``."""
    path = []
    while token.i not in (top.i, token.head.i):
        path.append(token)
        token = token.head
    return path


def _days_in(phrase: list[Token]) -> set[str]:
    """Weekdays and dates ("on Thursday evening", "on March 3", "since 3 March")."""
    days = {t.lower_ for t in phrase if t.lower_ in _WEEKDAYS}
    for token in phrase:
        if token.lower_ in _MONTHS:
            numbers = [number_value(c) for c in token.children if c.dep_ == "nummod"]
            day = next((n for n in numbers if n is not None and 1 <= n <= 31), None)
            if day is not None:
                days.add(f"{token.lower_} {int(day)}")
    return days


def _hours_in(phrase: list[Token], lexicon: _SettingLexicon) -> list[tuple[int, int]]:
    """Times of day as hours: "at dawn", "shortly after midnight", "at about five in the morning", "at 5 a.m."."""
    hours: list[tuple[int, int]] = []
    clocked: set[int] = set()
    for token in phrase:
        value = number_value(token) if token.like_num else None
        if value is None or not 1 <= value <= 12 or value != int(value):
            continue
        parts = [o for p in token.children if p.lower_ == "in" for o in p.children if o.lower_ in lexicon.hours]
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        clock = after is not None and after.lower_ in _CLOCK
        if parts or clock:
            hour = int(value) % 12
            evening = clock and after is not None and after.lower_[0] == "p"
            later = (parts and parts[0].lower_ in _LATER_HOURS) or evening
            hour += 12 if later else 0
            hours.append((hour - 1, hour + 1))
            clocked.update(p.i for p in parts)
    for token in phrase:
        word = token.lower_
        if word not in lexicon.hours or token.i in clocked:
            continue
        start, end = lexicon.hours[word]
        before = {c.lower_ for c in token.children} | {token.head.lower_}
        if word == "midnight" and "after" in before:
            start, end = 24, 27
        elif word == "midnight" and "before" in before:
            start, end = 21, 24
        elif "early" in before:
            end = start + (end - start + 1) // 2
        elif "late" in before:
            start = end - (end - start + 1) // 2
        hours.append((start, end))
    return hours


def _places_in(phrase: list[Token], lexicon: _SettingLexicon) -> set[str]:
    """The names of towns and villages in a place phrase, not of countries or regions."""
    places = set()
    for token in phrase:
        if token.pos_ != "PROPN" or token.lower_ in _WEEKDAYS or token.lower_ in _MONTHS:
            continue
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            continue  # part of a longer name: counted at its head
        if token.head.lemma_.lower() in lexicon.regions or any(
            c.lemma_.lower() in lexicon.regions for c in token.children
        ):
            continue  # "the Centre-Nord region", "Borno state"
        name = " ".join(t.text for t in token.subtree if t.dep_ == "compound" or t.i == token.i)
        place = default_gazetteer().place(name)
        if place is not None and place.precision in {"country", "admin1"}:
            continue
        places.add(name.lower())
    return places


def _refers_back(verb: Token, earlier: Token) -> bool:
    """Whether a later source's clause speaks of the event an earlier source's clause told."""
    lexicon = _setting_lexicon()
    arguments = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    words = [verb, *(c for c in verb.children if c.dep_ in {"advmod", "npadvmod", "amod"})]
    words += [t for a in arguments for t in a.subtree]
    if any(t.lemma_.lower() in lexicon.other or t.lower_ in lexicon.other for t in words):
        return False  # "the gunmen struck again", "a second attack", "they were later freed"

    def referred(noun: Token) -> bool:
        determiners = (c for c in noun.children if c.dep_ in {"det", "poss"})
        return noun.lower_ in _PRONOUNS or any(c.lower_ in _REFERRING for c in determiners)

    def the_event(noun: Token) -> bool:
        return noun.lower_ == "it" or (noun.lemma_.lower() in lexicon.events and referred(noun))

    lemma = verb.lemma_.lower()
    if lemma == earlier.lemma_.lower() and verb.i != earlier.i:
        # "they were abducted on Monday": the same deed done to the same people
        return any(a.dep_ in {"nsubjpass", "dobj"} and referred(a) for a in arguments)
    if lemma in lexicon.happen:
        if lemma == "take" and not any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children):
            return False
        return any(a.dep_ == "nsubj" and the_event(a) for a in arguments)
    if lemma in lexicon.perception:
        return any(a.dep_ == "dobj" and the_event(a) and a.lower_ != "it" for a in arguments)
    vanish = [verb, *(c for c in verb.children if c.dep_ == "acomp")]
    vanished = any(t.lemma_.lower() in lexicon.vanish or t.lower_ in lexicon.vanish for t in vanish)
    if vanished:
        victims = {c.lemma_.lower() for c in earlier.children if c.dep_ in {"nsubjpass", "dobj"}}
        subjects = [a for a in arguments if a.dep_ in {"nsubj", "nsubjpass"}]
        return any(a.lower_ in {"they", "he", "she"} or (referred(a) and a.lemma_.lower() in victims) for a in subjects)
    return False


def _settings_differ(one: _Setting, other: _Setting) -> bool:
    """Different days, times of day that cannot overlap, or places with no name in common."""
    if one.days and other.days and not one.days & other.days:
        return True
    if one.places and other.places and not one.places & other.places:
        return True
    if one.hours and other.hours:
        return not any(_overlap(a, b) for a in one.hours for b in other.hours)
    return False


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans of hours overlap, around the clock."""
    return any(one[0] <= other[1] + shift and other[0] + shift <= one[1] for shift in (-24, 0, 24))
