"""Raw message bytes in, a validated :class:`Article` out (or an :class:`InvalidArticle`).

Two input shapes are accepted: eventwire's native object and IPTC ninjs 1.x/2.x, the format
wire agencies emit. Both are checked against the JSON Schemas in ``schemas/`` so that the CLI
and the stream reject the same messages for the same reasons.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
from jsonschema import Draft202012Validator

from worker.core.schemas import load_schema
from worker.errors import InvalidArticle, Reason

_TAG = re.compile(r"<[^<>]{0,2000}>")
# RFC 8259 lets a parser ignore a UTF-8 byte order mark; Windows tools add one, orjson refuses it.
_BOM = b"\xef\xbb\xbf"
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit in any script
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|h[1-6])\b[^<>]{0,2000}>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Article:
    """One article as the core sees it, whatever shape it arrived in."""

    id: str
    body: str
    headline: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    located: str | None = None
    format: str = "native"
    version: str = ""


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


def parse_article(raw: bytes, *, max_bytes: int) -> Article:
    """Decode and validate one raw message.

    Args:
        raw: the message value exactly as it came off the topic.
        max_bytes: larger messages are rejected as oversized before any parsing.

    Returns:
        The article.

    Raises:
        InvalidArticle: with the reason code that goes into the dead-letter header.

    """
    if len(raw) > max_bytes:
        raise InvalidArticle(Reason.OVERSIZED, f"{len(raw)} bytes > limit {max_bytes}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArticle(Reason.NOT_UTF8, f"invalid UTF-8 at byte {exc.start}") from None
    try:
        value = orjson.loads(raw[len(_BOM) :] if raw.startswith(_BOM) else raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidArticle(Reason.NOT_JSON, str(exc)[:200]) from None
    if not isinstance(value, dict):
        raise InvalidArticle(Reason.NOT_OBJECT, f"top-level JSON {type(value).__name__}, not an object")
    return article_from_object(value, version=hashlib.sha256(raw).hexdigest()[:16])


def article_from_object(value: dict[str, Any], *, version: str = "") -> Article:
    """Validate a decoded JSON object (native or ninjs) and normalise it to an Article."""
    is_ninjs = "uri" in value and "id" not in value
    schema = "ninjs" if is_ninjs else "article"
    try:
        error = next(iter(_validator(schema).iter_errors(value)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            raise InvalidArticle(Reason.SCHEMA_VIOLATION, f"{schema} schema at {where}: {error.message[:200]}")
    except RecursionError:
        # orjson accepts ~1000 levels of nesting; the validator's messages recurse through them.
        raise InvalidArticle(Reason.SCHEMA_VIOLATION, f"{schema} schema: a value is nested too deeply") from None
    article = _from_ninjs(value, version) if is_ninjs else _from_native(value, version)
    if not _has_text(article.body):
        raise InvalidArticle(Reason.NO_TEXT, "the article has no body text")
    return article


def _has_text(body: str) -> bool:
    # Whitespace, punctuation, emoji or invisible characters alone are not an article.
    return _WORD_CHAR.search(body) is not None


def _from_native(value: dict[str, Any], version: str) -> Article:
    return Article(
        id=value["id"],
        body=value["body"],
        headline=value.get("headline"),
        published_at=_parse_time(value.get("published_at")),
        source=value.get("source"),
        url=value.get("url"),
        language=value.get("language"),
        format="native",
        version=version,
    )


def _from_ninjs(value: dict[str, Any], version: str) -> Article:
    body = value.get("body_text") or ""
    if not body and value.get("body_html"):
        body = html_to_text(value["body_html"])
    for part in value.get("bodies") or ():  # ninjs 2.x
        if body:
            break
        content_type = str(part.get("contenttype", "text/plain"))
        text = part.get("value", "")
        body = html_to_text(text) if "html" in content_type else text
    holder = value.get("copyrightholder")
    if isinstance(holder, dict):  # ninjs 2.x allows an object
        holder = holder.get("name")
    located = value.get("located")
    return Article(
        id=value["uri"],
        body=body,
        headline=value.get("headline"),
        published_at=_parse_time(value.get("versioncreated") or value.get("firstcreated")),
        source=holder,
        url=value.get("uri") if str(value["uri"]).startswith("http") else None,
        language=value.get("language"),
        located=located if isinstance(located, str) else None,
        format="ninjs",
        version=version,
    )


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body: block tags become line breaks, entities are decoded."""
    text = _BLOCK_TAG.sub("\n", markup)
    return html.unescape(_TAG.sub("", text))


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidArticle(Reason.SCHEMA_VIOLATION, f"not an ISO 8601 time: {value[:40]!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
