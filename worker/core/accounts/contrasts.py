"""Two sources set against each other in so many words: "X said ..., but Y said ..."."""

from __future__ import annotations

from functools import cache

from worker.core.accounts.sources import adjacent, same_source
from worker.core.lexicons import load_toml
from worker.core.nlp.attribution import Attribution

_CONTRAST = frozenset({"but", "while", "whereas", "however", "although", "though", "yet"})


_OPENERS = frozenset({"but", "however", "yet"})


def contrasting(reports: list[Attribution]) -> list[Attribution]:
    """Two sources set against each other: "X said ..., but Y said ...", else []."""
    for first in reports:
        for second in reports:
            if second.source is None or first.source is None or second.cue.start <= first.cue.start:
                continue
            if same_source(first, second):
                continue
            doc = second.source.doc
            # "Villagers said 85 died; the air force maintained it had targeted bandits."
            insists = second.cue.root.lemma_.lower() in _contrary_verbs() and second.cue.root.tag_ != "VBG"
            if _one_another(first, second):
                return [first, second]  # "One witness said ...; another said ...": accounts differ
            if first.cue.sent == second.cue.sent:
                low = min(first.cue.end, first.source.end)
                between = doc[low : min(second.source.start, second.cue.start)]
                contrast = any(t.lower_ in _CONTRAST for t in between) or insists
                # "Russia said its troops had captured X; Ukraine's military said ...": a party's
                # claim set beside another source's account by a semicolon.
                contrast = contrast or (
                    any(t.text == ";" for t in between) and (first.party_claim or first.kind == "claim")
                )
            else:
                # Across sentences only an opening "But"/"However" in the next sentence of the
                # paragraph sets a source against the last one; an opening "While" subordinates.
                # So does a "however" before the second cue: "The army, however, said ...".
                opening = second.cue.sent[0].lower_ in _OPENERS or any(
                    t.lower_ == "however" for t in doc[second.cue.sent.start : second.cue.start]
                )
                contrast = (opening or insists) and adjacent(first, second)
            if contrast:
                return [first, second]
    return []


def _one_another(first: Attribution, second: Attribution) -> bool:
    """Two sources set apart as one and another: "One resident said ...; another said ..."."""
    assert first.source is not None and second.source is not None
    one = first.source[0].lower_ == "one" or any(t.lower_ == "one" and t.dep_ == "nummod" for t in first.source)
    another = any(t.lower_ in {"another", "second"} and t.i <= second.source.root.i for t in second.source)
    return one and another and (first.cue.sent == second.cue.sent or adjacent(first, second))


@cache
def _contrary_verbs() -> frozenset[str]:
    return frozenset(load_toml("cues")["verb_rules"]["contrary_verbs"])
