"""Mentions that are not events: negated, hypothetical, intended, future, historical, stative.

PLOVER codes only events that happened; its auxiliary modes (negated, hypothetical, future)
are left out. The cue words are data (``lexicons/nonevents.toml``); this module walks the
dependency parse from a trigger word up to the verb that reports it, and :func:`nonevent_reason`
is the one place that decides, in order. Two families live beside it: frames, settings and
standing states (:mod:`worker.core.framing`), recalled events and follow-ups
(:mod:`worker.core.background`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from spacy.tokens import Token

from worker.core import framing
from worker.core.background import background_reason
from worker.core.dates import is_historical
from worker.core.definitions import TriggerDef
from worker.core.habits import defines_kind, is_habitual
from worker.core.lexicons import load_toml
from worker.core.records import EventDate
from worker.core.summaries import counts_events

# Relations through which a head governs its complement's reality ("plans to attack").
_COMPLEMENT = {
    "xcomp",
    "ccomp",
    "acl",
    "advcl",
    "pcomp",
    "pobj",
    "dobj",
    "prep",
    "oprd",
    "attr",
    "nsubj",
    "nsubjpass",
    "conj",
    "relcl",
    "csubj",
}
_MAX_CLIMB = 8


@dataclass(frozen=True, slots=True)
class Cues:
    """The word lists of ``nonevents.toml``."""

    negation: frozenset[str]
    negative_subjects: frozenset[str]
    modal: frozenset[str]
    conditional: frozenset[str]
    irrealis: frozenset[str]
    irrealis_nouns: frozenset[str]
    reporting: frozenset[str]
    implicative: frozenset[str]
    instrumental: frozenset[str]
    presupposing: frozenset[str]
    historical_marks: frozenset[str]
    historical: frozenset[str]
    max_days: int
    habitual_adverbs: frozenset[str]
    habitual_adjectives: frozenset[str]
    kind_quantifiers: frozenset[str]
    trend_adverbs: frozenset[str]
    trend_units: frozenset[str]
    trend_months: frozenset[str]
    trend_current: frozenset[str]
    trend_epochs: frozenset[str]
    trend_milestones: frozenset[str]
    forecast_types: frozenset[str]
    forecast_modals: frozenset[str]
    forecast_verbs: frozenset[str]
    grounds_types: frozenset[str]
    grounds_prepositions: frozenset[str]
    cumulative: frozenset[str]
    cumulative_groups: frozenset[str]
    running_subjects: frozenset[str]
    running_adverbs: frozenset[str]
    known: frozenset[str]
    unknown: frozenset[str]
    denial: frozenset[str]
    relative_types: frozenset[str]


@cache
def cues() -> Cues:
    """Load the cue lists once."""
    data = load_toml("nonevents")

    def words(section: str, key: str = "lemmas") -> frozenset[str]:
        return frozenset(w.lower() for w in data[section][key])

    return Cues(
        negation=words("negation"),
        negative_subjects=words("negation", "subjects"),
        modal=words("modal"),
        conditional=words("conditional"),
        irrealis=words("irrealis"),
        irrealis_nouns=words("irrealis", "nouns"),
        reporting=words("reporting"),
        implicative=words("implicative"),
        instrumental=words("implicative", "instrumental"),
        presupposing=words("presupposing"),
        historical_marks=words("historical", "marks"),
        historical=words("historical"),
        max_days=int(data["historical"]["max_days"]),
        habitual_adverbs=words("habitual", "adverbs"),
        habitual_adjectives=words("habitual", "adjectives"),
        kind_quantifiers=words("habitual", "kind_quantifiers"),
        trend_adverbs=words("trend", "adverbs"),
        trend_units=words("trend", "units"),
        trend_months=words("trend", "months"),
        trend_current=words("trend", "current"),
        trend_epochs=words("trend", "epochs"),
        trend_milestones=words("trend", "milestones"),
        forecast_types=frozenset(data["forecast"]["types"]),
        forecast_modals=words("forecast", "modals"),
        forecast_verbs=words("forecast", "verbs"),
        grounds_types=frozenset(data["grounds"]["types"]),
        grounds_prepositions=words("grounds", "prepositions"),
        cumulative=words("cumulative", "subjects"),
        cumulative_groups=frozenset(data["cumulative"]["groups"]),
        running_subjects=words("cumulative", "running_subjects"),
        running_adverbs=words("cumulative", "running_adverbs"),
        known=words("uncertain", "known"),
        unknown=words("uncertain", "unknown"),
        denial=words("denial"),
        relative_types=frozenset(data["background"]["relative_clause_types"]),
    )


def is_negated(token: Token) -> bool:
    """Return True when the trigger is negated: "no one was killed", "did not attack".

    "Withdrew without a fight": a trigger that is the object of a negating preposition.
    """
    c = cues()
    if token.dep_ == "pobj" and token.head.lower_ in c.negation:
        return True
    for word in _predicate_chain(token):
        for child in word.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
            if child.dep_ in {"nsubj", "nsubjpass"} and _negative_subject(child, c):
                return True
    return False


def _negative_subject(subject: Token, c: Cues) -> bool:
    if subject.lower_ in c.negative_subjects:
        return True
    text = " ".join(t.lower_ for t in subject.subtree)
    return text in c.negative_subjects or any(d.dep_ == "det" and d.lower_ == "no" for d in subject.children)


def _predicate_chain(token: Token) -> list[Token]:
    """Return the trigger and, for a noun or participle, the verb that predicates it."""
    chain = [token]
    if token.dep_ in {
        "dobj",
        "nsubj",
        "nsubjpass",
        "attr",
        "xcomp",
        "oprd",
        "acomp",
    } and token.head.pos_ in {"VERB", "AUX"}:
        chain.append(token.head)
    return chain


def nonevent_reason(token: Token, trigger: TriggerDef) -> str | None:
    """Why the trigger ``token`` does not report a real event, or None when it does.

    Args:
        token: the trigger's head word.
        trigger: its definition (``stative`` words are not coded in reduced relatives).

    Returns:
        "stative", "descriptive", "boilerplate", "background", "setting", "own-work", "count-dispute", "state",
        "causative",
        "aside",
        "negated",
        "habitual", "trend", "summary", "forecast", "grounds", "cumulative", "modal", "conditional",
        "irrealis" or "historical", or None.

    """
    c = cues()
    if trigger.stative and token.dep_ in {"acl", "amod"} and _is_reduced(token):
        return "stative"
    if _describes_noun(token, trigger) or framing.names_danger(token, trigger):
        return "descriptive"
    if framing.asks_comment(token):
        return "boilerplate"
    if trigger.plover in c.relative_types and token.dep_ == "relcl":
        return "background"
    if framing.frames(token, trigger) or framing.is_alleged(token, trigger):
        return "background"
    if framing.is_setting(token, trigger):
        return "setting"
    if framing.halts_own_work(token, trigger):
        return "own-work"
    if framing.disputes_count(token, trigger):
        return "count-dispute"
    if framing.states(token, trigger):
        return "state"
    if framing.moves_someone(token, trigger):
        return "causative"
    if framing.is_aside(token):
        return "aside"
    if is_negated(token) and trigger.role != "casualty":
        return "negated"
    if (
        is_habitual(_predicate_chain(token), c.habitual_adverbs, c.habitual_adjectives)
        or defines_kind(token, c.kind_quantifiers)
        or (token.dep_ == "dobj" and defines_kind(token.head, c.kind_quantifiers))
    ):
        return "habitual"  # "militants who launch attacks across the border": the deed defines the kind
    if trigger.plover in c.forecast_types and _forecasts(token, c):
        return "forecast"
    if trigger.plover in c.grounds_types and _is_grounds(token, c):
        return "grounds"
    if _is_trend(token, c):
        return "trend"
    if (
        trigger.role == "event"
        and token.pos_ == "VERB"
        and any(ch.dep_ == "dobj" and counts_events(ch) for ch in token.children)
    ):
        return "summary"  # "fought two wars over the region"; a killing verb's object is its victims
    if framing.standing(token, trigger):
        return "background"
    if (trigger.role == "casualty" or trigger.group in c.cumulative_groups) and _is_cumulative(token, c):
        return "cumulative"
    for word in _predicate_chain(token):
        if any(ch.dep_ in {"aux", "auxpass"} and ch.lemma_.lower() in c.modal for ch in word.children):
            return "modal"
    # last, so that a statement of intent ("ready to send more soldiers to the area") stays one
    return _climb(token, c) or background_reason(token, trigger)  # "In May, a bomb exploded ..."


def _describes_noun(token: Token, trigger: TriggerDef) -> bool:
    """Return True for a participle that describes the noun it hangs on, not news.

    "a vote boycotted by the opposition", "a letter signed by the factions", "fighters
    retreating towards the border": a reduced relative names what the noun is; the killing
    words ("civilians killed in the strike") still count the event's victims.
    """
    return token.dep_ == "acl" and token.tag_ == "VBN" and trigger.role == "event" and _is_reduced(token)


def _is_reduced(token: Token) -> bool:
    """Return True for a participle with no subject or auxiliary of its own: a reduced relative.

    The parser also hangs a noun's content clause on it as ``acl``: "said in a statement that
    ten suspects had been detained" reports the detention (it has a subject and auxiliaries).
    """
    return not any(ch.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} for ch in token.children)


def _climb(token: Token, c: Cues) -> str | None:
    """Walk up from the trigger to the verb that reports it, looking for irrealis heads."""
    current = token
    for _ in range(_MAX_CLIMB):
        if _is_purpose_infinitive(current) and not _carries_out(current, c):
            return "irrealis"
        for child in current.children:
            if child.dep_ == "mark" and child.lower_ in c.conditional:
                return "conditional"
            if child.dep_ == "mark" and child.lower_ in c.historical_marks:
                return "historical"
        head = current.head
        if head.i == current.i or current.dep_ not in _COMPLEMENT:
            return None
        if current.dep_ == "relcl":
            return None  # "protesters who had rallied": a relative clause states a fact
        lemma = head.lemma_.lower()
        if lemma in c.presupposing and current.dep_ in {"dobj", "prep", "pobj", "nsubjpass"}:
            return None  # "to disperse a protest": the protest happened
        if lemma in c.reporting and current.dep_ in {
            "ccomp",
            "xcomp",
            "advcl",
            "conj",
            "parataxis",
        }:
            return None
        if lemma in c.historical and head.pos_ == "NOUN":
            return "historical"
        complement = current.dep_ in {
            "xcomp",
            "ccomp",
            "acl",
            "pcomp",
            "pobj",
            "prep",
            "dobj",
            "oprd",
        }
        if current.dep_ == "ccomp" and _doubts(head, c):
            return "irrealis"  # "it was not clear what he was accused of"
        if complement and head.pos_ in {"VERB", "AUX", "ADJ"} and lemma in c.irrealis:
            return "irrealis"
        if current.dep_ == "nsubjpass" and lemma in c.irrealis and any(ch.dep_ == "xcomp" for ch in head.children):
            return "irrealis"  # "talks are expected to resume", "the vote is due to take place"
        if complement and head.pos_ == "NOUN" and lemma in c.irrealis_nouns:
            return "irrealis"
        if (
            head.pos_ in {"VERB", "AUX"}
            and any(ch.dep_ in {"aux", "auxpass"} and ch.lemma_.lower() in c.modal for ch in head.children)
            and current.dep_ in {"xcomp", "dobj", "ccomp", "conj", "advcl"}
        ):
            return "modal"
        current = head
    return None


def _doubts(copula: Token, c: Cues) -> bool:
    """Return True for a head that says its clause is not known: "was not clear", "is unclear", "is not known"."""
    negated = any(ch.dep_ == "neg" for ch in copula.children)
    if copula.lemma_ != "be":
        return (negated and copula.lower_ in c.known) or copula.lower_ in c.unknown
    return any(
        ch.dep_ == "acomp" and ((negated and ch.lower_ in c.known) or ch.lower_ in c.unknown) for ch in copula.children
    )


def _forecasts(token: Token, c: Cues) -> bool:
    """Return True for a warning whose clause says what could happen: "warned X could attack".

    Or what is at risk: "warned that the country risked sliding back into war".
    """
    return any(
        clause.dep_ == "ccomp"
        and (
            clause.lemma_.lower() in c.forecast_verbs
            or any(a.dep_ == "aux" and a.lower_ in c.forecast_modals for a in clause.children)
        )
        for clause in token.children
    )


def _is_grounds(token: Token, c: Cues) -> bool:
    """Return True for the grounds of a verb's action: "arrested on charges of treason"."""
    prep = token.head
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "pobj"
        and prep.lower_ in c.grounds_prepositions
        and prep.head.pos_ == "VERB"
    )


def _is_trend(token: Token, c: Cues) -> bool:
    """Return True for a present perfect over a span of time: "has long demanded".

    "have been trying since early 2021 to seize the city": the span may sit on the verb the
    trigger is the aim of. "have been killed since Monday" is a toll to date, not a trend.
    A toll over a longer span is: "have killed 3,600 people this year", "has besieged it since
    May", and, across a coordination, "have been killed and 60,000 displaced since fighting
    erupted in May last year" (the span hangs on the last conjunct, the perfect on the first).
    """
    if token.dep_ == "nsubj" and _reaches_span(token.head, c):
        return True  # "the fighting entered its second week"
    word = _predicate_chain(token)[-1]
    phrase = []
    if word.dep_ == "pobj" and word.head.dep_ == "prep" and word.head.head.pos_ in {"VERB", "AUX"}:
        phrase = [word]  # "has been under a blockade for two years": the span may be the noun's
        word = word.head.head
    chain = [word]
    for _ in range(3):
        if word.dep_ not in {"xcomp", "advcl", "conj"} or word.head.i == word.i:
            break
        word = word.head
        chain.append(word)
    for i, word in enumerate(chain):
        if not _is_perfect(word, c):
            continue
        # The span may also sit on a later conjunct of this verb or of the words below it.
        spanned = [*chain[: i + 1], *(ch for w in chain[: i + 1] for ch in w.children if ch.dep_ == "conj")]
        if any(_is_span(ch, c) for w in spanned for ch in w.children):
            return True
        # In the noun's phrase the span may hang lower: "under a blockade by militants for two
        # years" (the parser hangs "for two years" on "militants").
        if any(_is_span(t, c) for w in phrase for t in w.subtree if t.i != w.i):
            return True
    return False


def _is_perfect(word: Token, c: Cues) -> bool:
    """Return True for a present perfect, or one reported in the past ("said it had neutralised")."""
    tags = {"VBZ", "VBP"}
    if word.dep_ == "ccomp" and word.head.lemma_.lower() in c.reporting:
        tags.add("VBD")  # reported speech moves the perfect back one tense
    return any(ch.dep_ == "aux" and ch.lemma_ == "have" and ch.tag_ in tags for ch in word.children)


def _reaches_span(verb: Token, c: Cues) -> bool:
    """Return True for "entered its second week", "marked its 100th day": a span reached."""
    return verb.lemma_.lower() in c.trend_milestones and any(
        ch.dep_ == "dobj" and (ch.lemma_.lower() in c.trend_units or ch.lemma_.lower() == "day") for ch in verb.children
    )


def _is_span(child: Token, c: Cues) -> bool:
    """Return A modifier naming a span of time: "long", "since 2021", "for months", "this year"."""
    if child.dep_ == "advmod":
        return child.lower_ in c.trend_adverbs
    if child.dep_ == "npadvmod":  # "this year"
        return child.lemma_.lower() in c.trend_current and any(
            d.dep_ == "det" and d.lower_ == "this" for d in child.children
        )
    if child.dep_ == "advcl":  # "since fighting erupted in May last year", not "since Monday"
        return any(m.dep_ == "mark" and m.lower_ == "since" for m in child.children) and any(
            _names_long_ago(w, c) for w in child.subtree
        )
    if child.dep_ != "prep" or child.lower_ not in {"since", "for", "over"}:
        return False  # "over the past week": a toll summed over the span
    if child.lower_ == "since" and any(g.dep_ == "pobj" and g.lemma_.lower() in c.trend_epochs for g in child.children):
        return True  # "since the coup": an era, not the day's event
    return any(g.dep_ == "pobj" and _names_long_ago(g, c) for g in child.children)


def _names_long_ago(word: Token, c: Cues) -> bool:
    """Return True for a year ("2021"), a month ("May") or a unit ("months", "last year")."""
    return (
        (word.like_num and len(word.text) == 4)
        or word.lemma_.lower() in c.trend_units
        or (word.lower_ in c.trend_months and word.pos_ == "PROPN")
    )


def _is_cumulative(token: Token, c: Cues) -> bool:
    """Return A whole war's toll: its subject is the war or conflict itself.

    The subject may be a coordinated verb's: "the insurgency began in 2009 and has killed
    more than 40,000 people and displaced some two million".
    """
    words = [token]
    while words[-1].dep_ == "conj" and words[-1].head.i != words[-1].i and len(words) < 4:
        words.append(words[-1].head)
    for word in words:
        if any(ch.dep_ == "nsubj" and ch.lemma_.lower() in c.cumulative for ch in word.children):
            return True
    if _runs_on(token, c):
        return True
    for child in token.children:
        # "killed in the war", "since the conflict began"
        if (
            child.dep_ == "prep"
            and child.lower_ in {"in", "since", "during"}
            and any(g.dep_ == "pobj" and g.lemma_.lower() in c.cumulative for g in child.children)
        ):
            return True
    return False


def _runs_on(token: Token, c: Cues) -> bool:
    """Return True for a running total: "the fighting ... has now killed 11 people"."""
    perfect = any(ch.dep_ == "aux" and ch.lemma_ == "have" and ch.tag_ in {"VBZ", "VBP"} for ch in token.children)
    if not perfect or not any(ch.dep_ == "nsubj" and ch.lemma_.lower() in c.running_subjects for ch in token.children):
        return False
    adverbs = {ch.lower_ for ch in token.children if ch.dep_ == "advmod"}
    phrases = {" ".join(t.lower_ for t in ch.subtree) for ch in token.children if ch.dep_ in {"prep", "advmod"}}
    return bool((adverbs | phrases) & c.running_adverbs)


def is_denied(token: Token) -> bool:
    """Return True when the trigger is what someone denies: "denied shelling the camp"."""
    denial = cues().denial
    current = token
    for _ in range(4):
        head = current.head
        if head.i == current.i or current.dep_ not in {
            "xcomp",
            "ccomp",
            "dobj",
            "pcomp",
            "pobj",
            "prep",
        }:
            return False
        if head.lemma_.lower() in denial:
            return True
        current = head
    return False


def _carries_out(infinitive: Token, c: Cues) -> bool:
    """Return the "to"-clause is the act its head reports done, not an aim.

    "continued to shell the town" (an implicative head); "used drones to drop grenades on a
    checkpoint" (a verb of means with its instrument as object or passive subject), but not
    "used to attack villages" (a habit: no instrument).
    """
    head = infinitive.head
    lemma = head.lemma_.lower()
    if lemma in c.implicative:
        # Its complement, not an adjunct of purpose: "went on strike to demand action" is an aim.
        return infinitive.dep_ != "advcl"
    return (
        lemma in c.instrumental
        and infinitive.dep_ in {"xcomp", "advcl"}
        and any(ch.dep_ in {"dobj", "nsubjpass"} for ch in head.children)
    )


def _is_purpose_infinitive(token: Token) -> bool:
    """Return A "to"-infinitive that states an aim: "fought to retake", "a bid to free"."""
    return (
        token.pos_ == "VERB"
        and token.dep_ in {"xcomp", "acl", "advcl", "relcl"}
        and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in token.children)
    )


def is_out_of_range(when: EventDate | None, reference: date | None) -> str | None:
    """Return "historical" when ``when`` ended long before ``reference``, "future" after it."""
    if when is None or reference is None:
        return None
    if is_historical(when, reference, days=cues().max_days):
        return "historical"
    if date.fromisoformat(when["value"]) > reference:
        return "future"
    return None
