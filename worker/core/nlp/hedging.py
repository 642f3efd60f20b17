"""The ``eventwire_hedges`` component: words that say how sure a statement is.

Finds, per sentence, the cues that weaken, dispute or claim what is reported, and puts them in
``doc.spans["eventwire_hedges"]`` labelled:

- ``HEDGE``        "reportedly", "unverified", "not immediately confirmed", "could not be
                   independently verified", "feared dead"                       -> unconfirmed
- ``ANONYMITY``    "on condition of anonymity", "asked not to be named"         -> unconfirmed
- ``PASSIVE_REPORT`` "were reported killed" (a hedge only when no source is named)
- ``DENIAL``       "called the claims baseless", "no one was killed", "conflicting reports"
                                                                                -> disputed
- ``CLAIM``        "claimed responsibility", "took credit"                      -> claimed
- ``SPECULATION``  "may have", "fears of": not evidence for an event

The words are data (``lexicons/cues.toml``); the matchers are compiled once per component.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from worker.core.lexicons import load_toml
from worker.core.nlp.source_types import classify

SPANS_KEY = "eventwire_hedges"
_PHRASE_LABELS = {
    ("hedges", "phrases"): "HEDGE",
    ("anonymity", "phrases"): "ANONYMITY",
    ("denials", "phrases"): "DENIAL",
    ("speculation", "phrases"): "SPECULATION",
    ("claim_phrases", "phrases"): "CLAIM",
}
# A state body "taking responsibility" admits a failure or an accident; it claims no attack.
_STATE_TYPES = frozenset({"official", "military", "police"})
_NOBODY = frozenset({"nobody", "none", "no one", "noone"})
# How far up the tree a negation of a verification word may sit ("it was not possible to
# independently verify": verify -> possible -> was).
_NEGATION_REACH = 3


class HedgeFinder:
    """Finds hedge, anonymity, denial, claim and speculation cues."""

    def __init__(self, nlp: Language, name: str, lexicon: str) -> None:
        self.name = name
        data = load_toml(lexicon)
        hedges, denials = data["hedges"], data["denials"]
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for (section, key), label in _PHRASE_LABELS.items():
            self.matcher.add(label, [nlp.make_doc(phrase) for phrase in data[section][key]])
        self.adverbs = frozenset(hedges["adverbs"])
        self.adjectives = frozenset(hedges["adjectives"])
        self.identity_nouns = frozenset(hedges["identity_nouns"])
        self.nouns = frozenset(hedges["nouns"])
        self.admitting = frozenset(data["claim_phrases"]["admitting_verbs"])
        self.attributive = frozenset(hedges["attributive"])
        self.verification = frozenset(hedges["verification"])
        self.negators = frozenset(hedges["negators"])
        self.passive_verbs = frozenset(hedges["passive_report_verbs"])
        self.denial_adjectives = frozenset(denials["adjectives"])
        self.denial_targets = frozenset(denials["targets"]) | {f"{w}s" for w in denials["targets"]}
        self.statement_nouns = frozenset(hedges["statement_nouns"])
        anonymity = data["anonymity"]
        # Only these words mark anonymity anywhere in a sentence; "unidentified gunmen" does not.
        self.anonymity_words = frozenset({"anonymity", "anonymously"})
        self.anonymity = Matcher(nlp.vocab)
        self.anonymity.add(
            "ANONYMITY",
            [[
                {"LEMMA": {"IN": anonymity["verbs"]}},
                {"LOWER": "not", "OP": "?"},
                {"LOWER": "to"},
                {"LOWER": "be"},
                {"LEMMA": {"IN": anonymity["participles"]}},
            ]],
        )  # fmt: skip

    def __call__(self, doc: Doc) -> Doc:
        """Add ``doc.spans["eventwire_hedges"]``."""
        spans: list[Span] = []
        for label_id, start, end in [*self.matcher(doc), *self.anonymity(doc)]:
            spans.append(Span(doc, start, end, label=label_id))
        for sent in doc.sents:
            spans.extend(self._sentence_cues(sent))
        kept = [s for s in spans if s.label_ != "HEDGE" or self._hedges_report(s)]
        # A claim phrase negated is a denial: "said it had not carried out the attack".
        kept = [
            Span(doc, s.start, s.end, label="DENIAL") if s.label_ == "CLAIM" and _denied(s) else s
            for s in kept
            if s.label_ != "CLAIM" or self._claims(s) or _denied(s)
        ]
        doc.spans[SPANS_KEY] = _dedupe(kept)
        return doc

    def _claims(self, span: Span) -> bool:
        """Whether a claim phrase claims.

        Not "no group has claimed responsibility", "had not carried out the attack", nor the
        army "took responsibility for the accidental firing".
        """
        verb = next((t for t in span if t.pos_ in {"VERB", "AUX"}), span.root)
        if negated(verb):
            return False
        if verb.lemma_.lower() in self.admitting:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if any(classify(verb.doc[s.left_edge.i : s.i + 1]) in _STATE_TYPES for s in subjects):
                return False
        return True

    def _hedges_report(self, span: Span) -> bool:
        """Whether a hedge bears on the report, not on a detail of it.

        A hedge inside a relative or participle clause counts only when the clause describes a
        statement ("a figure that could not be independently confirmed", "the monitor, whose
        figures were not immediately confirmed", "a video purportedly showing"), not an event
        or a thing ("unrest that reportedly began after a cricket match").
        """
        node = span.root
        while node.head.i != node.i:
            if node.dep_ in {"relcl", "acl"}:
                subjects = [t for c in node.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree]
                words = {node.head.lower_, node.head.lemma_.lower()} | {
                    w for s in subjects for w in (s.lower_, s.lemma_.lower())
                }
                return bool(words & self.statement_nouns)
            node = node.head
        return True

    def _sentence_cues(self, sent: Span) -> list[Span]:
        doc = sent.doc
        found: list[Span] = []
        # Word forms, not lemmas: "claims" is a statement, "claimed" is not.
        nouns = {t.lower_ for t in sent}
        for token in sent:
            lower, lemma = token.lower_, token.lemma_.lower()
            if (
                (lower in self.adverbs and token.pos_ == "ADV")
                or (
                    lower in self.adjectives
                    and token.pos_ in {"ADJ", "VERB"}
                    and token.dep_ in {"amod", "acomp", "attr", "oprd", "conj"}
                    and not (token.dep_ == "amod" and token.head.lemma_.lower() in self.identity_nouns)
                )
                or (lower in self.nouns and token.pos_ == "NOUN")
                or (lower in self.attributive and token.dep_ == "amod")
            ):
                found.append(Span(doc, token.i, token.i + 1, label="HEDGE"))
            elif lemma in self.verification and (negator := self._negator(token)) is not None:
                start, end = min(negator.i, token.i), max(negator.i, token.i) + 1
                found.append(Span(doc, start, end, label="HEDGE"))
            elif lower in self.anonymity_words:
                found.append(Span(doc, token.i, token.i + 1, label="ANONYMITY"))
            elif (lower == "contrary" and self._against_statement(token)) or (
                lower in self.denial_adjectives and nouns & self.denial_targets
            ):
                found.append(Span(doc, token.i, token.i + 1, label="DENIAL"))
            elif _is_passive_report(token, self.passive_verbs):
                found.append(Span(doc, token.i, token.i + 1, label="PASSIVE_REPORT"))
        return found

    def _against_statement(self, token: Token) -> bool:
        """Whether "contrary to" sets a statement against another.

        "Contrary to the government's account, survivors said ...": "to" names a statement (the
        parser hangs it on "contrary" or beside it); "contrary to expectations" names none.
        """
        doc = token.doc
        statements = self.denial_targets | {"version", "versions"}
        preps = [c for c in token.children if c.lower_ == "to"]
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            preps.append(doc[token.i + 1])
        return any(o.lemma_.lower() in statements for p in preps for o in p.children if o.dep_ == "pobj")

    def _negator(self, token: Token) -> Token | None:
        """Return the word that negates a verification word ("not", "unable", "no", "yet")."""
        node = token
        for _ in range(_NEGATION_REACH):
            for child in node.children:
                if child.dep_ == "neg" or child.lower_ in self.negators:
                    return child
            if node.lower_ in self.negators or node.lemma_.lower() in self.negators:
                return node
            if node.dep_ not in {
                "xcomp",
                "acomp",
                "ccomp",
                "advcl",
                "pcomp",
                "pobj",
                "prep",
                "auxpass",
                "aux",
            }:
                break
            node = node.head
        return None


def _denied(span: Span) -> bool:
    """A claim phrase with its verb negated: "had not carried out the attack"."""
    verb = next((t for t in span if t.pos_ in {"VERB", "AUX"}), span.root)
    return any(c.dep_ == "neg" for c in verb.children)


def negated(verb: Token) -> bool:
    """Whether a verb is negated or has nobody as its subject.

    "did not claim", "no group has claimed", "has yet to claim".
    """
    for node in (verb, verb.head):
        for child in node.children:
            if child.dep_ == "neg" or child.lower_ == "yet":
                return True
            if child.dep_ in {"nsubj", "nsubjpass"} and (
                child.lower_ in _NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
            ):
                return True
        if verb.dep_ not in {"xcomp", "aux"}:
            break
    return False


def _is_passive_report(token: Token, verbs: frozenset[str]) -> bool:
    """Tell whether a reporting verb is a passive with no agent ("were reported killed")."""
    if token.lemma_.lower() not in verbs or token.tag_ not in {"VBN", "VBD"}:
        return False
    children = list(token.children)
    if any(c.dep_ == "agent" for c in children):
        return False
    # The participle with a complement is the passive whatever the parser made of its subject
    # ("with five civilians reported killed", "were believed dead").
    return any(c.dep_ in {"oprd", "xcomp", "acomp"} for c in children)


def _dedupe(spans: list[Span]) -> list[Span]:
    seen: set[tuple[int, int, str]] = set()
    unique: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        key = (span.start, span.end, span.label_)
        if key not in seen:
            seen.add(key)
            unique.append(span)
    return unique


@Language.factory(
    "eventwire_hedges",
    assigns=["doc.spans"],
    requires=["token.lemma", "token.pos", "token.tag", "token.dep", "doc.sents"],
    default_config={"lexicon": "cues"},
)
def make_hedge_finder(nlp: Language, name: str, lexicon: str) -> HedgeFinder:
    """Build the hedge finder from ``lexicons/<lexicon>.toml``."""
    return HedgeFinder(nlp, name, lexicon)
