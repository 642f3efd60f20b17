"""Words that tell the reader a mention is another event than the one told so far.

Merging joins a mention to a compatible earlier event; these cues override compatibility,
because wire copy often tells several incidents of one kind, place and day side by side:
"Separately, ...", "Also on Monday, ...", "Hours later, a man hurled a grenade ...",
"another exploded in a bar", or a clause marked as another time ("after a man was shot").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from worker.core.clauses import clause_head, is_separate_clause
from worker.core.definitions import linking_words
from worker.core.nonevents import cues

if TYPE_CHECKING:
    from worker.core.arguments import Mention

# How far into a sentence an opener may sit (words before the main verb).
_OPENER_REACH = 6
_SHIFT_REACH = 3


def opens_separately(mention: Mention) -> bool:
    """Return True when the mention's sentence announces another event before its clause.

    "In a separate incident, gunmen shot dead two policemen ..." and "Separately, troops
    freed 17 hostages": the opener (a word before the sentence's main verb) says this is not
    the event told so far, so the mention does not merge into an earlier sentence's event.
    """
    root = mention.sent.root
    if any(
        t.lower_ in linking_words("separate_openers")
        for t in mention.sent
        if t.i < root.i and t.i - mention.sent.start < _OPENER_REACH
    ):
        return True
    return _opens_with_day(mention.sent) or _shifts_time(mention)


def _opens_with_day(sent: Span) -> bool:
    """Return the sentence opens "Also on Monday, ...": a first word of ``separate_initial``, then a day."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words or words[0].lower_ not in linking_words("separate_initial"):
        return False
    lead = []
    for token in words[1:6]:
        if token.i >= sent.root.i:
            break
        lead.append(token)
    return any(t.ent_type_ == "DATE" for t in lead)


def _shifts_time(mention: Mention) -> bool:
    """Return True for "Hours later, a motorcyclist hurled a grenade ...": a new deed, later.

    A sentence that opens by moving the story on in time and names a doer of its own tells
    the next incident ("Hours later, gunmen shot dead four officers"). One that only updates
    the toll ("Later, the toll rose to nine", "a wounded man died") or tells, with no doer,
    what was found afterwards ("Hours later, the truck was found burned") still belongs to
    the event before it.
    """
    if mention.updates_toll or not (mention.actors or _active_subject(mention)):
        return False
    if mention.casualty_only and not any(c.dep_ == "dobj" for c in clause_head(mention.main.token).children):
        return False  # "Hours later, a wounded man died in hospital": the toll, not a deed
    words = [t for t in mention.sent if not (t.is_punct or t.is_space)][:_SHIFT_REACH]
    return any(t.lower_ in linking_words("time_shift_openers") and t.i < mention.sent.root.i for t in words)


def _active_subject(mention: Mention) -> bool:
    """Return True when the trigger's clause has a subject of its own that does the deed.

    "a motorcyclist hurled", "counter-terrorism units raided": a noun, not a pronoun that
    points back to the doers told so far ("they then set fire") nor a passive's subject.
    """
    verb = clause_head(mention.main.token)
    return any(c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"} for c in verb.children)


def new_instance(mention: Mention) -> bool:
    """Return True when the mention's doer or event word is "another" or "a second/third" one.

    "A grenade killed two people at a bus station, another exploded in a bar": an
    indefinite "another" or ordinal introduces one more event of the kind just told. A
    count of victims ("a third officer died of his wounds", "another was wounded") is the
    same event's toll, so casualty words alone do not count.
    """
    if mention.casualty_only:
        return False
    main = mention.main.token
    verb = clause_head(main)
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return any(_another(word) for word in (main, *subjects))


def _another(word: Token) -> bool:
    words = linking_words("new_instance")
    if word.lower_ == "another" or any(c.lower_ == "another" and c.dep_ == "det" for c in word.children):
        return True
    ordinal = word.lower_ in words or any(c.lower_ in words and c.dep_ in {"amod", "npadvmod"} for c in word.children)
    article = any(c.lower_ in {"a", "an"} and c.dep_ == "det" for c in (word, *word.children, *word.subtree))
    return ordinal and article


def _another_account(clause: Token) -> bool:
    """Return True for "while the government said the men died ...": a contrast on a report.

    A contrastive conjunction on a reporting verb sets one source's account against
    another's; it tells the same event, not another time.
    """
    return clause.lemma_.lower() in cues().reporting and any(
        c.dep_ == "mark" and c.lower_ in linking_words("contrast_marks") for c in clause.children
    )


def subordinate_apart(event_mentions: list[Mention], mention: Mention) -> bool:
    """A clause marked as another time ("after", "before") reports another event than its main clause.

    "The fighting broke out in Jiribam after a man was shot dead in his home on Friday": the
    killing is not the fighting the main clause's "fighting" refers to, a day apart or not.
    """
    clause = next((a for a in (mention.main.token, *mention.main.token.ancestors) if is_separate_clause(a)), None)
    if clause is None or _another_account(clause):
        return False
    inside = {t.i for t in clause.subtree}
    return any(m.sent.start == mention.sent.start and m.main.token.i not in inside for m in event_mentions)
