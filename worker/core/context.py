"""What extraction knows about an article besides its parsed text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from worker.core.article import Article
from worker.core.dateline import Dateline
from worker.core.geo import Gazetteer


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """The article, its dateline and the date relative expressions resolve against."""

    article: Article
    text: str
    dateline: Dateline
    reference_date: date | None
    language: str | None
    gazetteer: Gazetteer
    removed: tuple[str, ...] = ()
