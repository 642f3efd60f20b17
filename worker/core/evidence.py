"""Which attributions and cues speak for which event: the scope rule.

Scope rule (docs/confidence.md):

1. A cue binds to the clause it governs in its own sentence (``Attribution.scope``); a hedge,
   denial or claim phrase binds to its sentence.
2. The report goes on: the sentences after an event's sentence in the same paragraph belong to
   its report ("..., the Observatory said." / "The toll could not be verified.") until a
   sentence that mentions another event.
3. A quote that goes on (a quoted sentence, then "... everyone," he said.) takes its
   speaker from the sentence before it in the same paragraph.
4. A paragraph that opens with a hedge or a denial and mentions no event ("The army denied the
   report.") speaks for the events of the paragraph before it.
5. Claims and denials of responsibility bind across the article to the events whose actor is
   the claimant (by name, or any armed group for "the jihadist group claimed both attacks").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from worker.core.lexicons import load_jsonl
from worker.core.nlp.attribution import EXTENSION, Attribution
from worker.core.nlp.hedging import SPANS_KEY as HEDGES_KEY
from worker.core.records import ExtractedEvent

_NEWLINE = re.compile("\n")
_QUOTE_OPENERS = frozenset({'"', "\u201c", "'", "\u2018", "``"})
_GENERIC = frozenset({"group", "the", "its", "state", "forces", "fighters", "militants", "jihadist", "jihadists"})


@dataclass(slots=True)
class Evidence:
    """What one event (or one part of it) rests on."""

    attributions: list[Attribution] = field(default_factory=list)
    cues: list[Span] = field(default_factory=list)  # hedge-component spans
    responsibility: list[Attribution] = field(default_factory=list)  # bound by actor
    # The sources of the next sentence of the paragraph when another event's mention ended the
    # report there: they count only for a differing account, a different cause or other victims
    # ("... said their convoy was hit by an air strike. The army said the vehicles had driven
    # over a landmine.").
    neighbours: list[Attribution] = field(default_factory=list)
    # The sources of the paragraph's sentence just before the report when no event holds it: only
    # a target they say was hit counts ("The army said its jets destroyed a depot. Residents said
    # the strike killed four herdsmen.").
    previous: list[Attribution] = field(default_factory=list)
    # The sources of the paragraph's sentence just before the report when another event holds
    # it: they count only as the first of two differing accounts, the report's own source being
    # the second ("Police said the man was killed in an exchange of fire. His family said he was
    # shot in custody.": two events, one death, and the family's account answers the police's).
    earlier: list[Attribution] = field(default_factory=list)

    def add(self, other: Evidence) -> None:
        """Merge ``other`` in, without duplicates."""
        for attribution in other.attributions:
            if attribution not in self.attributions:
                self.attributions.append(attribution)
        for span in other.cues:
            if span not in self.cues:
                self.cues.append(span)


class DocEvidence:
    """The attributions and cues of one doc, indexed by sentence and paragraph."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = list(doc.sents)
        self._sent_starts = [s.start for s in self.sents]
        newlines = [m.start() for m in _NEWLINE.finditer(doc.text)]
        self.paragraph = [bisect_right(newlines, s.start_char) for s in self.sents]
        self.attributions: tuple[Attribution, ...] = doc._.get(EXTENSION) or ()
        self.by_sentence: list[Evidence] = [Evidence() for _ in self.sents]
        for attribution in self.attributions:
            self.by_sentence[self.sentence_of(attribution.cue.start)].attributions.append(attribution)
        for span in doc.spans.get(HEDGES_KEY, ()):
            self.by_sentence[self.sentence_of(span.start)].cues.append(span)

    def sentence_of(self, token_index: int) -> int:
        """Index of the sentence holding a token."""
        return max(0, bisect_right(self._sent_starts, token_index) - 1)

    def sentence_at_char(self, char: int) -> int:
        """Index of the sentence holding a character offset."""
        token = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return self.sentence_of(token.start if token is not None else 0)

    def mention_sentences(self, event: ExtractedEvent) -> list[int]:
        """Return the sentences an event is mentioned in."""
        starts = [m["trigger"]["start"] for m in event.get("mentions", [])] or [event["trigger"]["start"]]
        return sorted({self.sentence_at_char(start) for start in starts})

    def trigger_tokens(self, event: ExtractedEvent) -> dict[int, int]:
        """Sentence index -> token index of the event's trigger in that sentence."""
        found: dict[int, int] = {}
        triggers = [m["trigger"] for m in event.get("mentions", [])] or [event["trigger"]]
        for trigger in triggers:
            start = trigger["start"]
            span = self.doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None:
                found.setdefault(self.sentence_of(span.start), span.start)
        return found

    def for_sentences(
        self,
        sentences: Sequence[int],
        taken: frozenset[int],
        triggers: dict[int, int] | None = None,
    ) -> Evidence:
        """Evidence of a report told in ``sentences``; ``taken`` are other events' sentences."""
        evidence = Evidence()
        chosen = set(sentences)
        for index in sentences:
            own = self.by_sentence[index]
            trigger = (triggers or {}).get(index)
            evidence.add(
                Evidence(
                    [a for a in own.attributions if trigger is None or a.scope[0] <= trigger < a.scope[1]],
                    list(own.cues),
                )
            )
            if not own.attributions and self._opens_quote(index) and index > 0:
                previous = index - 1
                if self.paragraph[previous] == self.paragraph[index]:
                    evidence.add(Evidence(list(self.by_sentence[previous].attributions)))
            following = index + 1
            while (
                following < len(self.sents)
                and self.paragraph[following] == self.paragraph[index]
                and following not in taken
            ):
                if following not in chosen:
                    evidence.add(self.by_sentence[following])
                    chosen.add(following)
                following += 1
            if (
                following < len(self.sents)
                and following in taken
                and self.paragraph[following] == self.paragraph[index]
            ):
                neighbours = self.by_sentence[following].attributions
                evidence.neighbours += [a for a in neighbours if a not in evidence.neighbours]
        before = min(sentences) - 1 if sentences else -1
        if before >= 0 and before not in chosen and self.paragraph[before] == self.paragraph[before + 1]:
            if before in taken:
                evidence.earlier = list(self.by_sentence[before].attributions)
            else:
                evidence.previous = list(self.by_sentence[before].attributions)
        last = max(sentences) if sentences else -1
        after = self._next_paragraph_start(last)
        if after is not None and after not in taken:
            opener = self.by_sentence[after]
            retro = [c for c in opener.cues if c.label_ in {"HEDGE", "DENIAL"}]
            denials = [a for a in opener.attributions if a.kind == "deny"]
            if retro or denials:
                evidence.add(Evidence(denials, retro))
        return evidence

    def responsibility_for(self, event: ExtractedEvent) -> list[Attribution]:
        """Claims and denials of responsibility anywhere in the article that name its actor.

        A claimant binds to an armed-group actor of the event with the same canonical name
        (``lexicons/actors.jsonl`` aliases: "IS" is "Islamic State"), or to any armed-group actor
        when the claimant is not named ("the group claimed the attack").
        """
        actors = {canonical(a["name"]) for a in event.get("actors", []) if a.get("kind") == "armed_group"}
        if not actors:
            return []
        bound: list[Attribution] = []
        for attribution in self.attributions:
            if attribution.type != "armed_group" or not (attribution.responsibility or attribution.kind == "deny"):
                continue
            name = attribution.name
            generic = name is None or not (set(name.lower().split()) - _GENERIC)
            if generic or canonical(name or "") in actors:
                bound.append(attribution)
        return bound

    def _opens_quote(self, index: int) -> bool:
        sent = self.sents[index]
        return len(sent) > 0 and sent[0].text in _QUOTE_OPENERS

    def _next_paragraph_start(self, index: int) -> int | None:
        if index < 0:
            return None
        for following in range(index + 1, len(self.sents)):
            if self.paragraph[following] != self.paragraph[index]:
                return following
        return None


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in load_jsonl("actors"):
        for alias in [row["name"], *row.get("aliases", [])]:
            # Short capitals ("IS") keep their case: "is" is a word.
            key = alias if alias.isupper() and len(alias) <= 5 else alias.lower()
            table.setdefault(key, row["name"])
    return table


def canonical(name: str) -> str:
    """Return the normalised actor name of a claimant ("IS", "Daesh" -> "Islamic State")."""
    name = name.strip()
    table = _aliases()
    for key in (name, name.lower(), name.lower().removeprefix("the ").strip()):
        if key in table:
            return table[key]
    return name.lower()
