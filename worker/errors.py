"""Errors and the fixed reasons a message can be dead-lettered for."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why a message went to the dead-letter topic (the ``eventwire-reason`` header)."""

    NOT_UTF8 = "not_utf8"
    NOT_JSON = "not_json"
    NOT_OBJECT = "not_object"
    SCHEMA_VIOLATION = "schema_violation"
    NO_TEXT = "no_text"
    OVERSIZED = "oversized"
    PROCESSING_FAILED = "processing_failed"


class EventwireError(Exception):
    """Base class of the errors this project raises."""


class InvalidArticle(EventwireError):
    """An input message that cannot be enriched."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class DeadLetterBreakerTripped(EventwireError):
    """Too large a share of recent messages was dead-lettered: stop instead of draining the topic."""
