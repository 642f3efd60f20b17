"""The benchmark's articles, and the text of each that the spaCy pipeline parses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import orjson
import spacy

from worker.core.article import parse_article
from worker.core.cleaning import clean_text
from worker.core.dateline import parse_dateline
from worker.core.geo import default_gazetteer
from worker.synthetic import articles

_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Corpus:
    """Articles as raw messages, the same every run for a seed.

    Attributes:
        articles: native-format article objects.
        texts: what the pipeline parses of each: the cleaned body after its dateline, exactly as
            the enricher prepares it.

    """

    articles: tuple[dict[str, object], ...]
    texts: tuple[str, ...]

    @classmethod
    def synthetic(cls, count: int, *, seed: int = 2024, min_words: int = 200, max_words: int = 2000) -> Corpus:
        """``count`` synthetic wire stories, lengths log-uniform between the bounds."""
        items = tuple(articles(count, min_words=min_words, max_words=max_words, seed=seed))
        return cls(items, tuple(_parsed_text(orjson.dumps(a)) for a in items))

    @cached_property
    def tokens(self) -> tuple[int, ...]:
        """SpaCy tokens of each text (the English tokenizer; whitespace tokens excluded)."""
        tokenizer = spacy.blank("en").tokenizer
        return tuple(sum(not t.is_space for t in tokenizer(text)) for text in self.texts)

    @property
    def words(self) -> tuple[int, ...]:
        """Words of each text."""
        return tuple(len(text.split()) for text in self.texts)

    def messages(self, tag: str, count: int | None = None) -> list[tuple[bytes, bytes, int]]:
        """(key, value, index) for ``count`` articles (cycling), ids prefixed with ``tag``.

        Each phase of a run gets its own ids, so its outputs are told apart from earlier ones.
        """
        total = len(self.articles) if count is None else count
        out = []
        for n in range(total):
            index = n % len(self.articles)
            key = f"{tag}-{n}"
            out.append((key.encode(), orjson.dumps({**self.articles[index], "id": key}), index))
        return out


def _parsed_text(raw: bytes) -> str:
    article = parse_article(raw, max_bytes=_MAX_BYTES)
    cleaned = clean_text(article.body)
    reference = article.published_at.date() if article.published_at else None
    dateline = parse_dateline(cleaned.text, default_gazetteer(), reference=reference)
    return cleaned.text[dateline.end :]
