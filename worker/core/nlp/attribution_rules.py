"""Rules of the attribution component: which verbs are cues, where their source sits.

Pure functions over parsed tokens; the word lists come from ``lexicons/cues.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from worker.core.nlp.source_types import classify
from worker.core.sentences import doc_ents

_QUOTES = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "``", "''"})
_RELATIVE = frozenset({"who", "which", "that"})
_CLIMB = frozenset({"xcomp", "conj", "advcl", "pcomp"})
_FLOATING = frozenset({"both", "all", "also", "each", "jointly", "separately"})
_KILLED = frozenset({"kill", "die", "dead", "death", "toll", "body", "life", "fatality", "massacre", "murder", "drown"})
_INJURED = frozenset({"wound", "injure", "injured", "hurt", "injury", "wounded"})
_MISSING = frozenset({"missing", "abduct", "kidnap", "arrest", "detain", "capture"})
# Nouns a toll is given with ("a toll of 25", "put its losses at three", "the real figure was
# closer to 12"); such a figure's noun is ANY_NOUN: it counts the dead whoever they were.
_TOLL_NOUNS = frozenset({"toll", "loss", "losses", "tally", "number", "figure"})
ANY_NOUN = "*"
# Counted nouns that name the same people ("five people", "5 persons").
_PEOPLE = {"person": "people", "persons": "people", "individual": "people"}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 12, "hundreds": 100, "scores": 20,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multi-word attribution cue and where its source sits."""

    words: str
    kind: str
    source: str  # "object" | "subject"


@dataclass(frozen=True, slots=True)
class CueRules:
    """The attribution word lists, as sets."""

    verbs: dict[str, str]
    needs_content: frozenset[str]
    statement_objects: frozenset[str]
    tally_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    claim_not_objects: frozenset[str]
    deny_objects: frozenset[str]
    denial_adjectives: frozenset[str]
    denial_predicates: frozenset[str]
    victim_nouns: frozenset[str]
    truth_words: frozenset[str]
    negated_acts: frozenset[str]
    contrary_verbs: frozenset[str]
    deny_objects_required: frozenset[str]
    phrases: tuple[Phrase, ...]
    bare_report_nouns: frozenset[str]
    content_lemmas: frozenset[str]
    enemy_nouns: frozenset[str]
    kill_lemmas: frozenset[str]
    act_lemmas: frozenset[str]
    place_acts: frozenset[str]
    no_party_lemmas: frozenset[str]
    means_nouns: frozenset[str]
    place_nouns: frozenset[str]
    self_pronouns: frozenset[str]
    self_nouns: frozenset[str]
    outside_words: frozenset[str] = frozenset()
    happen_verbs: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> CueRules:
        """Build the rules from the parsed ``cues.toml``."""
        verbs = {lemma: kind for kind, lemmas in data["verbs"].items() for lemma in lemmas}
        return cls(
            verbs=verbs,
            needs_content=frozenset(data["verb_rules"]["needs_content"]),
            statement_objects=frozenset(data["verb_rules"]["statement_objects"]),
            tally_verbs=frozenset(data["verb_rules"]["tally_verbs"]),
            naming_verbs=frozenset(data["verb_rules"]["naming_verbs"]),
            claim_not_objects=frozenset(data["verb_rules"]["claim_not_objects"]),
            deny_objects=frozenset(data["verb_rules"]["deny_objects"]),
            denial_adjectives=frozenset(data["denials"]["adjectives"]),
            denial_predicates=frozenset(data["denials"]["predicates"]),
            victim_nouns=frozenset(data["denials"]["victim_nouns"]),
            truth_words=frozenset(data["denials"]["truth_words"]),
            negated_acts=frozenset(data["denials"]["negated_acts"]),
            contrary_verbs=frozenset(data["verb_rules"]["contrary_verbs"]),
            deny_objects_required=frozenset(data["verb_rules"]["deny_objects_required"]),
            phrases=tuple(Phrase(p["words"], p["kind"], p["source"]) for p in data["phrase"]),
            bare_report_nouns=frozenset(data["hedges"]["bare_report_nouns"]),
            content_lemmas=frozenset(data["event_content"]["lemmas"]),
            enemy_nouns=frozenset(data["party_claims"]["enemy_nouns"]),
            kill_lemmas=frozenset(data["party_claims"]["kill_lemmas"]),
            act_lemmas=frozenset(data["party_claims"]["act_lemmas"]),
            place_acts=frozenset(data["party_claims"]["place_acts"]),
            no_party_lemmas=frozenset(data["party_claims"]["no_party_lemmas"]),
            means_nouns=frozenset(data["party_claims"]["means_nouns"]),
            place_nouns=frozenset(data["party_claims"]["place_nouns"]),
            self_pronouns=frozenset(data["party_claims"]["self_pronouns"]),
            self_nouns=frozenset(data["party_claims"]["self_nouns"]),
            outside_words=frozenset(data["party_claims"].get("outside_words", ())),
            happen_verbs=frozenset(data["settings"]["happen_verbs"]),
            event_nouns=frozenset(data["settings"]["event_nouns"]),
        )

    def verb_kind(self, token: Token) -> str | None:
        """Return the cue kind of a verb, or ``None`` when this use of it attributes nothing."""
        lemma = token.lemma_.lower()
        kind = self.verbs.get(lemma)
        if lemma in self.naming_verbs and token.pos_ == "VERB" and self._names_false(token):
            return "deny"  # "called the report fake news", "branded the claims a lie"
        if kind is None or token.pos_ not in {"VERB", "AUX"}:
            return None
        children = list(token.children)
        deps = {c.dep_ for c in children}
        if "neg" in deps or _negated_frame(token) or _nobody(children):
            return None  # "did not say", "not immediately confirmed" (a hedge, found elsewhere)
        objects = [c for c in children if c.dep_ in {"dobj", "nsubjpass"}]
        object_lemmas = {o.lemma_.lower() for o in objects} | {
            f"{c.lemma_.lower()} {o.lemma_.lower()}" for o in objects for c in o.children if c.dep_ == "compound"
        }
        clause = bool(deps & {"ccomp", "parataxis"}) or _has_quote(token.sent)
        if "agent" not in deps and (
            ("nsubjpass" in deps and lemma not in {"quote", "claim", "confirm"})
            or (token.tag_ in {"VBN", "VBD"} and _casualty_complement(children))
            or token.dep_ in {"amod", "compound"}
        ):
            return None  # "were reported killed", "is said to", "the estimated 3,500": no source
        if lemma in self.needs_content and not (
            clause
            or object_lemmas & self.statement_objects
            or (lemma in self.tally_verbs and self._counts_casualties(objects))
        ):
            return None
        if lemma == "tell" and "xcomp" in deps and "ccomp" not in deps:
            return None  # "told residents to leave"
        if lemma == "add" and not clause and token.dep_ != "parataxis":
            return None
        if kind == "claim" and object_lemmas & self.claim_not_objects:
            return None  # "the blast claimed 12 lives"
        if kind == "claim" and token.dep_ == "acl" and token.head.lemma_.lower() in self.claim_not_objects:
            return None  # "the lives claimed by the cyclone"
        if kind == "deny":
            if "nsubjpass" in deps and "agent" not in deps:
                return None  # "were denied access"
            dobj = [o for o in objects if o.dep_ == "dobj" or (o.dep_ == "nsubjpass" and "agent" in deps)]
            # "rejected as baseless the report that ...": the object hangs on "as".
            dobj += [
                o
                for c in children
                if c.dep_ == "prep" and c.lower_ == "as"
                for o in c.children
                if o.dep_ == "pobj" and o.lemma_.lower() in self.deny_objects
            ]
            head = token.head
            if (
                not dobj
                and head.i != token.i
                and (head.pos_ in {"NOUN", "PROPN"} or head.lemma_.lower() in self.deny_objects)
            ):
                dobj = [token.head]  # "an accusation the military denied", "a claim rejected by"
                if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i != head.head.i:
                    dobj.append(head.head.head)  # "a version of events Ankara contradicted"
            if dobj and not {o.lemma_.lower() for o in dobj} & self.deny_objects and not self._speakers(dobj):
                return None
            if lemma in self.deny_objects_required and not dobj and not deps & {"ccomp", "xcomp", "pcomp"}:
                return None
        return kind

    def _speakers(self, objects: list[Token]) -> bool:
        """Whether a denial's object is a source with its statement: "contradicting residents who said"."""
        return any(
            c.dep_ == "relcl" and self.verbs.get(c.lemma_.lower()) in {"report", "claim"}
            for o in objects
            for c in o.children
        )

    def _names_false(self, verb: Token) -> bool:
        """Whether a naming verb calls a statement false: "called the report fake news"."""
        statements = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in self.deny_objects]
        if not statements:
            return False
        # "described the report of a massacre as one-sided": the "as" phrase the parser hung
        # on the statement still names it.
        named_as = {t.i for s in statements for p in s.subtree if p.lower_ == "as" for t in p.subtree}
        inside = {t.i for s in statements for t in s.subtree} - named_as
        false = self.denial_adjectives | self.denial_predicates
        words = [t for t in verb.subtree if t.i not in inside]
        joined = {
            f"{a.lower_}-{c.lower_}" for a, b, c in zip(words, words[1:], words[2:], strict=False) if b.text == "-"
        }
        return any(t.lower_ in false for t in words) or bool(joined & false)

    def reports_denial(self, verb: Token) -> bool:
        """Whether a report verb says a statement is false.

        "a figure the army said was exaggerated", "police said the reports were baseless", "the
        Kremlin said the images had been staged"; or recasts the victims: "the army said those
        killed were fighters, not civilians".
        """
        targets = self.deny_objects | {"it", "this", "that"}
        false = self.denial_adjectives | self.denial_predicates
        for clause in (c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}):
            predicates = [clause] + [c for c in clause.children if c.dep_ in {"acomp", "attr", "oprd"}]
            predicates += [c for p in predicates[1:] for c in p.children if c.dep_ == "conj"]
            subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if self._recasts_victims(subjects, predicates[1:]):
                return True
            negated = any(c.dep_ == "neg" for c in clause.children)
            # "the army said no troops had been deployed there": a party's own forces with "no" deny
            # the act; "said no one was killed" is a report of the toll (a DENIAL phrase elsewhere).
            nobody = any(
                d.dep_ == "det" and d.lower_ == "no" and s.lemma_.lower() in self.self_nouns
                for s in subjects
                for d in s.children
            )
            if (negated or nobody) and clause.lemma_.lower() in self.negated_acts:
                return True  # "the army said its troops did not fire on the crowd"
            if clause.lemma_.lower() in self.happen_verbs and self._no_event(subjects):
                return True  # "a spokesman said no attack on the camp had taken place"
            untrue = negated and any(p.lower_ in self.truth_words for p in predicates)
            if not untrue and not any(p.lower_ in false for p in predicates):
                continue
            if subjects:
                if any(s.lemma_.lower() in targets or s.lower_ in targets for s in subjects):
                    return True
            elif verb.dep_ == "relcl" and verb.head.lemma_.lower() in targets:
                return True
        return False

    def _no_event(self, subjects: list[Token]) -> bool:
        """Whether a subject is an event with "no": "no attack ... had taken place", "no strike occurred"."""
        return any(
            s.lemma_.lower() in self.event_nouns and any(d.dep_ == "det" and d.lower_ == "no" for d in s.children)
            for s in subjects
        )

    def _recasts_victims(self, subjects: list[Token], predicates: list[Token]) -> bool:
        """Whether the clause names the victims fighters: "those killed were fighters"."""
        victims = any(
            s.lower_ in self.victim_nouns and (s.lower_ != "those" or any(c.lemma_ == "kill" for c in s.children))
            for s in subjects
        )
        return victims and any(p.lemma_.lower() in self.enemy_nouns for p in predicates)

    def _counts_casualties(self, objects: list[Token]) -> bool:
        """A tally of an event's victims: "recorded 18 civilians killed", "documented 26 deaths"."""
        for obj in objects:
            counted = any(c.dep_ == "nummod" for c in obj.children)
            words = {obj.lemma_.lower()} | {
                c.lemma_.lower() for c in obj.children if c.dep_ in {"acl", "amod", "relcl"}
            }
            if counted and words & (self.content_lemmas | _KILLED | _INJURED | _MISSING):
                return True
        return False

    def own_side_acts(self, verb: Token, source_type: str, source: Span | None = None) -> bool:
        """Tell whether the statement says the speaker's side did it or killed the other side.

        "its forces destroyed", "it shot down", "officers killed"; "30 militants were killed".

        Only the statement's main verbs count (the cue verb's complement and what it joins),
        not a background clause ("after a teenager was shot dead by police").
        """
        if source_type == "official" and source is not None and any(t.lower_ in self.outside_words for t in source):
            # "Security forces killed five protesters, an opposition lawmaker said": a politician
            # outside the government is no party to what the state's forces did.
            return False
        main = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp", "parataxis"}]
        if verb.dep_ in {"ccomp", "parataxis"} and verb.head.i != verb.i:
            main.append(verb.head)  # "X killed 5, the army said": the story is the head
        elif verb.dep_ == "conj" and verb.head.i < verb.i and not main:
            main.append(verb.head)  # "Troops killed 12 militants, ..., said": parsed as a conjunct
        if not main:
            main = [verb]  # a phrase cue ("according to") hangs on the story's verb
        clause = main + [c for m in main for c in m.children if c.dep_ == "conj"]
        for token in clause:
            lemma = token.lemma_.lower()
            if lemma == "lose" and self._others_losses(token, source, source_type):
                return True
            if (
                lemma in self.kill_lemmas
                and any(
                    c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in self.enemy_nouns for c in token.children
                )
                and not self._third_party_did_it(token, source, source_type)
            ):
                return True
            acts = lemma in self.act_lemmas or (lemma in self.place_acts and self._takes_place(token))
            if not acts or token.pos_ != "VERB" or _bare_participle(token):
                continue
            for child in (c for c in token.children if c.dep_ in {"nsubj", "agent"}):
                subject = child
                if child.dep_ == "agent":
                    subject = next((c for c in child.children if c.dep_ == "pobj"), child)
                # "its forces", "our fighters"; not "their bus": "their" is anyone's.
                possessive = {c.lower_ for c in subject.children if c.dep_ == "poss"} & {
                    "its",
                    "our",
                }
                if subject.lower_ in self.self_pronouns or possessive or self._commanded(subject, source_type):
                    return True
                if source_type in {"military", "police", "official"} and subject.lemma_.lower() in self.self_nouns:
                    return True
        return False

    def _commanded(self, subject: Token, source_type: str) -> bool:
        """A commander's own troops: "his men", "her soldiers" from a military or police source.

        "Major X said his men had killed 11 jihadists" is the speaker's side; "his" said by a
        witness or an official is anyone's.
        """
        if source_type not in {"military", "police", "armed_group"}:
            return False
        owner = {c.lower_ for c in subject.children if c.dep_ == "poss"} & {"his", "her"}
        return bool(owner) and (subject.lemma_.lower() in self.self_nouns or subject.lower_ in {"man", "men"})

    def _third_party_did_it(self, verb: Token, source: Span | None, source_type: str = "") -> bool:
        """Whether someone other than the speaker's side killed them.

        "vigilantes killed 12 bandits"; "Turkish drones killed four fighters" from Kurdish officials.
        """
        for child in (c for c in verb.children if c.dep_ in {"nsubj", "agent"}):
            doer = child
            if child.dep_ == "agent":
                doer = next((c for c in child.children if c.dep_ == "pobj"), child)
            possessive = {c.lower_ for c in doer.children if c.dep_ == "poss"} & {"its", "our"}
            own = (
                doer.lower_ in self.self_pronouns
                or possessive
                or self._commanded(doer, source_type)
                or doer.lemma_.lower() in self.self_nouns | self.means_nouns
            )
            nations = _nations(doer.subtree)
            if own and source is not None and nations and _nations(source) and not nations & _nations(source):
                return True  # another nation's forces or means
            if not own and doer.pos_ in {"NOUN", "PROPN"} and doer.lemma_.lower() not in self.enemy_nouns:
                return True
        return False

    def _takes_place(self, verb: Token) -> bool:
        """Whether the verb's object is a place: "seized the town", "took control of Kalehe"."""
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [
            o for c in objects for p in c.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
        ]  # "took control of Kalehe", "the town of Singa"; not "a kidnapper in Enugu"
        return any(o.ent_type_ in {"GPE", "LOC", "FAC"} or o.lemma_.lower() in self.place_nouns for o in objects)

    def _others_losses(self, verb: Token, source: Span | None, source_type: str) -> bool:
        """Whether "X lost N troops" reports the other side's losses.

        X is an enemy or an armed group ("the militants lost", "Hamas lost"), or forces of a
        nation the source does not name ("Ukraine's general staff said Russian forces lost 1,100").
        """
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            if subject.lemma_.lower() in self.enemy_nouns or (
                source_type != "armed_group" and classify(noun_phrase(subject)) == "armed_group"
            ):
                return True
            nations = _nations(subject.subtree)
            # A side speaks of another nation's forces: a nation's body, or a military; not the
            # UN or the White House on a war they are no party to.
            side = source is not None and (bool(_nations(source)) or source_type == "military")
            if source is not None and side and nations and not nations & _nations(source):
                return True
        return False

    def claims_responsibility(self, verb: Token) -> bool:
        """Whether a statement says the speaker did it ("said it carried out the attack")."""
        for child in verb.children:
            if child.dep_ != "ccomp" or _nobody(list(child.children)) or any(c.dep_ == "neg" for c in child.children):
                continue
            words = {t.lower_ for t in child.subtree} | {t.lemma_.lower() for t in child.subtree}
            if "responsibility" in words or ({"carry", "out"} <= words) or "behind" in words:
                return True
        return False


def _nations(tokens: Any) -> set[str]:
    """Stems of the countries and nationalities named ("Russia", "Russian" -> "russ")."""
    return {t.lower_[:4] for t in tokens if t.ent_type_ in {"NORP", "GPE"}}


def _bare_participle(token: Token) -> bool:
    """Whether a participle with no auxiliary and no object describes a noun.

    "the 13 officers killed in the ambush" (which the parser may make a clause) is no deed of
    the officers.
    """
    deps = {c.dep_ for c in token.children}
    return token.tag_ == "VBN" and not deps & {"aux", "auxpass", "dobj"}


def _nobody(children: list[Token]) -> bool:
    """A subject that is nobody: "no group has claimed", "nobody confirmed"."""
    return any(
        c.dep_ == "nsubj"
        and (c.lower_ in {"nobody", "none"} or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children))
        for c in children
    )


def _casualty_complement(children: list[Token]) -> bool:
    """Tell whether the participle's complement is the casualty ("reported killed").

    An infinitive complement is a statement, not a casualty: "claimed to have captured".
    """
    return any(
        c.dep_ in {"oprd", "xcomp", "acomp"}
        and c.lemma_.lower() in _KILLED | _INJURED | _MISSING
        and not any(a.dep_ in {"aux", "auxpass"} and a.lower_ == "to" for a in c.children)
        for c in children
    )


def _has_quote(sent: Span) -> bool:
    return any(t.text in _QUOTES for t in sent)


def noun_phrase(token: Token) -> Span:
    """Return the noun phrase headed by ``token``, without trailing clauses or punctuation."""
    doc = token.doc
    end = token.right_edge.i + 1
    entity = next((e for e in doc_ents(doc) if e.start <= token.i < e.end), None) if token.ent_type_ else None
    for child in token.rights:
        if entity is not None and child.i < entity.end:
            continue  # "Committee to Protect Journalists": a name, not a clause
        if child.dep_ in {"relcl", "acl", "punct", "advcl"}:
            end = min(end, child.i)
            break
    start = token.left_edge.i
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].lower_ in {"the", "a", "an"}):
        start += 1
    return doc[start:end]


def issuer(source: Span, statements: frozenset[str], issuing: frozenset[str]) -> Span | None:
    """Return the body behind a statement named as the source.

    "a statement issued by the general staff", "figures compiled by ACLED" -> the general
    staff, ACLED; not "reports shared by activists": sharing is not issuing.
    """
    root = source.root
    if root.lemma_.lower() not in statements and root.lower_ not in statements:
        return None
    for acl in (c for c in root.children if c.dep_ == "acl" and c.lemma_.lower() in issuing):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            objects = [c for c in agent.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    return None


def find_source(token: Token, depth: int = 0) -> Span | None:
    """Return the source a cue verb names: its subject, a passive's agent, whom "quoted" quotes."""
    children = list(token.children)
    if token.lemma_.lower() == "quote" and any(c.dep_ == "auxpass" for c in children):
        # "X was quoted by the Punch newspaper as saying": X speaks, the outlet relays.
        speaker = [c for c in children if c.dep_ == "nsubjpass"]
        if speaker:
            return noun_phrase(speaker[0])
        if (late := _trailing_source(token)) is not None:
            return late
    for child in children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    lemma = token.lemma_.lower()
    if lemma in {"quote", "cite"}:
        for child in children:
            if child.dep_ in {"dobj", "nsubjpass"}:
                return noun_phrase(child)
    for child in children:
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and lemma in {"quote"}):
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return noun_phrase(token.head)
            if child.lower_ in _FLOATING and token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"}:
                return noun_phrase(token.head)  # "with Indian and Pakistani officials each saying"
            if child.lower_ in _FLOATING and (joined := _name_before(token)) is not None:
                return joined  # "X and Y both said": the parser made "both" the subject
            if child.i < token.i and _comma_between(child, token):
                # "Bandits killed 15 villagers, the Daily Trust newspaper reported": the parser
                # took the story's subject; the source is the phrase after the last comma.
                late = _trailing_source(token) or _name_before(token)
                if late is not None and late.start > child.i:
                    return late
            named = [
                c for c in children if c.dep_ == "nsubj" and c.i > child.i and c.left_edge.i == child.right_edge.i + 1
            ]
            if named and named[0].pos_ == "PROPN":
                # "the opposition party NUP said": the parser made the name a second subject
                return token.doc[noun_phrase(child).start : noun_phrase(named[0]).end]
            return noun_phrase(child)
    head = token.head
    noun_root = token.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"} and head.i < token.i
    if noun_root and head.left_edge.i == token.sent.start and classify(opening := noun_phrase(head)) != "unknown":
        # "The governor of Zaporizhzhia, Ivan Fedorov, posted on Telegram that ...": the parser
        # made the whole sentence a noun phrase opening with a source; the name before the verb
        # is only its appositive, not a source set off after the story ("Heavy fighting in X,
        # the army said").
        return opening
    if (late := _trailing_source(token)) is not None:
        return late  # "Troops killed 11 militants, the military's media wing, ISPR, said"
    if noun_root:
        return noun_phrase(head)  # the parser made the sentence a noun phrase: "The X project, ..., recorded"
    if token.dep_ in _CLIMB and token.head.i != token.i and depth < 3:
        return find_source(token.head, depth + 1)  # "issued a statement saying", "and added"
    return _name_before(token)


_SEGMENT_OPENERS = frozenset({"CCONJ", "SCONJ", "ADP", "VERB", "AUX", "ADV"})
_MAX_SEGMENTS = 2


def _trailing_source(token: Token) -> Span | None:
    """Return the comma-set noun phrase right before a verb the parser left without a subject.

    "..., the military's media wing, Inter-Services Public Relations, said", "..., the governor
    of Valle del Cauca, Dilian Francisca Toro, told reporters": up to two comma-separated noun
    phrases (a description and its name), never the sentence's first segment (the story).
    """
    doc = token.doc
    sent = token.sent
    end = token.i
    while end > sent.start and doc[end - 1].dep_ in {"aux", "auxpass"}:
        end -= 1  # "X, was quoted by"
    while end > sent.start and doc[end - 1].lower_ in _FLOATING:
        end -= 1
    if end == sent.start or doc[end - 1].text != ",":
        return None
    right = end - 1
    pieces: list[Span] = []
    while len(pieces) < _MAX_SEGMENTS:
        left = right
        while left > sent.start and doc[left - 1].text != ",":
            left -= 1
        if left in {sent.start, right}:
            break
        segment = doc[left:right]
        if not _noun_segment(segment):
            break
        pieces.append(segment)
        right = left - 1
    if not pieces:
        return None
    start, stop = pieces[-1].start, pieces[0].end
    while start < stop - 1 and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    return doc[start:stop]


def _noun_segment(segment: Span) -> bool:
    """A noun phrase between commas: ends in a noun, holds no verb of the story's clause."""
    if segment[0].pos_ in _SEGMENT_OPENERS or segment[-1].pos_ not in {"NOUN", "PROPN", "NUM"}:
        return False
    if segment[-1].pos_ == "NUM" and len(segment) == 1:
        return False  # "Olena Kovalchuk, 54, said": the age is no source
    inside = range(segment.start, segment.end)
    return not any(
        t.pos_ in {"VERB", "AUX"} and (t.head.i not in inside or t.dep_ in {"ROOT", "ccomp", "conj"}) for t in segment
    )


def _comma_between(subject: Token, verb: Token) -> bool:
    doc = verb.doc
    return any(doc[i].text == "," for i in range(subject.right_edge.i + 1, verb.i))


def _name_before(token: Token) -> Span | None:
    """Return the name right before a verb the parser left without a subject.

    In ", the Institute for the Study of War said" the parser hangs the name on the clause
    before; the named entity right before the verb is the source.
    """
    if token.i == 0 or token.dep_ not in {"ROOT", "parataxis", "ccomp"}:
        return None
    doc = token.doc
    end = token.i
    while end > token.sent.start and doc[end - 1].lower_ in _FLOATING:
        end -= 1  # "X and Y both said"
    if doc[end - 1].text.isupper() and len(doc[end - 1]) > 1 and doc[end - 1].is_alpha:
        return doc[end - 1 : end]  # "IS said": the small model tags "IS" as a verb
    for ent in doc_ents(doc):
        if ent.end == end and ent.label_ in {"ORG", "PERSON", "NORP", "GPE"}:
            start = ent.start
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            return doc[start : ent.end]
    # Otherwise the words between the last comma and the verb, when they end in a noun.
    start = end
    while start > token.sent.start and not doc[start - 1].is_punct:
        start -= 1
    if start < end and doc[end - 1].pos_ in {"NOUN", "PROPN"} and start > token.sent.start:
        while start < end and doc[start].lower_ in {"the", "a", "an"}:
            start += 1
        return doc[start:end]
    return None


def _number(token: Token) -> int | None:
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def number_value(token: Token) -> int | None:
    """The value of a number written in digits or words ("12", "1,130", "four"), else None."""
    return _number(token)


def _category(token: Token) -> str:
    node = token
    for _ in range(4):
        lemma = node.lemma_.lower()
        if lemma in _KILLED or node.lower_ in _KILLED:
            return "killed"
        if lemma in _INJURED or node.lower_ in _INJURED:
            return "injured"
        for child in node.children:
            if (
                child.dep_ in {"acl", "amod", "relcl", "oprd", "acomp", "xcomp"}
                and child.lemma_.lower() in _KILLED | _INJURED
            ):
                return "killed" if child.lemma_.lower() in _KILLED else "injured"
        if node.head.i == node.i:
            break
        node = node.head
    return "other"


def _toll_figure(token: Token) -> bool:
    """A number given as a toll: "a toll of 25", "put the toll at 40", "put its losses at three".

    Also "put the number of dead at four" ("at" on the verb whose object is the toll), "corrected
    the toll to 14" ("to" on it) and "the toll was at least 11" (the number as the toll's
    predicate).
    """
    head = token.head
    if token.dep_ == "attr" and head.lemma_ == "be":
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in _TOLL_NOUNS for c in head.children)
    if token.dep_ == "pobj" and head.lower_ in {"to", "than"} and head.head.dep_ in {"acomp", "advmod"}:
        # "the real figure was closer to 12", "the toll was higher than 40"
        verb = head.head.head
        return verb.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in _TOLL_NOUNS for c in verb.children)
    if token.dep_ != "pobj" or head.lower_ not in {"of", "at", "to"}:
        return False
    if head.lower_ == "of" and head.head.lemma_.lower() in _TOLL_NOUNS:
        return True
    verb = head.head
    return head.lower_ in {"at", "to"} and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _TOLL_NOUNS for c in verb.children
    )


def content_flags(clause: list[Token], rules: CueRules) -> tuple[bool, tuple[str, ...]]:
    """Return what a cue's clause reports: an event at all, and its casualty figures.

    Returns:
        (has event content, "category:noun:number" figures ("killed:civilian:5"; a toll's noun
        is ``ANY_NOUN``)).

    """
    has_content = False
    numbers: list[str] = []
    for token in clause:
        lemma = token.lemma_.lower()
        if lemma in rules.content_lemmas:
            has_content = True
        if (token.like_num or token.lower_ in _NUMBER_WORDS) and token.ent_type_ not in {
            "DATE",
            "TIME",
            "ORDINAL",
        }:
            value = _number(token)
            if value is not None:
                has_content = True
                if _toll_figure(token):
                    numbers.append(f"killed:{ANY_NOUN}:{value}")  # "a toll of 25", "put its losses at three"
                    continue
                category = _category(token)
                noun = token.head.lemma_.lower() if token.dep_ == "nummod" else ""
                if token.dep_ in {"nsubj", "nsubjpass"} and category == "killed":
                    noun = "people"  # "at least 40 had died": a count of people
                if category != "other" and noun:
                    numbers.append(f"{category}:{_PEOPLE.get(noun, noun)}:{value}")
    return has_content, tuple(numbers)


# "it was not possible to confirm", "unable to verify": the verb is a complement of a negated
# frame, so nobody confirms anything (the hedge is found as a hedge).
_NEGATIVE_FRAMES = frozenset({"unable", "impossible", "fail", "refuse", "decline"})


def _negated_frame(token: Token) -> bool:
    current = token
    for _ in range(3):
        if current.dep_ not in {"xcomp", "acomp", "ccomp"} or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in _NEGATIVE_FRAMES or any(c.dep_ == "neg" for c in current.children):
            return True
    return False
