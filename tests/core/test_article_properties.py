"""Properties of input parsing: any bytes give an article or a reason, never anything else."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker.core.article import Article, html_to_text, parse_article
from worker.errors import InvalidArticle, Reason

LIMIT = 1 << 16
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
# Objects shaped like articles, each field a plausible value or any JSON value at all.
text_or_any = st.text(max_size=80) | json_values
article_like = st.fixed_dictionaries(
    {},
    optional={
        "id": text_or_any,
        "uri": text_or_any,
        "body": text_or_any,
        "body_text": text_or_any,
        "body_html": text_or_any,
        "bodies": st.lists(st.fixed_dictionaries({}, optional={"contenttype": text_or_any, "value": text_or_any})),
        "headline": text_or_any,
        "published_at": st.sampled_from(["2024-02-29T10:00:00Z", "2024-02-30", "yesterday", ""]) | json_values,
        "versioncreated": text_or_any,
        "language": text_or_any,
        "copyrightholder": text_or_any | st.fixed_dictionaries({"name": text_or_any}),
        "located": text_or_any,
    },
)
has_text = st.text(min_size=1).filter(lambda s: any(c.isalnum() for c in s))


def _outcome(raw: bytes) -> Article | Reason:
    try:
        return parse_article(raw, max_bytes=LIMIT)
    except InvalidArticle as exc:  # the only exception parsing may raise
        assert exc.detail
        return exc.reason


def _check_article(article: Article, raw: bytes) -> None:
    assert isinstance(article.id, str) and article.id
    assert isinstance(article.body, str) and any(c.isalnum() for c in article.body)
    assert article.version == hashlib.sha256(raw).hexdigest()[:16]
    assert article.format in {"native", "ninjs"}
    for value in (article.headline, article.source, article.url, article.language, article.located):
        assert value is None or isinstance(value, str)


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_article_or_a_reason(raw: bytes) -> None:
    outcome = _outcome(raw)
    if isinstance(outcome, Article):
        _check_article(outcome, raw)


@FAST
@given(json_values)
def test_any_json_value_gives_an_article_or_a_reason(value: Any) -> None:
    raw = orjson.dumps(value)
    outcome = _outcome(raw)
    if not isinstance(value, dict):
        assert outcome is Reason.NOT_OBJECT
    elif isinstance(outcome, Article):
        _check_article(outcome, raw)


@FAST
@given(article_like)
def test_article_shaped_objects_give_an_article_or_a_reason(value: dict[str, Any]) -> None:
    raw = orjson.dumps(value)
    outcome = _outcome(raw)
    assert outcome not in (Reason.NOT_UTF8, Reason.NOT_JSON, Reason.NOT_OBJECT, Reason.OVERSIZED)
    if isinstance(outcome, Article):
        _check_article(outcome, raw)


@FAST
@given(
    article_id=st.text(min_size=1, max_size=512),
    body=has_text,
    headline=st.none() | st.text(max_size=2000),
    source=st.none() | st.text(max_size=200),
)
def test_a_valid_native_article_round_trips(
    article_id: str, body: str, headline: str | None, source: str | None
) -> None:
    raw = orjson.dumps({"id": article_id, "body": body, "headline": headline, "source": source})
    article = parse_article(raw, max_bytes=LIMIT)
    assert (article.id, article.body, article.headline, article.source) == (article_id, body, headline, source)
    assert parse_article(raw, max_bytes=LIMIT).version == article.version, "the same bytes, the same version"


@FAST
@given(body=has_text, data=st.data())
def test_a_truncated_article_is_not_utf8_or_not_json(body: str, data: st.DataObject) -> None:
    raw = orjson.dumps({"id": "t", "body": body})
    cut = raw[: data.draw(st.integers(min_value=0, max_value=len(raw) - 1))]
    try:
        cut.decode("utf-8")
    except UnicodeDecodeError:
        assert _outcome(cut) is Reason.NOT_UTF8
    else:
        assert _outcome(cut) is Reason.NOT_JSON


@FAST
@given(st.binary(min_size=2, max_size=500))
def test_size_is_checked_before_anything_else(raw: bytes) -> None:
    try:
        parse_article(raw, max_bytes=len(raw) - 1)
    except InvalidArticle as exc:
        assert exc.reason is Reason.OVERSIZED
    else:
        raise AssertionError("an oversized message was parsed")


@FAST
@given(json_values)
def test_a_utf8_byte_order_mark_changes_nothing_but_the_version(value: Any) -> None:
    raw = orjson.dumps({"id": "bom", "body": "Text", "extra": value})
    plain, marked = _outcome(raw), _outcome(b"\xef\xbb\xbf" + raw)
    assert isinstance(plain, Article) and isinstance(marked, Article)
    assert (plain.id, plain.body) == (marked.id, marked.body)
    assert plain.version != marked.version, "the version is of the exact bytes"


@FAST
@given(st.text(max_size=2000))
def test_html_to_text_never_fails_and_keeps_plain_text(text: str) -> None:
    result = html_to_text(text)
    assert isinstance(result, str)
    if "<" not in text and "&" not in text:
        assert result == text


@pytest.mark.parametrize(
    ("depth", "reason"), [(300, Reason.SCHEMA_VIOLATION), (1000, Reason.SCHEMA_VIOLATION), (1100, Reason.NOT_JSON)]
)
def test_deep_nesting_is_a_reason_not_a_crash(depth: int, reason: Reason) -> None:
    raw = b'{"id": "deep", "body": ' + b"[" * depth + b"]" * depth + b"}"
    assert _outcome(raw) is reason


@pytest.mark.parametrize("body", ["🔥🔥 💥", "... !!! ---", "\u200b\u200b", "\u202e\u2069", "\x00\x01"])
def test_a_body_with_no_letter_or_digit_has_no_text(body: str) -> None:
    assert _outcome(orjson.dumps({"id": "empty", "body": body})) is Reason.NO_TEXT
