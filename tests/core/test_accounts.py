"""What a source says: the clause its cue governs, kept with the Doc, as spaCy's tree gives it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SEED_TEXT
from worker.core.accounts.sources import statement
from worker.core.nlp.attribution import EXTENSION

pytestmark = pytest.mark.model


def _climbing(attribution: Any) -> list[int]:
    """The statement by its definition: each token of the scope under no other source's cue."""
    doc = attribution.cue.doc
    cues = {a.cue.root.i for a in doc._.get(EXTENSION)}
    start, end = attribution.scope
    found = []
    for token in doc[start:end]:
        if attribution.source.start <= token.i < attribution.source.end:
            continue
        owner = token
        while owner.i not in cues and owner.head.i != owner.i:
            owner = owner.head
        if owner.i not in cues or owner.i == attribution.cue.root.i:
            found.append(token.i)
    return found


def test_a_statement_is_the_governed_clause_without_other_sources(nlp: Any) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8") + (
        " Police said five gunmen were killed, but residents told AFP that the dead, whom the army"
        " described as fighters, were farmers."
    )
    doc = nlp(text)
    attributions = [a for a in doc._.get(EXTENSION) if a.source is not None]
    assert len(attributions) >= 5
    for attribution in attributions:
        assert [t.i for t in statement(attribution)] == _climbing(attribution)
        assert statement(attribution) is statement(attribution)  # kept with the Doc
