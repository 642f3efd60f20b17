"""What kind of source a noun phrase names: police, monitor, witness, armed group ...

A pure helper of the attribution component: the lexicon is loaded once from
``lexicons/cues.toml`` (``[source_types.*]``) and every source span is typed by the best-ranked
word in it: an organisation or outlet by name beats the body a speaker speaks for, which beats
the speaker's role, which beats the entity label (a bare person's name is a witness).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

import spacy
from spacy.tokens import Span, Token

from worker.core.lexicons import load_toml
from worker.core.records import SourceType
from worker.core.sentences import doc_ents

# Lower rank wins: names > organisations > generic bodies ("bureau", "council") > roles.
_RANKS = {"names": 1, "orgs": 2, "bodies": 3, "roles": 4}
# Clauses hanging off a source span describe it; words in them do not type it
# ("a resident who saw police open fire" is a witness, not the police).
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})
# "the UN-backed broadcaster", "Iran-backed militias": the sponsor named before the hyphen
# is not the source.
_SPONSORED = frozenset({"backed", "funded", "run", "owned", "supported", "sponsored", "allied", "affiliated", "linked"})
# "a pro-Kremlin blogger", "anti-junta militias": the side named after the hyphen.
_SIDING = frozenset({"pro", "anti"})
_COLLECTIVE = frozenset(
    {
        "coalition",
        "alliance",
        "group",
        "network",
        "umbrella",
        "federation",
        "union",
        "bloc",
        "grouping",
    }
)
# A source whose own clause says it monitors ("a US-based group that monitors cross-border
# attacks", "the tracker, which maps violence") is a monitor, when the lexicon cannot type it
# or types it as an organisation of analysts ("a think tank that tracks violence").
_MONITORING = frozenset({"monitor", "track", "map", "document", "record", "investigate"})


@dataclass(frozen=True, slots=True)
class TypeHit:
    """One lexicon word found in a source span."""

    type: SourceType
    rank: int
    start: int  # token indices in the doc
    end: int


@dataclass(frozen=True, slots=True)
class SourceLexicon:
    """Phrases (tuples of lower-cased words) to (type, rank), and the anonymity words.

    ``longest`` maps each phrase's first word to the length of the longest phrase it starts,
    so a scan only tries the lengths a word can start (most words start none).
    """

    phrases: dict[tuple[str, ...], tuple[SourceType, int]]
    anonymity_words: frozenset[str]
    anonymity_nouns: frozenset[str]
    longest: dict[str, int]
    mastheads: frozenset[str] = frozenset()


@cache
def source_lexicon() -> SourceLexicon:
    """Load the source-type lexicon, once."""
    data = load_toml("cues")
    # Entries are tokenised as text is, so "Kurdistan Workers' Party" matches word by word.
    tokenizer = spacy.blank("en").tokenizer
    phrases: dict[tuple[str, ...], tuple[SourceType, int]] = {}
    for level, rank in sorted(_RANKS.items(), key=lambda item: -item[1]):
        for type_name, words in data["source_types"][level].items():
            for word in words:
                key = tuple(t.lower_ for t in tokenizer(word.replace(" - ", "-")))
                phrases[key] = (cast(SourceType, type_name), rank)
    anonymity = data["anonymity"]
    longest: dict[str, int] = {}
    for key in phrases:
        longest[key[0]] = max(len(key), longest.get(key[0], 0))
    return SourceLexicon(
        phrases=phrases,
        anonymity_words=frozenset(anonymity["words"]),
        anonymity_nouns=frozenset(anonymity["source_nouns"]),
        longest=longest,
        mastheads=frozenset(data["source_types"]["mastheads"]),
    )


def describing_tokens(span: Span) -> list[Token]:
    """Return the words that name or qualify the source.

    Its noun phrase and appositives ("Heni Karoui, a Sahel security analyst"), without its
    clauses ("who saw police ...") or its sponsors ("the UN-backed broadcaster").
    """
    root = span.root
    doc = span.doc
    start = min(span.start, root.left_edge.i)
    if start < span.start and doc[span.start - 1].text == ",":
        # "In comments aired by the broadcaster RTS, Senegal's interior minister said": the
        # parser hung the phrase before the comma on the source; the source starts after it.
        start = span.start
    whole = doc[start : max(span.end, root.right_edge.i + 1)]
    skip: set[int] = set()
    # A name that reads like a clause is still a name ("Committee to Protect Journalists").
    entity = next((e for e in doc_ents(doc) if e.start <= root.i < e.end), None) if root.ent_type_ else None
    for token in whole:
        if entity is not None and entity.start <= token.i < entity.end:
            continue
        if token.dep_ in _CLAUSE_DEPS and token.i != root.i:
            skip.update(t.i for t in token.subtree)
        if is_sponsor(token):
            skip.add(token.i)
    return [t for t in whole if t.i not in skip]


def is_sponsor(token: Token) -> bool:
    """Return True for "UN" in "the UN-backed broadcaster": who backs the source, not the source.

    Also "Kremlin" in "a pro-Kremlin blogger": whom the source sides with.
    """
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in _SIDING:
        return True
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].lower_ in _SPONSORED


def _forms(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


def _matches(key: tuple[str, ...], tokens: list[Token], start: int) -> bool:
    if start + len(key) > len(tokens):
        return False
    for offset, word in enumerate(key):
        token = tokens[start + offset]
        if word not in _forms(token):
            return False
        if offset and tokens[start + offset - 1].i + 1 != token.i:
            return False  # a phrase is contiguous in the doc
    # Short all-caps names (IS, AP, UN, WHO) only match as written: "is", "who" are words.
    if len(key) == 1 and len(key[0]) <= 3:
        token = tokens[start]
        lexicon = source_lexicon()
        _, rank = lexicon.phrases[key]
        if rank == _RANKS["names"] and not token.text.isupper():
            return False
    return True


def type_hits(tokens: list[Token]) -> list[TypeHit]:
    """Every lexicon phrase in ``tokens``, longest first at each position, without overlaps."""
    lexicon = source_lexicon()
    hits: list[TypeHit] = []
    position = 0
    while position < len(tokens):
        found = _hit_at(lexicon, tokens, position)
        if found is not None:
            hits.append(found)
            position += found.end - found.start
        else:
            position += 1
    return hits


def _hit_at(lexicon: SourceLexicon, tokens: list[Token], position: int) -> TypeHit | None:
    # The longest phrase starting at ``position``; a single word also matches by its lemma.
    first = tokens[position]
    for length in range(min(lexicon.longest.get(first.lower_, 1), len(tokens) - position), 0, -1):
        key = tuple(t.lower_ for t in tokens[position : position + length])
        candidates = [key, (first.lemma_.lower(),)] if length == 1 else [key]
        for candidate in candidates:
            entry = lexicon.phrases.get(candidate)
            if entry is not None and _matches(candidate, tokens, position):
                return TypeHit(entry[0], entry[1], first.i, tokens[position + length - 1].i + 1)
    return None


def _collects(token: Token, hits: list[TypeHit]) -> bool:
    if token.lemma_.lower() not in _COLLECTIVE:
        return False
    inside = {t.i for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
    # It collects organisations ("a coalition of armed groups"); a union of journalists or
    # miners is a trade union, not the people it organises.
    return any(h.start in inside and h.rank <= _RANKS["orgs"] for h in hits)


def _depth(token: Token, root: Token) -> int:
    depth = 0
    while token.i not in (root.i, token.head.i) and depth < 20:
        token = token.head
        depth += 1
    return depth


def best_hit(span: Span, hits: list[TypeHit]) -> TypeHit | None:
    """Return the hit that types the span: lowest rank, then nearest the span's head."""
    doc = span.doc
    # "a coalition of Iran-backed armed groups" is the groups: a collective noun with an "of"
    # phrase takes the type of what it collects.
    hits = [h for h in hits if not _collects(doc[h.end - 1], hits)] or hits
    # A role word used as an adjective does not say who speaks ("unconfirmed local reports").
    hits = [h for h in hits if not (h.rank == _RANKS["roles"] and h.end - h.start == 1 and doc[h.start].dep_ == "amod")]
    # A platform ("social media", "Telegram") says where, not who: another word wins ("posts on
    # social media by residents" are the residents'), except the platform's own head noun
    # ("Telegram channels" stay unknown).
    platform_heads = {doc[h.end - 1].head.i for h in hits if h.type == "unknown"}
    if any(h.type != "unknown" and not platform_heads & set(range(h.start, h.end)) for h in hits):
        hits = [h for h in hits if h.type != "unknown"]
    if not hits:
        return None
    # Institutions, not outlets: "its Amaq news agency" stays the group's.
    orgs = {i: h.type for h in hits if h.rank == _RANKS["orgs"] and h.type != "media" for i in range(h.start, h.end)}
    bodies = {i for h in hits if h.rank == _RANKS["bodies"] for i in range(h.start, h.end)}
    professions = {
        i
        for h in hits
        if h.rank == _RANKS["roles"] and h.type not in {"official", "unknown"}
        for i in range(h.start, h.end)
    }

    def rank(hit: TypeHit) -> float:
        # A name that only modifies an institution ("Al-Aqsa Martyrs Hospital", "the Hamas-run
        # clinic") gives way to the institution; one that modifies a role ("Taliban spokesman")
        # does not.
        last = doc[hit.end - 1]
        if hit.rank == _RANKS["names"] and last.dep_ in {"compound", "amod", "nmod", "npadvmod"}:
            head = last.head
            while head.dep_ in {"compound", "amod", "nmod"} and head.head.i != head.i and head.i not in orgs:
                head = head.head
            # An armed group's own forces are the group ("the Ambazonia Defence Forces").
            if head.i in orgs and not (hit.type == "armed_group" and orgs[head.i] == "military"):
                return _RANKS["orgs"] + 0.5
        # A government that only employs a professional ("a government doctor", "the state
        # prosecutor's doctor") gives way to the profession.
        if (
            hit.type == "official"
            and hit.end - hit.start == 1
            and last.pos_ != "PROPN"
            and last.dep_ in {"compound", "amod", "nmod"}
            and last.head.i in professions
        ):
            return _RANKS["roles"] + 0.5
        # A generic body is its holder's or its members' ("the coroner's office" is medical).
        if hit.rank == _RANKS["roles"] and last.dep_ in {"poss", "compound", "nmod"} and last.head.i in bodies:
            return _RANKS["bodies"] - 0.5
        return hit.rank

    return min(hits, key=lambda h: (rank(h), _depth(doc[h.end - 1], span.root)))


def is_anonymous(span: Span) -> bool:
    """Whether the source is unnamed on purpose ("a security source", "an unnamed official")."""
    lexicon = source_lexicon()
    words = {t.lower_ for t in describing_tokens(span)}
    if words & lexicon.anonymity_words:
        return True
    root = span.root
    if root.lower_ in lexicon.anonymity_nouns or root.lemma_.lower() in lexicon.anonymity_nouns:
        # "sources close to the army" are anonymous; a named "source" never is.
        return not any(t.ent_type_ == "PERSON" for t in span)
    return False


def classify(span: Span) -> SourceType:
    """Return the source type of a source span (``unknown`` when nothing in it says)."""
    if is_anonymous(span):
        return "anonymous"
    hit = best_hit(span, type_hits(describing_tokens(span)))
    root = span.root
    monitoring = any(t.lemma_.lower() in _MONITORING for t in root.subtree if t.pos_ == "VERB")
    if hit is not None and hit.type in {"media", "unknown"} and _armed_groups_outlet(span):
        # "the Firat agency, which is close to the PKK", "a Telegram channel linked to the
        # Wagner group": the group's outlet
        return "armed_group"
    if (name := _self_name(root)) is not None:
        # "a group calling itself the Free Delta Brigade": a group naming itself is no state body;
        # it is what its name says when that is no state word ("... the Delta Rights Forum")
        own = best_hit(name, type_hits(list(name)))
        state = {"military", "official", "police", "unknown"}
        return own.type if own is not None and own.type not in state else "armed_group"
    if hit is not None:
        # "a think tank that tracks violence" does a monitor's work; an analyst who tracks
        # jihadist activity is still an analyst.
        person = any(t.ent_type_ == "PERSON" for t in span)
        return "monitor" if monitoring and hit.type == "analyst" and not person else hit.type
    if monitoring:
        return "monitor"
    if _masthead(root):
        return "media"  # "The Jakarta Globe reported"
    if root.ent_type_ != "GPE" and (members := _members_type(span)) is not None:
        return members
    named = any(t.ent_type_ == "PERSON" for t in span) or any(
        c.dep_ == "appos" and (c.like_num or c.ent_type_ == "PERSON") for c in root.children
    )
    if named:
        # a named person ("Olena Kovalchuk, 54,", "the bar's owner, John Dlamini,") with no
        # title or body the lexicon knows is a witness
        return "witness"
    if root.ent_type_ == "GPE":
        return "official"  # "Israel said", "Pakistan said": the state speaks
    return "unknown"


def _self_name(root: Token) -> Span | None:
    """The name a group gives itself: "a group calling itself the Free Delta Brigade"."""
    if root.lemma_.lower() not in {"group", "movement", "organisation", "organization"}:
        return None
    for verb in (c for c in root.children if c.dep_ == "acl" and c.lemma_.lower() == "call"):
        if any(o.lower_ in {"itself", "themselves"} for o in verb.children):
            names = [
                c
                for c in verb.children
                if c.dep_ in {"oprd", "dobj", "attr", "xcomp"} and c.lower_ not in {"itself", "themselves"}
            ]
            if names:
                return root.doc[names[-1].left_edge.i : names[-1].right_edge.i + 1]
            return root.doc[verb.i + 1 : verb.right_edge.i + 1]
    return None


def _masthead(root: Token) -> bool:
    """A newspaper by its masthead: a capitalised "Post", "Times", "Herald" closing a proper name.

    "The Jakarta Globe", "the Kenya Times"; not "social media posts" (lower case, no name).
    """
    if root.pos_ != "PROPN" or not root.text[:1].isupper() or root.lower_ not in source_lexicon().mastheads:
        return False
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children) or any(
        c.dep_ == "det" and c.lower_ == "the" for c in root.children
    )


# What a body's members are says what the body is; a body's residents or staff do not.
_MEMBER_TYPES = frozenset({"armed_group", "military", "police", "medical"})


def _members_type(span: Span) -> SourceType | None:
    """The type of the members a source names as its own ("X said its fighters overran ...").

    For a body the lexicon does not know: "the Chin Brotherhood said its fighters" is an armed
    group, "the Northern Command said its troops" the military.
    """
    root = span.root
    verb = root.head
    if verb.i == root.i:
        return None
    inside = range(span.start, span.end)
    for token in verb.subtree:
        if token.lower_ != "its" or token.dep_ != "poss" or token.i in inside:
            continue
        hit = _hit_at(source_lexicon(), [token.head], 0)
        if hit is not None and hit.type in _MEMBER_TYPES:
            return hit.type
    return None


# Words that tie an outlet to who runs it ("close to", "affiliated with", "PKK-run").
_AFFILIATION = (
    frozenset({"close", "linked", "affiliated", "allied", "loyal", "aligned", "tied", "mouthpiece"}) | _SPONSORED
)


def _armed_groups_outlet(span: Span) -> bool:
    """Whether a media source is tied to an armed group by its own clause or its sponsor."""
    root = span.root
    kept = {t.i for t in describing_tokens(span)}
    around = [t for t in root.subtree if t.i not in kept]
    if not any(t.lower_ in _AFFILIATION for t in root.subtree):
        return False
    return any(h.type == "armed_group" for h in type_hits(around))


def split_types(span: Span) -> list[tuple[TypeHit, Span]]:
    """Split sources joined by "and" in one span ("police and hospital officials").

    Returns an empty list when the span names a single source.
    """
    tokens = describing_tokens(span)
    joints = [t for t in tokens if t.dep_ == "cc" and t.lower_ in {"and", "&"}]
    if len(joints) != 1:
        return []
    doc = span.doc
    cut = joints[0].i
    parts: list[tuple[TypeHit, Span]] = []
    for half in ([t for t in tokens if t.i < cut], [t for t in tokens if t.i > cut]):
        side = [t for t in half if not t.is_punct and t.lower_ not in {"both", "the", "a", "an"}]
        if not side:
            return []
        hit = best_hit(doc[side[0].i : side[-1].i + 1], type_hits(side))
        if hit is None:
            return []  # "police in Kano and Kaduna": one source in two places
        parts.append((hit, doc[side[0].i : side[-1].i + 1]))
    return parts
