"""Publish one input's output, enriched record or dead letter, and wait for the broker's ack."""

from __future__ import annotations

import logging

import faust
from aiokafka.errors import MessageSizeTooLargeError, RecordListTooLargeError, RecordTooLargeError
from faust.exceptions import ProducerSendError

from worker.core.enrich import Enriched, Outcome, Rejected
from worker.core.replay import input_version
from worker.errors import Reason
from worker.stream.deadletter import TRUNCATED_BYTES, dead_letter_headers, truncated_headers
from worker.stream.inputs import Input
from worker.stream.pool import Done

log = logging.getLogger("eventwire.worker")

# Headers of every enriched record: the input's version (``meta.version``), and on a replay
# of an input published before, a mark that an identical record may already be on the topic.
VERSION_HEADER = "eventwire-version"
REPLAY_HEADER = "eventwire-replay"
# A record the broker refuses for its size can never be published: retrying would stall the
# partition, so it is dead-lettered instead.
_TOO_LARGE = (MessageSizeTooLargeError, RecordTooLargeError, RecordListTooLargeError)
_FRAMING = 1024  # bytes of a request besides the record's key, value and headers


class Publisher:
    """Sends outputs to the enriched and dead-letter topics."""

    def __init__(self, enriched: faust.TopicT, dlq: faust.TopicT, *, max_request_size: int) -> None:
        """Publish to these topics, never more than ``max_request_size`` bytes per record."""
        self.enriched = enriched
        self.dlq = dlq
        self.max_request_size = max_request_size

    async def deliver(self, item: Input, result: Done, key: bytes, *, replay: bool) -> Outcome:
        """Publish one input's output and wait for the acknowledgement; returns what was published.

        Args:
            item: The input.
            result: Its outcome from the pool.
            key: The input's ledger key (its version is derived from it).
            replay: The record repeats one published before (its stamp came from the ledger).

        Returns:
            The outcome as published: a record too large for the broker becomes a dead letter.

        """
        outcome = result.outcome
        if isinstance(outcome, Enriched):
            headers = [(VERSION_HEADER, input_version(key).encode())]
            if replay:
                headers.append((REPLAY_HEADER, b"1"))
            record_key = outcome.article_id.encode()
            if await self._publish(self.enriched, key=record_key, value=outcome.value, headers=headers):
                log.debug("enriched", extra={"article_id": outcome.article_id, "where": item.where})
                return outcome
            outcome = Rejected(
                Reason.PROCESSING_FAILED,
                f"the enriched record ({len(outcome.value)} bytes) is larger than the broker accepts",
                outcome.article_id,
            )
        await self._dead_letter(item, outcome)
        return outcome

    async def _dead_letter(self, item: Input, outcome: Rejected) -> None:
        log.warning(
            "dead-lettered: %s (%s)",
            outcome.reason.value,
            outcome.detail,
            extra={"article_id": outcome.article_id, "where": item.where, "reason": outcome.reason.value},
        )
        headers = dead_letter_headers(
            reason=outcome.reason,
            detail=outcome.detail,
            topic=item.topic,
            partition=item.partition,
            offset=item.offset,
            original=item.headers,
        )
        if await self._publish(self.dlq, key=item.key, value=item.value, headers=headers):
            return
        log.error("the input is larger than the broker accepts: dead-lettering its head", extra={"where": item.where})
        head, marked = item.value[:TRUNCATED_BYTES], headers + truncated_headers(item.value)
        if not await self._publish(self.dlq, key=item.key, value=head, headers=marked):
            raise RuntimeError(f"the broker refused a {len(head)}-byte dead letter for {item.where}")

    async def _publish(
        self, topic: faust.TopicT, *, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]]
    ) -> bool:
        """Send and wait for the acknowledgement; False when the record is too large to publish."""
        size = len(key or b"") + len(value) + sum(len(k) + len(v) for k, v in headers)
        if size + _FRAMING > self.max_request_size:  # the client would refuse it
            return False
        try:
            await (await topic.send(key=key, value=value, headers=headers))
        except _TOO_LARGE:
            return False
        except ProducerSendError as exc:
            if isinstance(exc.__cause__, _TOO_LARGE):
                return False
            raise
        return True
