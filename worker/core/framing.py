"""Trigger words that name a frame, a setting or a standing state, not news.

Checked by :func:`worker.core.nonevents.nonevent_reason`, in its order, with their words in
``lexicons/nonevents.toml``: an agreement named as the frame of something else ("despite a
truce brokered in May"), the backing or aid an accusation alleges ("accused Kigali of backing
the rebels"), an actor halting its own work ("suspended operations"), a gathering an attack
targeted or a place visited ("bombed a meeting of elders", "visited the town"), a standing
position or situation ("have accused the police of ...", "troops are deployed in the north"),
a protest verb with a person as object ("marched their hostages"), the event a report "came
after" ("came two days after rebels stormed the airport"), a danger named as what something
is ("posed an imminent threat") and the reporter's own request ("did not respond to a request
for comment").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.definitions import TriggerDef
from worker.core.lexicons import load_toml
from worker.core.nlp.triggers import SPANS_KEY as TRIGGERS_KEY
from worker.core.sentences import ents_in, sent_of


@dataclass(frozen=True, slots=True)
class _Cues:
    boilerplate: frozenset[str]
    descriptive_verbs: frozenset[str]
    descriptive_types: frozenset[str]
    frame_prepositions: frozenset[str]
    frame_types: frozenset[str]
    frame_preposition_types: frozenset[str]
    alleged_types: frozenset[str]
    accusation_verbs: frozenset[str]
    own_work_types: frozenset[str]
    own_work_objects: frozenset[str]
    ongoing: frozenset[str]
    count_dispute_types: frozenset[str]
    count_dispute_objects: frozenset[str]
    frame_verbs: frozenset[str]
    setting_types: frozenset[str]
    setting_attacks: frozenset[str]
    setting_places: frozenset[str]
    standing_types: frozenset[str]
    passive_state_types: frozenset[str]
    progressive_state_types: frozenset[str]
    continuing: frozenset[str]
    causative_types: frozenset[str]
    aside_verbs: frozenset[str]
    aside_links: frozenset[str]


@cache
def _cues() -> _Cues:
    data = load_toml("nonevents")

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data[section][key])

    return _Cues(
        boilerplate=words("boilerplate", "objects"),
        descriptive_verbs=words("descriptive", "verbs"),
        descriptive_types=frozenset(data["descriptive"]["types"]),
        frame_prepositions=words("background", "frame_prepositions"),
        frame_types=frozenset(data["background"]["frame_types"]),
        frame_preposition_types=frozenset(data["background"]["frame_preposition_types"]),
        alleged_types=frozenset(data["background"]["alleged_types"]),
        accusation_verbs=words("background", "accusation_verbs"),
        own_work_types=frozenset(data["own_work"]["types"]),
        own_work_objects=words("own_work", "objects"),
        ongoing=words("state", "ongoing"),
        count_dispute_types=frozenset(data["count_dispute"]["types"]),
        count_dispute_objects=words("count_dispute", "objects"),
        frame_verbs=words("background", "frame_verbs"),
        setting_types=frozenset(data["setting"]["types"]),
        setting_attacks=words("setting", "attack_verbs"),
        setting_places=words("setting", "places"),
        standing_types=frozenset(data["background"]["standing_types"]),
        passive_state_types=frozenset(data["state"]["passive_types"]),
        progressive_state_types=frozenset(data["state"]["progressive_types"]),
        continuing=words("state", "continuing"),
        causative_types=frozenset(data["causative"]["types"]),
        aside_verbs=words("aside", "verbs"),
        aside_links=words("aside", "links"),
    )


def frames(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a standing agreement named as a frame or as what a verb ends or keeps.

    "despite a truce brokered in May", "freed after talks with the group", "ended a security
    agreement with Washington" (talks a verb suspends are news: "suspended talks").
    """
    c = _cues()
    if token.pos_ != "NOUN":
        return False
    if token.dep_ == "pobj":
        return trigger.plover in c.frame_preposition_types and token.head.lower_ in c.frame_prepositions
    return trigger.plover in c.frame_types and token.dep_ == "dobj" and token.head.lemma_.lower() in c.frame_verbs


def is_alleged(token: Token, trigger: TriggerDef) -> bool:
    """Return True for the deed an accusation alleges: "accused Kigali of backing the rebels".

    The gerund hangs on "of" ("with", "for") under the verb of accusing, in the active or the
    passive ("was charged with aiding the rebels").
    """
    c = _cues()
    if trigger.plover not in c.alleged_types or token.dep_ != "pcomp":
        return False
    prep = token.head
    return prep.lower_ in {"of", "with", "for"} and prep.head.lemma_.lower() in c.accusation_verbs


def halts_own_work(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a measure whose object is the actor's own work: "suspended operations".

    Nothing in the clause says whom it targets: no "to", "on", "against" or "with" phrase.
    """
    c = _cues()
    if trigger.plover not in c.own_work_types or token.pos_ != "VERB":
        return False
    objects = [ch for ch in token.children if ch.dep_ == "dobj"]
    if not objects or any(o.lemma_.lower() not in c.own_work_objects for o in objects):
        return False
    return not any(
        p.dep_ == "prep"
        and p.lower_ in {"to", "on", "against", "with", "for"}
        and any(g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"} for g in p.children)
        for w in (token, *objects)
        for p in w.children
    )


def disputes_count(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a rejection whose object is a figure: "Police rejected that figure"."""
    c = _cues()
    if trigger.plover not in c.count_dispute_types or token.pos_ != "VERB":
        return False
    objects = [ch for ch in token.children if ch.dep_ == "dobj"]
    return bool(objects) and all(o.lemma_.lower() in c.count_dispute_objects for o in objects)


def is_setting(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a gathering an attack targeted, or a visit to a place (CONSULT words).

    "said it had targeted a meeting of officials"; "the governor visited the town" (a place
    or the wounded, not a party to consult). "visited Kyiv" or "met the president" still count.
    """
    c = _cues()
    if trigger.plover not in c.setting_types:
        return False
    if token.pos_ == "NOUN" and token.dep_ == "dobj":
        return token.head.lemma_.lower() in c.setting_attacks
    return token.pos_ == "VERB" and any(
        ch.dep_ == "dobj" and ch.pos_ == "NOUN" and ch.lemma_.lower() in c.setting_places for ch in token.children
    )


def standing(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a statement in the present perfect or simple present with no day: a standing position.

    "Opposition leaders have accused the government of failing to stop the violence", "Moscow
    has warned that ...", "The government accuses the vice president of backing the militia";
    not "has condemned the attack" (its object is a definite event noun) nor "said on Monday it
    has rejected the offer" (a day in the sentence dates the statement).
    """
    c = _cues()
    if trigger.plover not in c.standing_types or token.pos_ != "VERB":
        return False
    perfect = token.tag_ == "VBN" and any(
        ch.dep_ == "aux" and ch.lemma_ == "have" and ch.tag_ in {"VBZ", "VBP"} for ch in token.children
    )
    if not perfect and token.tag_ not in {"VBZ", "VBP"}:
        return False
    if any(ch.dep_ in {"dobj", "prep"} and _names_definite_event(ch) for ch in token.children):
        return False
    return not _dated(token)


def _names_definite_event(word: Token) -> bool:
    """Return True for "the attack", "Sunday's bombing": a definite event word of the story."""
    noun = next((g for g in word.children if g.dep_ == "pobj"), None) if word.dep_ == "prep" else word
    if noun is None or noun.pos_ != "NOUN":
        return False
    if not any(s.start <= noun.i < s.end for s in noun.doc.spans.get(TRIGGERS_KEY, ())):
        return False  # "have accused the government": a party, not an event
    return any(d.dep_ == "det" and d.lower_ in {"the", "this", "that", "these", "those"} for d in noun.children) or any(
        d.dep_ == "poss" for d in noun.children
    )


def _dated(token: Token) -> bool:
    """Return True when a date phrase sits in the word's own clause, not in a clause below it.

    "are fighting rebels in the town on Monday": dated; "is fighting insurgencies there, where
    an attack killed 23 soldiers last month": the date is the relative clause's.
    """
    for ent in ents_in(sent_of(token)):
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        current = ent.root
        while current.i not in (token.i, current.head.i):
            if current.dep_ in {"relcl", "advcl", "ccomp", "acl", "parataxis", "conj"}:
                break
            current = current.head
        if current.i == token.i:
            return True
    return False


def states(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a present tense that states a standing situation.

    "1,000 troops are deployed in the country" (a present passive: not "are being deployed",
    "were deployed"); "the army is fighting insurgencies in the north" (a present progressive
    with no day in its sentence: "are fighting rebels in the town on Monday" still counts);
    a progressive of any tense that goes on ("houses were still burning on Tuesday") is what
    an event told before left behind.
    """
    c = _cues()
    if token.pos_ == "NOUN" and _is_ongoing(token, c):
        return True
    if token.pos_ != "VERB":
        return False
    if token.tag_ == "VBG" and _goes_on(token, c):
        return True
    auxes = [ch for ch in token.children if ch.dep_ in {"aux", "auxpass"}]
    present_be = [a for a in auxes if a.lemma_ == "be" and a.tag_ in {"VBZ", "VBP"}]
    if not present_be or len(auxes) != 1:
        return False
    if token.tag_ == "VBN" and present_be[0].dep_ == "auxpass":
        return trigger.plover in c.passive_state_types
    if token.tag_ == "VBG" and present_be[0].dep_ == "aux" and trigger.plover in c.progressive_state_types:
        return not _dated(token)
    return False


def _is_ongoing(noun: Token, c: _Cues) -> bool:
    """Return True for "Negotiations were under way", "talks are ongoing": a process said to go on."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_ != "be":
        return False
    said = {ch.lower_ for ch in verb.children if ch.dep_ in {"acomp", "advmod"}}
    said |= {f"{ch.lower_} {o.lower_}" for ch in verb.children if ch.dep_ == "prep" for o in ch.children}
    return bool(said & c.ongoing)


def _goes_on(token: Token, c: _Cues) -> bool:
    return any(ch.dep_ == "aux" and ch.lemma_ == "be" for ch in token.children) and any(
        ch.dep_ == "advmod" and ch.lower_ in c.continuing for ch in token.children
    )


def moves_someone(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a protest verb with a person as object: "marched their captives away"."""
    return (
        trigger.plover in _cues().causative_types
        and token.pos_ == "VERB"
        and any(
            ch.dep_ == "dobj"
            and (
                (ch.pos_ == "PRON" and ch.lower_ != "it")
                or any(d.dep_ == "poss" and d.pos_ == "PRON" for d in ch.children)
            )
            for ch in token.children
        )
    )


def is_aside(token: Token) -> bool:
    """Return True inside the clause or phrase by which an event "came after" another.

    "The attacks came a day after Russia launched ... air assaults, killing seven": the
    launch and the killing are recalled as the setting, not reported.
    """
    c = _cues()
    for word in (token, *token.ancestors):
        head = word.head
        if head.i == word.i:
            return False
        if head.lemma_.lower() in c.aside_verbs and (
            (word.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in c.aside_links for m in word.children))
            or (word.dep_ == "prep" and word.lower_ in c.aside_links)
        ):
            return True
    return False


def names_danger(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a noun naming a danger as what something is or poses, not an act.

    "drones that posed an imminent threat to shipping", "the group remains a threat": no one
    threatened anyone. "issued a threat", "carried out its threat" still count.
    """
    c = _cues()
    return (
        trigger.plover in c.descriptive_types
        and token.pos_ == "NOUN"
        and token.dep_ in {"dobj", "attr"}
        and token.head.lemma_.lower() in c.descriptive_verbs
    )


def asks_comment(token: Token) -> bool:
    """Return True for the reporter's own request: "did not respond to a request for comment"."""
    c = _cues()
    return token.pos_ == "NOUN" and any(
        prep.dep_ == "prep"
        and prep.lower_ == "for"
        and any(g.dep_ == "pobj" and g.lower_ in c.boilerplate for g in prep.children)
        for prep in token.children
    )
