"""The ``eventwire_attribution`` component: who a statement rests on.

Finds attribution cues ("said", "told AFP", "according to", "claimed", "denied", "in a statement
released by", "quoted", "reported by"), the source each one names (from the dependency parse:
the cue verb's subject, the object of "according to", the agent of "reported by"), and the
source's type. Results:

- ``doc.spans["eventwire_attribution"]``: the cue spans, labelled by kind (REPORT, CLAIM,
  CONFIRM, DENY, OBSERVE, SPECULATE);
- ``doc.spans["eventwire_sources"]``: the source spans, labelled by source type;
- ``doc._.eventwire_attributions``: :class:`Attribution` records linking the two, with the
  clause each cue governs (its scope) and pronouns ("it said", "the monitor added") resolved
  to the source named before them.

Scope rule: a verb cue governs its sentence, unless the verb sits in a relative or adverbial
clause, where it governs that clause only; a phrase cue governs the clause it is attached to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from worker.core.lexicons import load_toml
from worker.core.nlp.attribution_rules import CueRules, content_flags, find_source, issuer, noun_phrase
from worker.core.nlp.source_types import (
    TypeHit,
    best_hit,
    classify,
    is_anonymous,
    is_sponsor,
    split_types,
    type_hits,
)
from worker.core.records import SourceType
from worker.core.sentences import ents_in

SPANS_KEY = "eventwire_attribution"
SOURCES_KEY = "eventwire_sources"
EXTENSION = "eventwire_attributions"
_SUBORDINATE = frozenset({"relcl"})  # "which police said killed 7" governs its clause only
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "who", "which", "that"})
_SPEAKING = frozenset({"report", "confirm", "deny", "claim"})
# Sources that are no party to an event they speak of: their "claimed" is a report.
_NO_PARTY_TYPES = frozenset({"witness", "monitor", "analyst", "media", "medical"})
_PERSON_TYPES = frozenset({"witness", "official", "analyst", "media", "medical", "police", "military"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution cue and the source it names.

    Attributes:
        kind: report, claim, confirm, deny, observe or speculate.
        cue: the cue words.
        source: the source's noun phrase (``None`` for "it was reported").
        type: the source's type.
        name: the source as named (resolved through pronouns), or ``None``.
        named: whether the source is named or specific ("police" is, "sources" are not).
        anonymous: unnamed on purpose ("a security source", "who asked not to be named").
        scope: token range ``(start, end)`` the cue governs.
        responsibility: a claim of having done it ("claimed the attack").
        party_claim: the source's own side claims the other side's losses.
        has_content: the governed clause reports an event word or a number.
        numbers: the numbers in the governed clause, to find conflicting figures.
        wire: the article's own publisher's journalists saw it: the wire's own statement.
        no_party: the statement is about a disaster nobody is a party to (an earthquake).

    """

    kind: str
    cue: Span
    source: Span | None
    type: SourceType
    name: str | None
    named: bool
    anonymous: bool
    scope: tuple[int, int]
    responsibility: bool = False
    party_claim: bool = False
    has_content: bool = True
    numbers: tuple[str, ...] = ()
    wire: bool = False
    no_party: bool = False

    @property
    def sentence_start(self) -> int:
        """Token index of the start of the cue's sentence."""
        return self.cue.sent.start


class AttributionFinder:
    """Finds attribution cues and their sources."""

    def __init__(self, nlp: Language, name: str, lexicon: str) -> None:
        self.name = name
        self.rules = CueRules.from_toml(load_toml(lexicon))
        self.statements = self.rules.statement_objects | self.rules.bare_report_nouns
        self.issuing = frozenset(load_toml(lexicon)["verb_rules"]["issuing_verbs"])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, phrase in enumerate(self.rules.phrases):
            self.phrases.add(str(index), [nlp.make_doc(phrase.words)])

    def __call__(self, doc: Doc) -> Doc:
        """Add the attribution spans and records to ``doc``."""
        found: list[Attribution] = []
        for token in doc:
            if (attribution := self._verb_cue(token)) is not None:
                found.extend(self._split(attribution))
        for match_id, start, end in self.phrases(doc):
            phrase = self.rules.phrases[int(doc.vocab.strings[match_id])]
            if (attribution := self._phrase_cue(doc[start:end], phrase.kind, phrase.source)) is not None:
                found.extend(self._split(attribution))
        hits = type_hits(list(doc))
        names = [h for h in hits if h.rank == 1]
        groups = [h for h in hits if h.type in _GROUP_TYPES and h.rank <= 2]
        found = _resolve(_dedupe(sorted(found, key=lambda a: a.cue.start)), names, groups)
        doc.spans[SPANS_KEY] = [Span(doc, a.cue.start, a.cue.end, label=a.kind.upper()) for a in found]
        doc.spans[SOURCES_KEY] = [
            Span(doc, a.source.start, a.source.end, label=a.type) for a in found if a.source is not None
        ]
        doc._.set(EXTENSION, tuple(found))
        return doc

    def _verb_cue(self, token: Token) -> Attribution | None:
        kind = self.rules.verb_kind(token)
        if kind is None:
            return None
        source = find_source(token)
        if token.tag_ == "VBG" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
            # "..., X told Reuters, adding ...", "X said ..., contradicting ...": the participle
            # speaks for the cue verb before it, not for the story's subject.
            before = [t for t in token.sent if t.i < token.i and self.rules.verb_kind(t) in _SPEAKING]
            if before and (speaker := find_source(before[-1])) is not None:
                source = speaker
        if kind == "observe" and (source is None or classify(source) in {"unknown", "anonymous"}):
            return None  # "the attack saw ..." is no observation; "medics counted 11 bodies" is
        if token.dep_ in _SUBORDINATE and kind in {"report", "observe"}:
            scope = (token.left_edge.i, token.right_edge.i + 1)
        else:
            scope = (token.sent.start, token.sent.end)  # a denial or a claim speaks for all of it
        return self._build(kind, token.doc[token.i : token.i + 1], source, scope, token)

    def _phrase_cue(self, cue: Span, kind: str, where: str) -> Attribution | None:
        last, head = cue[-1], cue.root.head
        doc = cue.doc
        if cue.start > 0 and doc[cue.start - 1].lower_ in {"without", "not"}:
            return None  # "without citing its sources" is a hedge
        if kind == "claim" and self.rules.verb_kind(cue[0]) is None and cue[0].lemma_.lower() == "claim":
            return None  # "the lives claimed by the cyclone": the verb claims nothing
        if phrase_verb_passive_quote(cue):
            return None  # "X was quoted by the outlet as saying": the verb cue names X
        if where == "subject":
            if self.rules.verb_kind(head) is not None:
                return None  # "X said in a statement": the verb is the cue already
            source = find_source(head)
        else:
            objects = [c for c in last.children if c.dep_ in {"pobj", "dobj", "pcomp"}]
            if not objects and last.dep_ == "agent":
                objects = [c for c in last.children if c.dep_ == "pobj"]
            if not objects:
                return None
            source = noun_phrase(objects[0])
        anchor = cue.root.head if cue.root.dep_ not in {"ROOT"} else cue.root
        if anchor.dep_ in _SUBORDINATE:
            scope = (anchor.left_edge.i, anchor.right_edge.i + 1)
        else:
            scope = (cue.sent.start, cue.sent.end)
        return self._build(kind, cue, source, scope, anchor)

    def _build(self, kind: str, cue: Span, source: Span | None, scope: tuple[int, int], verb: Token) -> Attribution:
        doc = cue.doc
        if source is not None and (body := issuer(source, self.statements, self.issuing)) is not None:
            source = body  # "according to a statement issued by the general staff"
        source_type: SourceType = classify(source) if source is not None else "unknown"
        bare = source is not None and source.root.lemma_.lower() in self.rules.bare_report_nouns
        if kind == "speculate" and bare:
            kind = "report"  # "social media posts suggested": a report nobody stands behind
        elif kind == "report" and self._reports_speculation(verb):
            kind = "speculate"  # "analysts said the attack suggested ...": no evidence
        elif kind == "report" and self.rules.reports_denial(verb):
            kind = "deny"  # "a figure the army said was exaggerated": a denial, of the whole sentence
            scope = (cue.sent.start, cue.sent.end)
        named = source is not None and _is_named(source, self.rules.bare_report_nouns)
        name = _name_of(source) if source is not None else None
        skip = set(range(source.start, source.end)) if source is not None else set()
        clause = [t for t in doc[scope[0] : scope[1]] if t.i not in skip and t.i not in range(cue.start, cue.end)]
        has_content, numbers = content_flags(clause, self.rules)
        if scope == (cue.sent.start, cue.sent.end):
            # Figures are the source's own side of a semicolon ("Police said three died;
            # organisers said the toll was at least 11"); its scope stays the sentence.
            low, high = _semicolon_part(cue.root)
            # Nor are another source's figures in a clause it governs inside the sentence
            # ("Police said two died, ..., where doctors said 11 bodies had been brought in";
            # "with police reporting six dead and the monitor saying 40 were killed").
            others = self._other_speakers(cue.root, source)
            own = [t for t in clause if low <= t.i < high and t.i not in others]
            numbers = content_flags(own, self.rules)[1]
        party = self.rules.own_side_acts(verb, source_type, source)
        if kind == "claim" and source_type in _NO_PARTY_TYPES and not party and not _claims_an_act(cue):
            kind = "report"  # "activists claimed that police killed 12": an assertion by no party
        responsibility = kind == "claim" or self.rules.claims_responsibility(verb)
        if responsibility and kind == "report" and source_type == "armed_group":
            kind = "claim"
        return Attribution(
            kind=kind,
            cue=cue,
            source=source,
            type=source_type,
            name=name,
            named=named,
            anonymous=source is not None and is_anonymous(source),
            scope=scope,
            responsibility=responsibility,
            party_claim=party and source_type in {"military", "police", "official", "armed_group"},
            has_content=has_content,
            numbers=numbers,
            no_party=any(t.lemma_.lower() in self.rules.no_party_lemmas for t in clause),
        )

    def _other_speakers(self, verb: Token, source: Span | None) -> set[int]:
        """Token indices of the clauses other sources' cue verbs in the sentence govern.

        Not the cue's own clause, nor a participle with no subject ("..., putting the toll at
        14"), which speaks for the source before it, nor a verb of the same source.
        """
        ancestors = {a.i for a in verb.ancestors}
        found: set[int] = set()
        for token in verb.sent:
            if token.i == verb.i or token.i in found:
                continue
            if token.pos_ != "VERB" or self.rules.verb_kind(token) not in _SPEAKING:
                continue
            if token.tag_ == "VBG" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
                continue
            other = find_source(token)
            if other is None or (source is not None and other.root.i == source.root.i):
                continue
            if token.i not in ancestors:
                found.update(t.i for t in token.subtree)
        for token in verb.ancestors:
            # "Police said two died, and doctors said seven bodies were brought in": the clause
            # the other source's verb governs is its own, though that verb heads the sentence.
            if token.pos_ != "VERB" or self.rules.verb_kind(token) not in _SPEAKING:
                continue
            other = find_source(token)
            if other is None or (source is not None and other.root.i == source.root.i):
                continue
            for child in token.children:
                if child.dep_ in {"ccomp", "xcomp", "parataxis"} and verb.i not in {t.i for t in child.subtree}:
                    found.update(t.i for t in child.subtree)
        return found

    def _reports_speculation(self, verb: Token) -> bool:
        for child in verb.children:
            if child.dep_ == "ccomp" and self.rules.verbs.get(child.lemma_.lower()) == "speculate":
                subjects = [c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}]
                return not any(s.lemma_.lower() in self.rules.bare_report_nouns for s in subjects)
        return False

    def _split(self, attribution: Attribution) -> list[Attribution]:
        """One record per source when a span joins several ("police and hospital officials")."""
        if attribution.source is None:
            return [attribution]
        parts = split_types(attribution.source)
        if not parts:
            return [attribution]
        return [
            replace(attribution, type=hit.type, name=span.text, named=True, party_claim=False) for hit, span in parts
        ]


def _semicolon_part(token: Token) -> tuple[int, int]:
    """The cue's sentence, or its part between semicolons.

    "Police said three people died; organisers said the toll was at least 11": each source
    gives the figures on its own side of the semicolon.
    """
    sent = token.sent
    marks = [t.i for t in sent if t.text == ";"]
    if not marks:
        return (sent.start, sent.end)
    start = max([sent.start] + [m + 1 for m in marks if m < token.i])
    end = min([sent.end] + [m for m in marks if m > token.i])
    return (start, end)


def _claims_an_act(cue: Span) -> bool:
    """Whether the claim is of an act: "claimed responsibility", "claimed the attack", "claimed to have"."""
    verb = cue.root
    return any(
        c.dep_ == "dobj" or (c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)) for c in verb.children
    )


def phrase_verb_passive_quote(cue: Span) -> bool:
    """Whether a "quoted by" cue hangs on a passive "was quoted" (whose subject is the speaker)."""
    verb = cue[0] if cue[0].lemma_.lower() == "quote" else None
    return verb is not None and any(c.dep_ == "auxpass" for c in verb.children)


def _is_named(source: Span, bare_nouns: frozenset[str]) -> bool:
    hits = type_hits(list(source))
    names = [h for h in hits if h.rank == 1 and h.type != "unknown"]
    if source.root.lemma_.lower() in bare_nouns and not names and source.root.pos_ != "PROPN":
        return False  # "reports said", "footage showed": nobody named; "The Jakarta Globe" is
    if hits and all(h.type == "unknown" for h in hits) and not any(t.ent_type_ == "PERSON" for t in source):
        return False  # "messages in WhatsApp groups said", "Facebook pages reported": a platform, no owner
    return source.root.lower_ not in _PRONOUNS


def _name_of(source: Span) -> str:
    """Return the source as named: its entity, the lexicon name that types it, or its words."""
    root = source.root
    for ent in ents_in(source):
        if ent.label_ in {"PERSON", "ORG"} and ent.start <= root.i < ent.end:
            return _with_of_phrase(ent, source).text
    hit = best_hit(source, type_hits([t for t in source if not is_sponsor(t)]))
    if hit is not None and hit.rank == 1:
        doc = source.doc
        # Extend a lexicon name to the entity it is part of ("Syrian Observatory for Human Rights").
        covering = [e for e in ents_in(source) if e.start <= hit.start and hit.end <= e.end]
        entity = covering[0] if covering else None
        return (
            entity.text if entity is not None and entity.label_ in {"ORG", "PERSON"} else doc[hit.start : hit.end].text
        )
    for ent in ents_in(source):
        if ent.label_ in {"PERSON", "ORG"} and not is_sponsor(ent[-1]):
            return _with_of_phrase(ent, source).text
    return source.text


def _with_of_phrase(ent: Span, source: Span) -> Span:
    """Extend a name by its "for"/"of" phrase of capitalised words ("Mwatana for Human Rights")."""
    doc = ent.doc
    end = ent.end
    while end + 1 < source.end and doc[end].lower_ in {"for", "of"} and doc[end + 1].is_title:
        end += 1
        while end < source.end and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
    return doc[ent.start : end]


def _is_anaphoric(attribution: Attribution) -> bool:
    source = attribution.source
    if source is None:
        return False
    if source.root.lower_ in _PRONOUNS:
        return True
    if _introduced(source):
        return False
    # "the monitor", "the group", "the 38-year-old": definite, no name of its own.
    # A nationality or place makes it a new source ("the Ukrainian military"), not a reference.
    return (source[0].lower_ == "the" or (source.start > 0 and source.doc[source.start - 1].lower_ == "the")) and not (
        any(t.ent_type_ not in {"", "DATE", "CARDINAL", "ORDINAL", "QUANTITY"} for t in source)
        or any(h.rank == 1 for h in type_hits(list(source)))
    )


def _introduced(source: Span) -> bool:
    """Whether a definite source is a new one: "the club's manager, Sipho Ndlovu", "the bar's owner".

    A person's name set beside it, or an owner it belongs to that is no source already named
    ("the club's", not "the group's" or "the army's"), introduces someone new.
    """
    root = source.root
    if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children):
        return True
    return any(
        c.dep_ == "poss"
        and c.pos_ == "NOUN"
        and c.lemma_.lower() not in _GROUP_NOUNS
        and not type_hits(list(c.subtree))
        for c in root.children
    )


def _compatible(pronoun: str, candidate: Attribution, wanted: SourceType) -> bool:
    if pronoun in {"he", "she", "i"}:
        # "the group's spokesman said ... He added": a speaking role is a person, whatever it speaks for
        spokesperson = candidate.source is not None and candidate.source.root.lemma_.lower() in _SPEAKING_ROLES
        return (
            candidate.type in _PERSON_TYPES
            or spokesperson
            or any(t.ent_type_ == "PERSON" for t in candidate.source or ())
        )
    if pronoun in {"it", "its"}:
        return candidate.type not in {"witness", "analyst"}
    if wanted not in {"unknown", "anonymous"}:
        return candidate.type == wanted
    return True


def _resolve(found: list[Attribution], names: list[TypeHit], groups: list[TypeHit]) -> list[Attribution]:
    """Give pronoun and definite sources the name and type of the source they refer back to.

    The antecedent is the latest earlier named source of a compatible type; failing that, for
    a definite description ("the jihadist group"), the latest earlier name of the same type in
    the text ("the Islamic State group" in the lead).
    """
    resolved: list[Attribution] = []
    for attribution in found:
        if _is_another(attribution) and resolved:
            # "One witness said ...; another said ...": a second source of the first one's kind.
            resolved.append(replace(attribution, type=resolved[-1].type))
            continue
        if (group := _spoken_for(attribution, groups)) is not None:
            resolved.append(replace(attribution, name=group[0], type=group[1], named=True))
            continue
        resolved.append(
            _resolve_one(attribution, resolved, names, groups) if _is_anaphoric(attribution) else attribution
        )
    return resolved


def _is_another(attribution: Attribution) -> bool:
    """Whether the source is "another" or "a second" (one): a new source of the last one's kind."""
    source = attribution.source
    if source is None or attribution.type != "unknown":
        return False
    return any(t.lower_ in {"another", "second"} for t in source)


def _resolve_one(
    attribution: Attribution, earlier: list[Attribution], names: list[TypeHit], groups: list[TypeHit]
) -> Attribution:
    source = cast(Span, attribution.source)
    pronoun = source.root.lower_
    if source.root.lemma_.lower() in _GROUP_NOUNS and attribution.type == "unknown":
        group = _latest_group(source, groups)
        if group is not None:
            return replace(attribution, name=group[0], type=group[1], named=True)
    antecedent = next(
        (
            previous
            for previous in reversed(earlier)
            if previous.named
            and previous.source is not None
            and previous.cue.start < attribution.cue.start
            and previous.source.root.lower_ not in _PRONOUNS
            and _compatible(pronoun, previous, attribution.type)
        ),
        None,
    )
    if antecedent is None:
        if pronoun in _PRONOUNS or attribution.type in {"unknown", "witness"}:
            return attribution
        name = next(
            (h for h in reversed(names) if h.type == attribution.type and h.end <= source.start),
            None,
        )
        if name is None:
            return attribution
        return replace(attribution, name=source.doc[name.start : name.end].text)
    keeps_type = attribution.type not in {"unknown", "witness"} and pronoun not in _PRONOUNS
    return replace(
        attribution,
        name=antecedent.name,
        type=attribution.type if keeps_type else antecedent.type,
        named=True,
        anonymous=antecedent.anonymous,
        kind="claim" if antecedent.type == "armed_group" and attribution.kind == "report" else attribution.kind,
    )


# "the group", "the movement": an armed group or a monitoring group named before, never the
# army or the ministry that spoke in between.
_GROUP_NOUNS = frozenset({"group", "movement", "organisation", "organization"})
_GROUP_TYPES = frozenset({"armed_group", "monitor"})


# Roles that speak for the body in their "for"/"of" phrase: "a spokesman for the group".
_SPEAKING_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "leader", "member"})


def _spoken_for(attribution: Attribution, groups: list[TypeHit]) -> tuple[str, SourceType] | None:
    """The group a speaker speaks for when it is named before: "a spokesman for the group" -> ADF."""
    source = attribution.source
    if source is None or source.root.lemma_.lower() not in _SPEAKING_ROLES:
        return None
    for owner in (c for c in source.root.children if c.dep_ == "poss" and c.lemma_.lower() in _GROUP_NOUNS):
        # "the group's spokesman, Naw Bu, said": the group named before speaks
        if any(d.dep_ == "det" and d.lower_ == "the" for d in owner.children):
            return _latest_group(owner.doc[owner.i : owner.i + 1], groups)
    for prep in (c for c in source.root.children if c.dep_ == "prep" and c.lower_ in {"for", "of"}):
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            definite = any(d.dep_ == "det" and d.lower_ == "the" for d in noun.children)
            if noun.lemma_.lower() in _GROUP_NOUNS and definite:
                return _latest_group(noun.doc[noun.i : noun.i + 1], groups)
    return None


def _latest_group(source: Span, names: list[TypeHit]) -> tuple[str, SourceType] | None:
    """Return the name and type of the latest armed or monitoring group named before ``source``."""
    doc = source.doc
    before = [h for h in names if h.end <= source.start]
    if not before:
        return None
    hit = before[-1]
    head = doc[hit.end - 1]
    start = min([hit.start] + [c.i for c in head.children if c.dep_ == "compound"])  # "Ansaru gunmen"
    return doc[start : hit.end].text, hit.type


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    """Keep one record per source span, and none without a source.

    A verb and a phrase often find the same source; "it was reported" names none (it is a
    hedge, which the hedge component finds).
    """
    seen: set[tuple[int, int, str | None, bool]] = set()
    unique: list[Attribution] = []
    for attribution in found:
        if attribution.source is None:
            continue
        # A source that states a figure and denies another's in one breath ("X said 21 died,
        # contradicting the toll of 35") keeps both records.
        key = (attribution.source.start, attribution.source.end, attribution.name, attribution.kind == "deny")
        if key not in seen:
            seen.add(key)
            unique.append(attribution)
    return unique


if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


@Language.factory(
    "eventwire_attribution",
    assigns=["doc.spans", f"doc._.{EXTENSION}"],
    requires=["token.lemma", "token.pos", "token.dep", "token.ent_type", "doc.sents"],
    default_config={"lexicon": "cues"},
)
def make_attribution_finder(nlp: Language, name: str, lexicon: str) -> AttributionFinder:
    """Build the attribution finder from ``lexicons/<lexicon>.toml``."""
    return AttributionFinder(nlp, name, lexicon)
