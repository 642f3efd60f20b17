"""The cheap prefilter: parse only the sentences that can hold an event or its arguments.

spaCy's cost grows with the number of tokens it parses, and most of a long wire story is
background with no event in it. Before the pipeline runs, the text is split into sentences
with a regular expression, and a sentence is a *candidate* when one of its words is an
inflection of a trigger lemma from ``lexicons/triggers.toml`` (or it holds a trigger phrase,
or both words of a dependency pattern): no tagger, no parser, only set look-ups. The
candidates, their neighbours (``lexicons/prefilter.toml``) and the lede are kept; every other
character except newlines becomes a space.

Blanking rather than cutting keeps every character offset exact: the blanked text has the
original's length, so token offsets of the parsed ``Doc`` index the original article text,
and spaCy turns each run of blanks into a single whitespace token, so the cost scales with
the kept text only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from worker.core.definitions import TriggerDef, trigger_defs
from worker.core.lexicons import load_toml

# Words as the prefilter sees them: letters and digits, hyphen and apostrophe compounds whole.
_WORD = re.compile("[^\\W_]+(?:[-'\u2019][^\\W_]+)*")
_PARTS = re.compile("[-'\u2019]")
# A sentence ends at terminal punctuation (plus closing quotes) followed by whitespace, or at a
# line break: wire copy puts one or two sentences in a paragraph.
_BOUNDARY = re.compile("[.!?\u2026]+[\"'\u201d\u2019)\\]]*[ \t]+|[ \t]*\n\\s*")
_OPENERS = "\"'\u201c\u2018([-\u2013\u2014"
_LAST_WORD = re.compile(r"([\w.]+)\.$")
# A number that can count people: not a year ("in 2019"), a percentage or an amount of money,
# a time of day or a measure ("38 percent", "$5 million", "9 a.m.", "12 km").
_COUNT = re.compile(
    r"(?<![\d.,:$\u20ac\u00a3])(?!(?:1[89]|20)\d\d\b)\d[\d,]*(?![\d.,:]*\d)"
    r"(?!\s*(?:%|per\s?cent|percent|[ap]\.?m\b|km|kilomet|miles?\b|metres|meters|kg|tonnes|years?\b|"
    r"billion|million|dollars|euros|hours?\b|minutes|days?\b|weeks|months))",
    re.IGNORECASE,
)

# Inflection rules (suffix of the form, suffix of the lemma) used for every part of speech when
# the pipeline has no lemmatizer tables: the English rule lemmatizer's own, plus "ied" for the
# past tenses its exception table lists ("denied", "carried").
_DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    ("s", ""), ("es", ""), ("es", "e"), ("ies", "y"), ("ied", "y"), ("ed", ""), ("ed", "e"),
    ("ing", ""), ("ing", "e"), ("ves", "f"), ("men", "man"), ("er", ""), ("est", ""), ("er", "e"),
    ("est", "e"),
)  # fmt: skip
_VOWELS = frozenset("aeiou")
# Parts of speech the rule lemmatizer inflects; any other is its own lemma.
_LEMMATIZED = ("noun", "verb", "adj", "adv")


@dataclass(frozen=True, slots=True)
class Blanked:
    """A text with its non-candidate sentences blanked; same length as the original."""

    text: str
    sentences: int
    kept_sentences: int
    kept_chars: int

    @property
    def kept_share(self) -> float:
        """Share of the characters left for the pipeline to parse."""
        return self.kept_chars / max(1, len(self.text))


@dataclass(frozen=True, slots=True)
class Window:
    """Which sentences besides the candidates are kept.

    Attributes:
        before: sentences kept before each candidate.
        after: sentences kept after each candidate.
        follow: sentences after each candidate kept when they hold a follow-up cue (an
            attribution, a hedge or a number), as "The figures could not be verified." does.
        lede: sentences always kept at the start.

    """

    before: int = 0
    after: int = 0
    follow: int = 1
    lede: int = 1


class Prefilter:
    """Decides which sentences can hold an event and blanks the others."""

    def __init__(
        self,
        words: Iterable[str],
        phrases: Iterable[Sequence[frozenset[str]]] = (),
        pairs: Iterable[tuple[frozenset[str], frozenset[str]]] = (),
        *,
        follow: Iterable[str] = (),
        window: Window = Window(),
        abbreviations: Iterable[str] = (),
    ) -> None:
        """Build a prefilter from word forms.

        Args:
            words: every word form that makes a sentence a candidate (lower-case).
            phrases: multi-word triggers, one set of accepted forms per word.
            pairs: dependency patterns as (anchor forms, other forms): a sentence holding one
                of each is a candidate.
            follow: word forms of follow-up cues (attribution, hedges, number words).
            window: sentences kept around candidates and at the start.
            abbreviations: words whose full stop does not end a sentence.

        """
        self.words = frozenset(words)
        self.follow = frozenset(follow)
        by_first: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for phrase in phrases:
            for form in phrase[0]:
                by_first.setdefault(form, []).append(tuple(phrase[1:]))
        self._phrases = {k: tuple(v) for k, v in by_first.items()}
        self._pairs = tuple(pairs)
        self.window = window
        self._abbreviations = frozenset(abbreviations)

    @classmethod
    def for_pipeline(cls, nlp: Language | None = None) -> Prefilter:
        """Build the trigger lexicon's prefilter, inflected with ``nlp``'s lemmatizer tables."""
        rules, exceptions = _lemmatizer_tables(nlp)
        config = load_toml("prefilter")
        return cls.from_triggers(
            trigger_defs().values(),
            rules=rules,
            exceptions=exceptions,
            follow=[*_cue_words(load_toml("cues")), *config.get("follow", {}).get("words", ())],
            window=Window(**config.get("window", {})),
            abbreviations=config.get("split", {}).get("abbreviations", ()),
        )

    @classmethod
    def from_triggers(
        cls,
        triggers: Iterable[TriggerDef],
        *,
        rules: Mapping[str, Sequence[tuple[str, str]]] | None = None,
        exceptions: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
        follow: Iterable[str] = (),
        window: Window = Window(),
        abbreviations: Iterable[str] = (),
    ) -> Prefilter:
        """Build a prefilter from every inflection of the triggers' words, phrases and patterns.

        Args:
            triggers: the trigger lexicon.
            rules: suffix rules per part of speech ("noun", "verb", "adj"), as the pipeline's
                rule lemmatizer has them; without them every word gets every regular suffix.
            exceptions: irregular forms per part of speech (form -> lemmas).
            follow: lemmas of follow-up cues (see ``__init__``).
            window: sentences kept around candidates and at the start.
            abbreviations: words whose full stop does not end a sentence.

        """
        inflect = _Inflector(rules or {}, exceptions or {})
        words: set[str] = set()
        phrases: list[tuple[frozenset[str], ...]] = []
        pairs: list[tuple[frozenset[str], frozenset[str]]] = []
        for trigger in triggers:
            # A single word matches only with one of its parts of speech: "accord" (a noun)
            # is never "according".
            for lemma in trigger.lemmas:
                words |= inflect(lemma, trigger.pos)
            for phrase in trigger.phrases:
                phrases.append(tuple(inflect(w) for w in _WORD.findall(phrase.lower())))
            for dep in trigger.deps:
                anchor = frozenset().union(*(inflect(w, dep.pos) for w in dep.lemmas))
                if dep.to:
                    pairs.append((anchor, frozenset().union(*(inflect(w, dep.to_pos) for w in dep.to))))
                else:
                    words |= anchor
        follow_forms = frozenset().union(*(inflect(w) for w in follow))
        return cls(words, phrases, pairs, follow=follow_forms, window=window, abbreviations=abbreviations)

    def is_candidate(self, sentence: str) -> bool:
        """Whether ``sentence`` holds a trigger word, phrase or dependency pair."""
        words = _WORD.findall(sentence.lower())
        for i, word in enumerate(words):
            if word in self.words:
                return True
            if not word.isalnum() and any(p in self.words for p in _PARTS.split(word)):
                return True
            for rest in self._phrases.get(word, ()):
                following = words[i + 1 : i + 1 + len(rest)]
                if len(following) == len(rest) and all(w in forms for w, forms in zip(following, rest, strict=True)):
                    return True
        if self._pairs:
            present = set(words)
            return any(present & a and present & b for a, b in self._pairs)
        return False

    def is_follow_up(self, sentence: str) -> bool:
        """Whether ``sentence`` holds a follow-up cue: a count, a hedge, a denial or a cause.

        A count is a number that can count people ("recovered 26 bodies" may set a second toll
        against the event's); years, percentages, sums, times and measures are not counts.
        """
        if _COUNT.search(sentence):
            return True
        return any(w in self.follow for w in _WORD.findall(sentence.lower()))

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character spans of the sentences of ``text``, whitespace excluded."""
        spans: list[tuple[int, int]] = []
        start = 0
        for match in _BOUNDARY.finditer(text):
            if not self._ends_sentence(text, match):
                continue
            end = match.start() + len(match.group().rstrip())
            if text[start:end].strip():
                spans.append((start, end))
            start = match.end()
        if text[start:].strip():
            spans.append((start, len(text.rstrip())))
        return spans

    def apply(self, text: str) -> Blanked:
        """``text`` with every sentence that is neither a candidate nor kept with one blanked."""
        spans = self.sentences(text)
        keep = [False] * len(spans)
        window = self.window
        for i in range(min(window.lede, len(spans))):
            keep[i] = True
        for i, (start, end) in enumerate(spans):
            if not self.is_candidate(text[start:end]):
                continue
            for j in range(max(0, i - window.before), min(len(spans), i + window.after + 1)):
                keep[j] = True
            first = i + window.after + 1
            for j in range(first, min(len(spans), first + window.follow)):
                if not keep[j] and self.is_follow_up(text[spans[j][0] : spans[j][1]]):
                    keep[j] = True
        pieces: list[str] = []
        done = 0
        kept_chars = 0
        for (start, end), kept in zip(spans, keep, strict=True):
            if kept:
                pieces.append(_blank(text[done:start]))
                pieces.append(text[start:end])
                kept_chars += end - start
                done = end
        pieces.append(_blank(text[done:]))
        return Blanked("".join(pieces), len(spans), sum(keep), kept_chars)

    def _ends_sentence(self, text: str, match: re.Match[str]) -> bool:
        if "\n" in match.group():
            return True
        following = text[match.end() : match.end() + 1]
        if not (following.isupper() or following.isdigit() or (following and following in _OPENERS)):
            return False
        if not match.group().startswith("."):
            return True
        last = _LAST_WORD.search(text, max(0, match.start() - 40), match.start() + 1)
        if last is None:
            return True
        word = last.group(1).lower().rstrip(".")
        # "U.S." and initials ("George W. Bush") do not end sentences either.
        return not (word in self._abbreviations or len(word) == 1 or ("." in word and len(word) <= 5))


def _blank(segment: str) -> str:
    # Newlines survive so paragraph structure (and spaCy's sentence starts) stays as sent.
    if "\n" not in segment:
        return " " * len(segment)
    return "\n".join(" " * len(line) for line in segment.split("\n"))


class _Inflector:
    """Word forms of a lemma: the lemmatizer's suffix rules and exceptions for its parts of speech.

    The rule lemmatizer maps a form to a lemma with the rules of the form's part of speech, so
    the forms that can carry a lemma with a given part of speech are the lemma itself, the
    lemma with each of that part of speech's suffix rules reversed, and its listed exceptions.
    """

    def __init__(
        self,
        rules: Mapping[str, Sequence[tuple[str, str]]],
        exceptions: Mapping[str, Mapping[str, Iterable[str]]],
    ) -> None:
        self.rules = {pos: tuple(r) for pos, r in rules.items()} or {"": _DEFAULT_RULES}
        self.irregular: dict[tuple[str, str], set[str]] = {}
        for pos, table in exceptions.items():
            for form, lemmas in table.items():
                for lemma in lemmas:
                    self.irregular.setdefault((pos, lemma), set()).add(form)

    def __call__(self, lemma: str, pos: Iterable[str] = ()) -> frozenset[str]:
        """Forms of ``lemma`` as any of the parts of speech ``pos`` (every one when empty)."""
        wanted = {p.lower() for p in pos} or set(self.rules)
        tables = [p for p in self.rules if p in wanted or p == ""]
        forms = {lemma}
        for table in tables:
            forms |= self.irregular.get((table, lemma), set())
            for form_suffix, lemma_suffix in self.rules[table]:
                if lemma.endswith(lemma_suffix):
                    forms.add(lemma[: len(lemma) - len(lemma_suffix)] + form_suffix)
        if _doubles(lemma) and {"verb", ""} & set(tables):  # stab -> stabbed, stabbing
            forms |= {lemma + lemma[-1] + suffix for suffix in ("ed", "ing", "er")}
        return frozenset(forms)


def _doubles(lemma: str) -> bool:
    # Consonant-vowel-consonant endings double their last letter before -ed and -ing.
    return (
        len(lemma) >= 3
        and lemma[-1] not in _VOWELS | {"w", "x", "y"}
        and lemma[-2] in _VOWELS
        and lemma[-3] not in _VOWELS
    )


def _lemmatizer_tables(
    nlp: Language | None,
) -> tuple[dict[str, Sequence[tuple[str, str]]], dict[str, dict[str, list[str]]]]:
    """Read the suffix rules and exceptions of ``nlp``'s rule lemmatizer, per part of speech."""
    if nlp is None or "lemmatizer" not in nlp.pipe_names:
        return {}, {}
    lookups: Any = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_rules"):
        return {}, {}
    rule_table = lookups.get_table("lemma_rules")
    exc_table = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    rules: dict[str, Sequence[tuple[str, str]]] = {}
    exceptions: dict[str, dict[str, list[str]]] = {}
    for pos in _LEMMATIZED:
        if pos in rule_table:
            rules[pos] = [(old, new) for old, new in rule_table[pos]]
        if pos in exc_table:
            exceptions[pos] = {form: list(lemmas) for form, lemmas in exc_table[pos].items()}
    return rules, exceptions


def _cue_words(cues: Mapping[str, Any]) -> list[str]:
    """List the single words of the hedge, anonymity, denial, speculation, cause, attacker and setting cues.

    Plain attribution verbs ("said", "told") are left out: an attribution cue governs its own
    sentence only, so a follow-up sentence that merely attributes adds nothing to the event
    before it, while a hedge ("could not be independently verified") or a denial ("denied",
    "insisted") does.
    """
    words: list[str] = []
    # A follow-up sentence naming a cause ("Fire officials said a short circuit started the
    # blaze.") may set a second account against the event's: its source counts (``[causes]``).
    for cause_words in cues.get("causes", {}).values():
        words.extend(cause_words)
    # ... or its circumstances ("His family said he died in custody.", "Organisers said the march
    # was peaceful."): ``[circumstances.*]``.
    for table in cues.get("circumstances", {}).values():
        for circumstance_words in table.values():
            words.extend(circumstance_words)
    for section, keys in (
        ("hedges", ("adverbs", "adjectives", "nouns", "verification")),
        ("anonymity", ("words", "source_nouns")),
        ("denials", ("adjectives", "predicates")),  # "A spokesman said the video was old."
        # Verbs that set a source against the event: "The army denied the report.", "Residents
        # insisted the dead were farmers."
        ("verbs", ("deny",)),
        ("verb_rules", ("contrary_verbs",)),
        ("speculation", ("verbs",)),
        ("perpetrators", ("nouns",)),  # "A youth leader said the attackers were herders."
        ("perpetrators", ("first_words",)),  # "Pakistan's military said Indian forces had fired first."
        ("settings", ("vanish_words",)),  # "Their employer said they had been missing since Monday."
    ):
        for key in keys:
            words.extend(cues.get(section, {}).get(key, ()))
    return [w.lower() for w in words if " " not in w]
