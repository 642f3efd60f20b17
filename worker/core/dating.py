"""When an event happened: the date phrases of its own clause, resolved against the article.

Date phrases are the model's DATE and TIME entities ("on Friday", "late Thursday", "the
previous night"), minus ages ("the 38-year-old") and durations it cannot place, and periods
named by their years ("during the 2020-2022 war", "in a 2019 raid"). A phrase in
the trigger's own clause dates the event; failing that, one elsewhere in the sentence that
does not date a "said" (the report, not the event).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Span, Token

from worker.core.clauses import clause_head, clause_tokens, is_separate_clause
from worker.core.dates import resolve_date
from worker.core.lexicons import load_toml
from worker.core.nonevents import is_out_of_range
from worker.core.records import EventDate
from worker.core.sentences import ents_in, sent_of, sentences

# "a day after the ministry removed the mayor": the clause is that many days before its main one.
_SPAN_DAYS = {"day": 1, "week": 7}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
# Prepositions that put an event inside the period their object names.
_WITHIN = {"during", "in", "throughout", "amid"}
_AGE = re.compile(r"\b(?:year|month|week)s?[- ]old\b|\baged?\b", re.IGNORECASE)
_REPORTING = {
    "say",
    "tell",
    "report",
    "announce",
    "add",
    "confirm",
    "claim",
    "state",
    "accord",
    "read",
    "post",
    "publish",
    "issue",
    "release",
    "quote",
}


class Dates:
    """Resolved date phrases of one article, by sentence."""

    def __init__(self, doc: Doc, reference: date | None) -> None:
        self.doc = doc
        self.reference = reference
        self._by_sentence: dict[int, list[tuple[Span, EventDate]]] = {}

    def in_sentence(self, sent: Span) -> list[tuple[Span, EventDate]]:
        """Every resolvable date phrase of ``sent`` with its value."""
        found = self._by_sentence.get(sent.start)
        if found is None:
            found = []
            if self.reference is not None:
                for ent in ents_in(sent):
                    if ent.label_ not in {"DATE", "TIME"} or _AGE.search(ent.text):
                        continue
                    resolved = resolve_date(_phrase(ent), self.reference)
                    if _points_to_named_year(ent):
                        resolved = _in_year_named_before(ent, resolved, self.reference)
                    if resolved is not None:
                        found.append((ent, resolved))
                found.extend(_named_periods(sent, self.reference))
            self._by_sentence[sent.start] = found
        return found

    def own(self, anchors: list[Token]) -> EventDate | None:
        """Return the date stated in the triggers' own clause, or None."""
        if not anchors:
            return None
        clause = clause_tokens(anchors)
        dated = [
            (s, d) for s, d in self.in_sentence(sent_of(anchors[0])) if s.root.i in clause and not _dates_report(s.root)
        ]
        if not dated:
            return self._days_before_main(anchors[0]) or self._when_of_named_period(anchors[0])
        return min(dated, key=lambda sd: min(abs(sd[0].start - a.i) for a in anchors))[1]

    def _days_before_main(self, anchor: Token) -> EventDate | None:
        """Date an "a day after ..." clause from the clause it modifies.

        "protested on Tuesday, a day after the ministry removed the mayor": Monday.
        """
        clause = anchor if anchor.dep_ == "advcl" else anchor.head
        if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "after" for c in clause.children):
            return None
        days = next((_days(c) for c in clause.children if c.dep_ == "npadvmod" and _days(c)), 0)
        main = self.own([clause.head]) if days else None
        if main is None or main["precision"] != "day":
            return None
        value = date.fromisoformat(main["value"]) - timedelta(days=days)
        return {"text": "", "value": value.isoformat(), "precision": "day"}

    def _when_of_named_period(self, anchor: Token) -> EventDate | None:
        """Date a "when" clause on a period named by its year in that year.

        "feared a repeat of the 2022 fighting, when more than 100 people were killed": the
        clause tells what happened in that fighting, in 2022.
        """
        verb = clause_head(anchor)
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "when" for c in verb.children):
            return None
        years = [t for t in verb.head.children if _YEAR_WORD.fullmatch(t.text)]
        if not years or self.reference is None:
            return None
        return resolve_date(f"in {years[0].text}", self.reference)

    def of_statement(self, verb: Token) -> EventDate | None:
        """Return the date of a statement: the one its reporting verb governs ("said on Tuesday")."""
        for span, resolved in self.in_sentence(sent_of(verb)):
            if verb in list(span.root.ancestors)[:3] and _dates_report(span.root):
                return resolved
        return None

    def latest_before(self, offset: int) -> EventDate | None:
        """Return the last date the story states before character ``offset`` (any sentence)."""
        latest = None
        for sent in sentences(self.doc):
            if sent.start_char >= offset:
                break
            for span, resolved in self.in_sentence(sent):
                # A date in a background sentence ("nearly three years ago") is not the story's.
                if span.start_char < offset and is_out_of_range(resolved, self.reference) is None:
                    if any(a.dep_ == "relcl" and a.tag_ == "VBN" for a in span.root.ancestors):
                        continue  # "protesters who had rallied overnight": an earlier background
                    latest = resolved
        return latest

    def in_context(self, anchors: list[Token]) -> EventDate | None:
        """Return A date elsewhere in the triggers' sentence that does not date the report."""
        if not anchors:
            return None
        for span, resolved in self.in_sentence(sent_of(anchors[0])):
            if not _dates_report(span.root) and not any(is_separate_clause(a) for a in span.root.ancestors):
                return resolved
        return None


def _points_to_named_year(ent: Span) -> bool:
    """Return True for "later that year", or a month the model tags without it ("in March that year")."""
    text = ent.doc[ent.start : ent.end + 2].text.lower()
    return any(phrase in text for phrase in _year_anaphors())


@cache
def _year_anaphors() -> tuple[str, ...]:
    return tuple(load_toml("dates")["year_anaphors"]["phrases"])


def _in_year_named_before(ent: Span, resolved: EventDate | None, reference: date) -> EventDate | None:
    """Date "in March that year" / "later that year" in the last past year named before it.

    Resolved alone, "March" would be this year's March and "that year" nothing; a story
    recalling 2015's attacks means 2015. With no past year named before, nothing is dated.
    """
    years = [int(t.text) for t in ent.doc[: ent.start] if _YEAR_WORD.fullmatch(t.text)]
    if not years or years[-1] >= reference.year:
        return None
    year = years[-1]
    if resolved is None:
        return resolve_date(f"in {year}", reference)
    value = date.fromisoformat(resolved["value"]).replace(year=year)
    return {**resolved, "value": value.isoformat()}


def _days(noun: Token) -> int:
    """Return the days a span noun counts: "a day" 1, "two days" 2, "a week" 7; else 0."""
    unit = _SPAN_DAYS.get(noun.lemma_.lower(), 0)
    count = next((c for c in noun.children if c.dep_ in {"det", "nummod"}), None)
    if count is None:
        return 0
    number = int(count.text) if count.text.isdigit() else _COUNT_WORDS.get(count.lower_, 0)
    return unit * number


def _named_periods(sent: Span, reference: date) -> list[tuple[Span, EventDate]]:
    """Periods named by their years: "during the 2020-2022 war" is a date in 2022 at the latest.

    The year is a modifier of the preposition's object, not a date entity of its own (the model
    tags "a 2022 strike" as a cardinal), so the resolver is given the preposition and the last
    year; like "in 2019", only a past year dates anything.
    """
    found: list[tuple[Span, EventDate]] = []
    if not _YEAR_WORD.search(sent.text):
        return found
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in _WITHIN:
            continue
        for period in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}):
            years = [t for t in period.subtree if t.i < period.i and _YEAR_WORD.fullmatch(t.text)]
            if not years:
                continue
            resolved = resolve_date(f"{prep.lower_} {max(int(t.text) for t in years)}", reference)
            if resolved is not None:
                span = sent.doc[prep.i : period.i + 1]
                named = EventDate(text=span.text, value=resolved["value"], precision=resolved["precision"])
                found.append((span, named))
    return found


def _phrase(ent: Span) -> str:
    """Return the entity with the preposition before it ("on Friday") for the resolver."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].dep_ == "prep":
        return doc[ent.start - 1 : ent.end].text
    return ent.text


def _dates_report(token: Token) -> bool:
    for ancestor in list(token.ancestors)[:3]:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor.lemma_.lower() in _REPORTING
    return False
