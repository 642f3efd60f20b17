"""Source confidence (placeholder until the confidence work lands)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from worker.core.context import ArticleContext
from worker.core.records import ArticleConfidence, EventConfidence, ExtractedEvent


def assess_confidence(
    doc: Doc, events: Sequence[ExtractedEvent], ctx: ArticleContext
) -> tuple[list[EventConfidence], ArticleConfidence]:
    """The flag of every event, in order, and the article's roll-up."""
    return [], {"flag": "confirmed", "score": 0.5, "reasons": ["no events"]}
