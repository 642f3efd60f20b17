"""Recalled events and follow-ups: trigger words that look back on an event, not report one.

Two families, both linguistic, with their words in ``lexicons/nonevents.toml``:

- recalled: a clause fronted by a month without a day ("In May, a motorcycle bomb exploded in
  the town, killing two police officers") is background about an earlier event; a new event
  carries its day ("On Sunday, ...").
- follow-ups, once an attack has been told in an earlier sentence: damage with no doer or a
  pronoun doer ("The palace was set ablaze", "They then set fire to 10 vehicles"), troops
  arriving as reinforcements or at the scene named only by a definite noun ("Reinforcements were
  sent to the area"), and a withdrawal after the fight with the fight recapped in it ("The
  rebels withdrew after a 20-minute firefight").
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.definitions import TriggerDef, trigger_defs
from worker.core.lexicons import load_toml
from worker.core.nlp.triggers import SPANS_KEY as TRIGGERS_KEY
from worker.core.sentences import doc_text, sent_of
from worker.core.toponyms import bare_definite

_MONTHS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:]) if m)
_SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True, slots=True)
class _Cues:
    openers: frozenset[str]
    modifiers: frozenset[str]
    relative_words: frozenset[str]
    relative_units: frozenset[str]
    damage_groups: frozenset[str]
    damage_lemmas: frozenset[str]
    pronouns: frozenset[str]
    movement_types: frozenset[str]
    reinforcements: frozenset[str]
    scene_nouns: frozenset[str]
    scene_prepositions: frozenset[str]
    retreat_verbs: frozenset[str]
    retreat_links: frozenset[str]
    participle_types: frozenset[str]
    participle_hosts: frozenset[str]
    coordinated_modes: frozenset[str]
    quote_marks: frozenset[str]
    quote_subjects: frozenset[str]
    quote_possessives: frozenset[str]
    told_types: frozenset[str]


@cache
def _cues() -> _Cues:
    data = load_toml("nonevents")
    recalled, follow = data["recalled"], data["follow_up"]

    def words(section: dict[str, list[str]], key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in section[key])

    return _Cues(
        openers=words(recalled, "openers"),
        modifiers=words(recalled, "modifiers"),
        relative_words=words(recalled, "relative_words"),
        relative_units=words(recalled, "relative_units"),
        damage_groups=frozenset(follow["damage_groups"]),
        damage_lemmas=words(follow, "damage_lemmas"),
        pronouns=words(follow, "pronouns"),
        movement_types=frozenset(follow["movement_types"]),
        reinforcements=words(follow, "reinforcements"),
        scene_nouns=words(follow, "scene_nouns"),
        scene_prepositions=words(follow, "scene_prepositions"),
        retreat_verbs=words(follow, "retreat_verbs"),
        retreat_links=words(follow, "retreat_links"),
        participle_types=frozenset(data["participle"]["types"]),
        participle_hosts=frozenset(data["participle"]["hosts"]),
        coordinated_modes=frozenset(data["participle"]["coordinated_modes"]),
        quote_marks=frozenset(data["quoted"]["marks"]),
        quote_subjects=words(data["quoted"], "subjects"),
        quote_possessives=words(data["quoted"], "possessives"),
        told_types=frozenset(follow["told_types"]),
    )


def background_reason(token: Token, trigger: TriggerDef) -> str | None:
    """Return "recalled", "participle" or "follow-up" when the trigger ``token`` looks back, else None."""
    c = _cues()
    if _recalls_month(token, c) or _recalls_relative(token, c) or _named_by_month(token) or _since_then(token):
        return "recalled"
    if trigger.plover in c.participle_types and _aim_or_effect(token, c):
        return "participle"
    if _witness_recalls(token, c):
        return "recalled"
    if trigger.group in c.damage_groups and _told_before(token, c.told_types) and _damage_without_doer(token, c):
        return "follow-up"
    if not _told_before(token, frozenset({"ASSAULT"})):
        return None
    if trigger.plover in c.movement_types and _moves_in_response(token, c):
        return "follow-up"
    if _leaves_after_fight(token, c):
        return "follow-up"
    return None


def _since_then(token: Token) -> bool:
    """'It has since turned to Russia', 'the group has since carried out dozens of attacks'.

    A perfect with "since" tells what has happened since an earlier event: a summary of the
    time between, not an event reported now.
    """
    verb = token
    for _ in range(4):
        if verb.pos_ == "VERB" or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ != "VERB":
        return False
    children = list(verb.children)
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children) and any(
        c.dep_ == "advmod" and c.lower_ == "since" for c in children
    )


def _recalls_month(token: Token, c: _Cues) -> bool:
    """'In May, a bomb exploded ...': the sentence opens with in + month (+ year), no day."""
    sent = sent_of(token)
    first = sent[0]
    if first.lower_ not in c.openers or first.dep_ != "prep":
        return False
    month = next((ch for ch in first.children if ch.dep_ == "pobj"), None)
    if month is None or month.lower_ not in _MONTHS:
        return False
    for ch in month.children:
        if ch.like_num and ch.text.isdigit() and int(ch.text) <= 31:
            return False  # "In May 3" / a day: a dated event, not a recollection
        if ch.dep_ in {"amod", "advmod"} and ch.lower_.strip("-") not in {m.strip("-") for m in c.modifiers}:
            return False
    verb = first.head
    return token == verb or verb in token.ancestors


def _recalls_relative(token: Token, c: _Cues) -> bool:
    """'Earlier this month, settlers rampaged ...': a fronted month or year before a comma.

    Without the comma when the phrase modifies the verb ("Earlier this month the militia
    overran a garrison"), not a noun ("Earlier this month's talks").
    """
    sent = sent_of(token)
    for unit in sent[:5]:
        if unit.lower_ not in c.relative_units:
            continue
        lead = sent[: unit.i - sent.start]
        after = unit.nbor(1) if unit.i + 1 < sent.end else None
        if not lead or any(t.lower_ not in c.relative_words for t in lead) or after is None:
            return False
        if after.text != "," and not (unit.dep_ == "npadvmod" and unit.head.pos_ in {"VERB", "AUX"}):
            return False
        verb = unit.head.head if unit.dep_ == "pobj" else unit.head
        return token == verb or verb in token.ancestors
    return False


def _named_by_month(token: Token) -> bool:
    """'the December bombing at the university that killed four': an event noun dated by a month.

    The trigger or a noun above it carries a month name with no day as a modifier.
    """
    for word in (token, *token.ancestors):
        if word.pos_ != "NOUN":
            continue
        months = [ch for ch in word.children if ch.dep_ in {"compound", "nmod", "npadvmod"} and ch.lower_ in _MONTHS]
        days = [k for m in months for k in m.children if k.like_num and k.text.isdigit() and int(k.text) <= 31]
        if months and not days:
            return True
    return False


def _aim_or_effect(token: Token, c: _Cues) -> bool:
    """'marched on Saturday, demanding ...': a participle clause on another event's verb.

    Participles coordinated with one ("killing two guards and freeing 100 inmates") hang
    where it hangs. Or a verb coordinated with an abduction ("kidnapped two engineers and demanded a ransom").
    Or on the event's doers: "a march by 300 students demanding the withdrawal of troops",
    "protesters demanding jobs blocked the road" (the participle hangs on the crowd's noun, which
    hangs on the event's word within a preposition).
    """
    defs = trigger_defs()
    while token.tag_ == "VBG" and token.dep_ == "conj" and token.head.tag_ == "VBG":
        token = token.head
    if token.dep_ == "conj" and not any(ch.dep_ in _SUBJECTS for ch in token.children):
        return any(
            span.root.i == token.head.i and defs[span.label_].mode in c.coordinated_modes
            for span in token.doc.spans.get(TRIGGERS_KEY, ())
        )
    if token.tag_ != "VBG" or token.dep_ not in {"advcl", "acl"}:
        return False
    hosts = {
        span.root.i for span in token.doc.spans.get(TRIGGERS_KEY, ()) if defs[span.label_].plover in c.participle_hosts
    }
    if token.dep_ == "advcl":
        return token.head.i in hosts
    noun = token.head
    if noun.dep_ in _SUBJECTS:
        return noun.head.i in hosts
    return noun.dep_ == "pobj" and noun.head.dep_ in {"prep", "agent"} and noun.head.head.i in hosts


def _witness_recalls(token: Token, c: _Cues) -> bool:
    """'"Our men fought until the end," said an officer': a quote told by pronouns, after the news.

    A definite plural ("the soldiers started shooting") names doers told before, as a pronoun does.
    """
    doc = token.doc
    text = doc_text(doc)
    line_end = text.find("\n", token.idx)
    # Counted up to the end of the line: the quote's opening may sit in a sentence not parsed.
    closing = sum(text.count(mark, token.idx, len(text) if line_end < 0 else line_end) for mark in c.quote_marks)
    start = sent_of(token).start
    if closing % 2 == 0 or not any(span.end <= start for span in doc.spans.get(TRIGGERS_KEY, ())):
        return False
    verb = _verb_of(token)
    while verb.dep_ in {"conj", "xcomp"} and not any(ch.dep_ in _SUBJECTS for ch in verb.children):
        verb = verb.head  # "They marched on the station ... and freed him", "they started shooting"
    subjects = [ch for ch in verb.children if ch.dep_ in _SUBJECTS]
    return bool(subjects) and all(
        s.lower_ in c.quote_subjects
        or any(p.dep_ == "poss" and p.lower_ in c.quote_possessives for p in s.children)
        or _points_back(s)
        for s in subjects
    )


def _points_back(subject: Token) -> bool:
    """Return True for "the soldiers", "the gunmen": a definite plural names the doers told before."""
    return subject.tag_ == "NNS" and any(d.dep_ == "det" and d.lower_ == "the" for d in subject.children)


def _told_before(token: Token, types: frozenset[str]) -> bool:
    """A trigger of one of ``types`` in an earlier sentence of the article."""
    defs = trigger_defs()
    start = sent_of(token).start
    return any(
        span.end <= start and defs[span.label_].plover in types for span in token.doc.spans.get(TRIGGERS_KEY, ())
    )


def _verb_of(token: Token) -> Token:
    return token.head if token.pos_ != "VERB" and token.dep_ in _SUBJECTS | {"dobj"} else token


def _damage_without_doer(token: Token, c: _Cues) -> bool:
    """'was set ablaze', 'found abandoned and burned' (passive, no by-agent), 'They set fire'."""
    verb = _verb_of(token)
    if verb.lemma_.lower() not in c.damage_lemmas:
        return False
    chain = [verb]
    while chain[-1].dep_ in {"conj", "xcomp", "oprd"} and len(chain) < 4:
        chain.append(chain[-1].head)
    if any(ch.dep_ == "agent" for w in chain for ch in w.children):
        return False
    if any(ch.dep_ in {"auxpass", "nsubjpass"} for w in chain for ch in w.children):
        return True
    subjects = [ch for w in chain for ch in w.children if ch.dep_ == "nsubj"]
    return bool(subjects) and all(s.lower_ in c.pronouns for s in subjects)


def _moves_in_response(token: Token, c: _Cues) -> bool:
    """'Reinforcements were sent ...', 'soldiers had been deployed to the area', 'arrived in the town'."""
    verb = _verb_of(token)
    if token.lemma_.lower() in c.reinforcements and token.dep_ in _SUBJECTS:
        return True
    if any(ch.dep_ in _SUBJECTS and ch.lemma_.lower() in c.reinforcements for ch in verb.children):
        return True
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in c.scene_prepositions:
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in c.scene_nouns and bare_definite(noun):
                return True
    return False


def _leaves_after_fight(token: Token, c: _Cues) -> bool:
    """'The rebels withdrew after a firefight': the withdrawal and the fight it follows."""
    node = token
    for _ in range(6):
        head = node.head
        if head is node:
            return False
        if node.dep_ == "prep" and node.lower_ in c.retreat_links and head.lemma_.lower() in c.retreat_verbs:
            return True
        node = head
    if token.lemma_.lower() in c.retreat_verbs:
        return any(ch.dep_ == "prep" and ch.lower_ in c.retreat_links and _holds_attack(ch) for ch in token.children)
    return False


def _holds_attack(prep: Token) -> bool:
    defs = trigger_defs()
    return any(
        prep.left_edge.i <= span.start and span.end <= prep.right_edge.i + 1 and defs[span.label_].plover == "ASSAULT"
        for span in prep.doc.spans.get(TRIGGERS_KEY, ())
    )
