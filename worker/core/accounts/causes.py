"""Different causes, circumstances, perpetrators and doers of one event, and who fired first."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from worker.core.accounts.sources import adjacent, later_independent, same_source, statement
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import Attribution


def different_causes(
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
    for (first, first_causes), (second, second_causes) in later_independent(caused, later):
        near = first.cue.sent == second.cue.sent or adjacent(first, second)
        if near and not first_causes & second_causes:
            return [first, second]
    return []


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


def different_circumstances(
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
    for (first, one), (second, other) in later_independent(before + told, later):
        near = first.cue.sent == second.cue.sent or adjacent(first, second)
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


def different_perpetrators(reports: list[Attribution]) -> list[Attribution]:
    """Two independent sources naming different perpetrators, else [].

    "Police blamed kidnappers. A youth leader said the attackers were herders": a source names
    the perpetrators by blaming them (`[perpetrators] blame_verbs`) or as what the attackers
    were (a subject in `[perpetrators] nouns`); two sources naming none in common disagree.
    """
    named = [(a, _perpetrators_of(a)) for a in reports if a.kind in {"report", "confirm"} and a.source is not None]
    named = [(a, p) for a, p in named if p]
    for i, (first, first_names) in enumerate(named):
        for second, second_names in named[i + 1 :]:
            if same_source(first, second):
                continue
            if not first_names & second_names:
                return [first, second]
    return []


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


def who_fired_first(reports: list[Attribution]) -> list[Attribution]:
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
    for (first, _), (second, _) in later_independent(told, told):
        near = first.cue.sent == second.cue.sent or adjacent(first, second)
        if near and not says_first(first) and says_first(second) and first.cue.root.i != second.cue.root.head.i:
            return [first, second]
    return []


@cache
def _first_acts() -> frozenset[str]:
    return frozenset(load_toml("cues")["perpetrators"]["first_acts"])


@cache
def _first_words() -> frozenset[str]:
    return frozenset(load_toml("cues")["perpetrators"]["first_words"])


def different_doers(reports: list[Attribution]) -> list[Attribution]:
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
    for (first, (one, one_victims)), (second, (other, other_victims)) in later_independent(sided, sided):
        near = first.cue.sent == second.cue.sent or adjacent(first, second)
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
    for token in statement(attribution):
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
