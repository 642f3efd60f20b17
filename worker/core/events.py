"""Event extraction (placeholder until the extraction work lands: finds no events)."""

from __future__ import annotations

from spacy.tokens import Doc

from worker.core.context import ArticleContext
from worker.core.records import ExtractedEvent


def extract_events(doc: Doc, ctx: ArticleContext) -> list[ExtractedEvent]:
    """Every distinct real-world event the article reports."""
    return []
