"""Who did it and to whom: actors and targets of a trigger, from the dependency parse.

Candidates are the spans of ``eventwire_actors`` (named actors, common nouns by kind, "the
group"); roles come from the trigger's dependents (subject, agent, object, "attack on X").
Generic armed-group nouns ("the jihadists", "militants") and "the group" resolve to the
article's named actor, and a nationality ("Iraqi soldiers", "Sudan's army") gives a country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from worker.core.definitions import KindDef, actors_by_name, cues, facility_kinds, kind_defs, light_verbs
from worker.core.geo import Gazetteer
from worker.core.nlp.actors import ANAPHOR
from worker.core.nlp.actors import SPANS_KEY as ACTORS_KEY
from worker.core.records import Party
from worker.core.sentences import doc_ents, sent_of

_NOT_PARTIES = {"monitor"}
_AGENT_DEPS = {"nsubj", "agent"}
_PATIENT_DEPS = {"dobj", "nsubjpass"}
_TARGET_PREPS = {"on", "against", "at", "into", "targeting", "upon"}
_ACTOR_PREPS = {"by"}
# Verbs whose subject is the source of a report, not a party to the event it reports ("claim"
# is left out: who claims an attack is its doer).
_SPEAKING = {"say", "tell", "report", "accord", "announce"}
# Participles that make their noun a weapon and its agent the doer: "a missile fired by ...".
_FIRING = {"fire", "launch", "drop", "plant", "detonate", "lob", "shoot", "throw", "hurl"}
# Relations inside one noun phrase: "People" in "the People's Defence Force".
_IN_PHRASE = {"compound", "poss", "appos", "amod", "flat", "nmod", "case"}
_DROP_WORDS = {"det", "poss", "nummod", "quantmod", "case", "punct", "predet"}
_PERSON_TITLES = {
    "president",
    "minister",
    "premier",
    "governor",
    "king",
    "emir",
    "chancellor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "general",
    "commander",
    "secretary",
}


@dataclass(frozen=True, slots=True)
class Role:
    """A party found for a trigger, with the token that stands for it."""

    token: Token
    party: Party


@lru_cache(maxsize=1)
def _lemma_kinds() -> dict[str, KindDef]:
    kinds: dict[str, KindDef] = {}
    for kind in kind_defs():
        for lemma in kind.lemmas:
            kinds.setdefault(lemma, kind)
        for phrase in kind.phrases:
            kinds.setdefault(phrase.split()[-1], kind)
    return kinds


class Parties:
    """Party lookups over one parsed article."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.spans: list[Span] = [s for s in doc.spans.get(ACTORS_KEY, ()) if s.label_ not in _NOT_PARTIES]
        self._by_token: dict[int, Span] = {}
        for span in self.spans:
            for i in range(span.start, span.end):
                self._by_token[i] = span
        self._named = [s for s in self.spans if s.kb_id_]

    # ------------------------------------------------------------------ party of a token
    def party(self, token: Token, *, places: bool = False) -> Party | None:
        """Return the party ``token`` names (the head of a noun phrase), or None.

        Args:
            token: the head of the noun phrase.
            places: a country name stands for its government (verbal events).

        """
        token = _through_quantity(token)
        span = self._by_token.get(token.i)
        if span is None:
            for child in token.children:
                if child.dep_ in {"compound", "amod"} and child.i in self._by_token:
                    span = self._by_token[child.i]
                    break
        if span is not None:
            return self._from_span(span)
        return self._fallback(token, places=places)

    def _from_span(self, span: Span) -> Party | None:
        kind = span.label_
        if span.kb_id_:
            name = span.kb_id_
            entry = actors_by_name().get(name.lower())
            country = entry.country if entry else None
        elif kind == ANAPHOR:
            resolved = self._antecedent(span, None)
            if resolved is None:
                return None
            return {**resolved, "text": span.text, "start": span.start_char, "end": span.end_char}
        else:
            definition = _lemma_kinds().get(span.root.lemma_.lower())
            if definition is not None and definition.resolve:
                resolved = self._antecedent(span, kind)
                if resolved is not None:
                    return {
                        **resolved,
                        "text": span.text,
                        "start": span.start_char,
                        "end": span.end_char,
                    }
            name = _name(span)
            country = None
        return {
            "text": span.text,
            "name": name,
            "kind": kind,
            "country": country or self._nationality(span),
            "start": span.start_char,
            "end": span.end_char,
        }

    def _antecedent(self, span: Span, kind: str | None) -> Party | None:
        """Return the named actor a generic mention stands for: the most named, latest first."""
        candidates = [s for s in self._named if kind is None or s.label_ == kind]
        if not candidates:
            return None
        counts: dict[str, int] = {}
        for s in candidates:
            counts[s.kb_id_] = counts.get(s.kb_id_, 0) + 1
        before = [s for s in candidates if s.start < span.start] or candidates
        chosen = max(reversed(before), key=lambda s: counts[s.kb_id_])
        return self._from_span(chosen)

    def _nationality(self, span: Span) -> str | None:
        for token in span.root.children:
            if token.dep_ == "poss" and token.pos_ == "PROPN":
                place = self.gazetteer.country(token.text)
                if place is not None:
                    return place.country
        for token in span:
            if token.pos_ in {"ADJ", "PROPN", "NOUN"} and token.i != span.root.i:
                demonym = self.gazetteer.demonym(token.text)
                if demonym is not None and demonym.country:
                    return demonym.country
        return None

    def _fallback(self, token: Token, *, places: bool = False) -> Party | None:
        """Return A party the lexicons do not know: a named person or organisation, or a facility.

        With ``places`` a country stands for its government ("called on Rwanda").
        """
        if places and token.ent_type_ == "GPE" and (country := self.gazetteer.country(token.text)) is not None:
            return _party(self.doc[token.i : token.i + 1], country.name, "government", country.country)
        if (
            token.pos_ == "NOUN"
            and token.ent_type_ == ""
            and any(
                c.dep_ in {"compound", "poss", "amod"} and c.ent_type_ in {"ORG", "GPE", "NORP"} for c in token.children
            )
        ):
            # "the U.N. human rights office", "the U.S. Treasury Department"; a named body's
            # facility is of the facility's kind ("a Frontier Corps convoy": the military)
            left = min(t.i for t in token.subtree if t.i <= token.i and t.dep_ != "det")
            span = self.doc[left : token.i + 1]
            return _party(span, span.text, facility_kinds().get(token.lemma_.lower(), "other"), None)
        if token.ent_type_ in {"PERSON", "ORG", "NORP"} and token.pos_ == "PROPN":
            ent = next((e for e in doc_ents(self.doc) if e.start <= token.i < e.end), None)
            if ent is None:
                return None
            titles = [c for c in token.subtree if c.lemma_.lower() in _PERSON_TITLES]
            kind = "government" if titles else ("other" if ent.label_ != "NORP" else "civilians")
            nationality = next(
                (
                    d.country
                    for c in token.subtree
                    if c.pos_ in {"ADJ", "PROPN"} and (d := self.gazetteer.demonym(c.text)) and d.country
                ),
                None,
            )
            return _party(ent, ent.text, kind, nationality)
        facility = facility_kinds().get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
        if facility is None:
            return None
        left = min((c.i for c in token.children if c.dep_ in {"amod", "compound"}), default=token.i)
        span = self.doc[left : token.i + 1]
        return _party(span, span.text, facility, None)

    # ------------------------------------------------------------------------ roles
    def roles(self, trigger: Token, *, places: bool = False, national: bool = False) -> tuple[list[Role], list[Role]]:
        """Return actors and targets of one trigger word.

        Args:
            trigger: the trigger's head word.
            places: a country name stands for its government (verbal events).
            national: a nationality on an attack noun names its doer ("Israeli shelling":
                the Israeli military).

        """
        agents, patients = role_tokens(trigger)
        actors: list[Role] = []
        targets: list[Role] = []
        if national and trigger.pos_ == "NOUN" and not agents:
            for child in trigger.children:
                if child.dep_ in {"amod", "compound"} and (doer := self._national_military(child)):
                    actors.append(Role(child, doer))
        for token in agents:
            party = self.party(token, places=places)
            if party is None:
                continue
            if party["kind"] == "other" and (owner := self._weapon_owner(token)) is not None:
                actors.append(owner)  # "Belarusian drones hit ...": the Belarusian military
                continue
            # "prison attack": a facility before an attack word is what was attacked.
            is_facility = token.i not in self._by_token and token.lemma_.lower() in facility_kinds()
            (targets if is_facility else actors).append(Role(token, party))
        targets.extend(Role(t, p) for t in patients if (p := self.party(t, places=places)) is not None)
        return actors, targets

    def _weapon_owner(self, weapon: Token) -> Role | None:
        """Return the national military a remote weapon subject names: "Belarusian drones" -> Belarusian military."""
        if weapon.lemma_.lower() not in _remote_weapons():
            return None
        for child in weapon.children:
            if child.dep_ in {"amod", "compound"} and (doer := self._national_military(child)):
                return Role(child, doer)
        return None

    def _national_military(self, token: Token) -> Party | None:
        demonym = self.gazetteer.demonym(token.text) if token.pos_ in {"ADJ", "PROPN"} else None
        country = demonym.country if demonym is not None and demonym.kind == "national" else None
        if country is None and token.ent_type_ == "GPE" and (place := self.gazetteer.country(token.text)):
            country = place.country
        if country is None:
            return None
        return _party(self.doc[token.i : token.i + 1], f"{token.text} military", "military", country)

    def nearby_actor(self, trigger: Token, exclude: set[int]) -> Party | None:
        """Return an armed group named before the trigger in its sentence (the parse gave none).

        Only non-state armed groups: a state force named near an attack is more often its
        target or the source of the report.
        """
        best = None
        sentence = sent_of(trigger).start
        for span in self.spans:
            if sent_of(span).start != sentence or span.start >= trigger.i or span.start_char in exclude:
                continue
            if _phrase_head(span.root).head.lemma_.lower() in _SPEAKING:
                continue  # the speaker ("The local militia said the toll had risen") is no doer
            if span.label_ == "armed_group":
                best = span
        return self._from_span(best) if best is not None else None


@lru_cache(maxsize=1)
def _remote_weapons() -> frozenset[str]:
    """Weapon words of the remote modes' [[cue]]s in triggers.toml (drone, missile, shell ...)."""
    remote = {"drone", "aerial", "heavy-weapons"}
    return frozenset().union(*(c.lemmas for c in cues() if c.plover == "ASSAULT" and c.mode in remote))


def _phrase_head(token: Token) -> Token:
    """Return the head of the noun phrase ``token`` is part of."""
    while token.dep_ in _IN_PHRASE and token.head.i != token.i:
        token = token.head
    return token


def _fired_by(subject: Token) -> list[Token]:
    """Return who fired a weapon subject: "a missile fired by the rebels struck the town"."""
    return [
        g
        for acl in subject.children
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in _FIRING
        for agent in acl.children
        if agent.dep_ == "agent"
        for g in agent.children
        if g.dep_ == "pobj"
    ]


def role_tokens(trigger: Token) -> tuple[list[Token], list[Token]]:
    """Tokens standing for the doer and the undergoer of ``trigger``."""
    agents: list[Token] = []
    patients: list[Token] = []
    children = list(trigger.children)
    if trigger.pos_ in {"VERB", "AUX"}:
        # A participle without "have" is passive: "37 wounded were taken", "civilians killed".
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children) or (
            trigger.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
        )
        for child in children:
            if child.dep_ == "nsubj" and not passive:
                agents.append(child)
                agents.extend(_fired_by(child))
            elif child.dep_ in _PATIENT_DEPS:
                patients.append(child)
            elif child.dep_ == "agent":
                agents.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                patients.extend(c for c in child.children if c.dep_ == "pobj")
        if trigger.dep_ == "acl" and trigger.head.pos_ in {"NOUN", "PROPN"}:
            (patients if passive else agents).append(trigger.head)
        elif trigger.dep_ in {"xcomp", "oprd"} and passive:
            patients.extend(c for c in trigger.head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"})
        elif not agents and not passive and trigger.dep_ in {"advcl", "conj", "xcomp"}:
            agents.extend(c for c in trigger.head.children if c.dep_ == "nsubj")
    elif trigger.pos_ in {"NOUN", "PROPN"}:
        for child in children:
            if child.dep_ in {"poss", "compound"}:
                agents.append(child)
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS | {"of"}:
                patients.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in _ACTOR_PREPS:
                agents.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "nummod":
                patients.append(child)
        if trigger.dep_ in {"nsubj", "nsubjpass"} and trigger.head.lemma_.lower() in {
            "be",
            "remain",
        }:
            patients.extend(c for c in trigger.head.children if c.dep_ == "attr")
        if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in light_verbs() and not agents:
            agents.extend(c for c in trigger.head.children if c.dep_ == "nsubj")
        elif trigger.dep_ == "xcomp" and not agents:  # "continued to battle jihadists" (tagged NOUN)
            agents.extend(c for c in trigger.head.children if c.dep_ == "nsubj")
            patients.extend(c for c in children if c.dep_ == "dobj")
    elif trigger.pos_ == "ADJ":
        head = trigger.head if trigger.dep_ in {"acomp", "oprd", "xcomp", "pobj"} else trigger
        if trigger.dep_ == "pobj" and head.head.pos_ in {"AUX", "VERB"}:
            head = head.head.head  # "were among the dead": the subject of "were"
        patients.extend(c for c in head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"})
        patients.extend(c for c in trigger.children if c.dep_ == "nummod")
    return _with_conjuncts(agents), _with_conjuncts(patients)


def _party(span: Span, name: str, kind: str, country: str | None) -> Party:
    return {
        "text": span.text,
        "name": name,
        "kind": kind,
        "country": country,
        "start": span.start_char,
        "end": span.end_char,
    }


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found.extend(c for c in token.conjuncts if c.i > token.i)
    return found


def _through_quantity(token: Token) -> Token:
    """From a number or quantity noun to the people it counts: "four of our neighbours"."""
    if token.like_num or token.lemma_.lower() in {
        "dozen",
        "dozens",
        "score",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "some",
        "most",
        "many",
        "several",
        "all",
        "none",
    }:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return token


def _name(span: Span) -> str:
    words = [t for t in span if t.dep_ not in _DROP_WORDS or t.i == span.root.i]
    text = " ".join(t.text for t in words) if words else span.text
    return text[:1].lower() + text[1:] if text[:1].isupper() and words[0].pos_ != "PROPN" else text
