"""Input parsing: every shape we accept, every reason we reject."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from worker.core.article import html_to_text, parse_article
from worker.errors import InvalidArticle, Reason

LIMIT = 1 << 20


def test_native_article() -> None:
    raw = orjson.dumps(
        {"id": "a1", "body": "Text.", "headline": "H", "published_at": "2022-01-21T10:00:00Z", "source": "AFP"}
    )
    article = parse_article(raw, max_bytes=LIMIT)
    assert (article.id, article.body, article.headline, article.source) == ("a1", "Text.", "H", "AFP")
    assert article.published_at == datetime(2022, 1, 21, 10, tzinfo=UTC)
    assert article.format == "native"
    assert len(article.version) == 16


def test_ninjs_1_body_text() -> None:
    raw = orjson.dumps(
        {"uri": "urn:x:1", "versioncreated": "2022-01-21T10:00:00+01:00", "body_text": "Body.",
         "copyrightholder": "Reuters", "located": "Kabul", "language": "en"}
    )  # fmt: skip
    article = parse_article(raw, max_bytes=LIMIT)
    assert (article.id, article.body, article.source, article.located) == ("urn:x:1", "Body.", "Reuters", "Kabul")
    assert article.format == "ninjs"


def test_ninjs_2_bodies_html() -> None:
    raw = orjson.dumps(
        {"uri": "urn:x:2", "bodies": [{"contenttype": "text/html", "value": "<p>One &amp; two.</p><p>Three.</p>"}],
         "copyrightholder": {"name": "AP"}}
    )  # fmt: skip
    article = parse_article(raw, max_bytes=LIMIT)
    assert article.body.split() == ["One", "&", "two.", "Three."]
    assert article.source == "AP"


def test_same_bytes_same_version_different_bytes_different_version() -> None:
    a = orjson.dumps({"id": "a", "body": "x"})
    b = orjson.dumps({"id": "a", "body": "y"})
    assert parse_article(a, max_bytes=LIMIT).version == parse_article(a, max_bytes=LIMIT).version
    assert parse_article(a, max_bytes=LIMIT).version != parse_article(b, max_bytes=LIMIT).version


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe{}", Reason.NOT_UTF8),
        (b'{"id": "a", "body": "caf\xe9"}', Reason.NOT_UTF8),
        (b"{truncated", Reason.NOT_JSON),
        (b"", Reason.NOT_JSON),
        (b"[1, 2]", Reason.NOT_OBJECT),
        (b'"a string"', Reason.NOT_OBJECT),
        (b"null", Reason.NOT_OBJECT),
        (b"{}", Reason.SCHEMA_VIOLATION),
        (b'{"id": 7, "body": "x"}', Reason.SCHEMA_VIOLATION),
        (b'{"id": "a", "body": ["x"]}', Reason.SCHEMA_VIOLATION),
        (b'{"id": "a", "body": "x", "published_at": "yesterday"}', Reason.SCHEMA_VIOLATION),
        (b'{"uri": "u", "bodies": "nope"}', Reason.SCHEMA_VIOLATION),
        (b'{"id": "a", "body": " \\n\\t "}', Reason.NO_TEXT),
        (b'{"uri": "u"}', Reason.NO_TEXT),
        (b"[" * 5000 + b"]" * 5000, Reason.NOT_JSON),
    ],
)
def test_rejections(raw: bytes, reason: Reason) -> None:
    with pytest.raises(InvalidArticle) as caught:
        parse_article(raw, max_bytes=LIMIT)
    assert caught.value.reason is reason
    assert caught.value.detail


def test_oversized_is_rejected_before_parsing() -> None:
    raw = orjson.dumps({"id": "big", "body": "x" * 5000})
    with pytest.raises(InvalidArticle) as caught:
        parse_article(raw, max_bytes=1024)
    assert caught.value.reason is Reason.OVERSIZED


def test_html_to_text_keeps_paragraphs_apart() -> None:
    assert html_to_text("<p>A</p><p>B<br/>C</p>").split() == ["A", "B", "C"]
