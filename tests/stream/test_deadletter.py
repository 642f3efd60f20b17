"""Dead-letter headers and the breaker."""

from __future__ import annotations

import pytest

from worker.errors import DeadLetterBreakerTripped, Reason
from worker.stream.deadletter import DeadLetterBreaker, dead_letter_headers


def test_headers_name_reason_and_origin_and_keep_the_input_headers() -> None:
    headers = dead_letter_headers(
        reason=Reason.NOT_JSON, detail="bad", topic="articles.raw", partition=3, offset=42,
        original=[("feed", b"afp"), ("eventwire-reason", b"spoofed")],
    )  # fmt: skip
    as_dict = dict(headers)
    assert as_dict["eventwire-reason"] == b"not_json"
    assert as_dict["eventwire-source-partition"] == b"3"
    assert as_dict["eventwire-source-offset"] == b"42"
    assert as_dict["feed"] == b"afp"
    assert [k for k, _ in headers].count("eventwire-reason") == 1


def test_breaker_trips_only_when_the_window_is_mostly_dead_letters() -> None:
    breaker = DeadLetterBreaker(ratio=0.5, window=10)
    for i in range(30):
        breaker.record(i % 3 == 0)  # a third dead-lettered: below the limit
    with pytest.raises(DeadLetterBreakerTripped):
        for _ in range(10):
            breaker.record(True)


def test_breaker_window_zero_is_off() -> None:
    breaker = DeadLetterBreaker(ratio=0.1, window=0)
    for _ in range(1000):
        breaker.record(True)
    assert breaker.window == 0
