"""The dead put in different classes: combatants by one source, civilians by another."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from worker.core.accounts.sources import adjacent, later_independent, statement
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import Attribution


def different_victims(
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
    for (first, one), (second, other) in later_independent(named, later):
        # A source naming no dead speaks by what it says was hit ("struck a rebel base").
        first_hit = one.hit if not (one.named or one.pronoun) else frozenset()
        second_hit = other.hit if not (other.named or other.pronoun) else frozenset()
        near = first.cue.sent == second.cue.sent or adjacent(first, second)
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
def victim_lexicon() -> _VictimLexicon:
    """Classes of the dead and of targets, and the words around them (`[victims]`, `[party_claims]`)."""
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


def _numbered_dead(token: Token, dead: frozenset[str]) -> bool:
    """'the 500 dead', parsed as a number that the adjective modifies."""
    return token.pos_ == "NUM" and any(c.dep_ == "amod" and c.lower_ in dead for c in token.children)


def _victims_of(attribution: Attribution) -> _Victims:
    """The classes of the dead a source names: whom it says were killed, what it says the dead were."""
    lexicon = victim_lexicon()
    tokens = statement(attribution)
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
