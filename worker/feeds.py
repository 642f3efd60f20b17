"""File input and output: read article files for ``publish``, print records for ``tail``."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from worker.config import Settings
from worker.security import aiokafka_options


def read_articles(paths: Sequence[Path]) -> Iterator[tuple[bytes | None, bytes]]:
    """Yield (key, value) for every article in ``paths``.

    ``.jsonl`` lines go out byte for byte (a malformed line must reach the dead-letter topic
    as it was); a ``.txt`` file is one article whose id is the file name; a ``.json`` file
    holds one article object or a list of them.
    """
    for path in paths:
        if path.suffix == ".txt":
            body = path.read_text(encoding="utf-8")
            yield path.stem.encode(), orjson.dumps({"id": path.stem, "body": body})
        elif path.suffix == ".json":
            loaded = orjson.loads(path.read_bytes())
            for item in loaded if isinstance(loaded, list) else [loaded]:
                yield _key_of(item), orjson.dumps(item)
        else:
            for line in path.read_bytes().splitlines():
                if line.strip():
                    yield _key_from_bytes(line), line


def _key_of(item: Any) -> bytes | None:
    if isinstance(item, dict):
        key = item.get("id") or item.get("uri")
        if isinstance(key, str):
            return key.encode()
    return None


def _key_from_bytes(line: bytes) -> bytes | None:
    try:
        return _key_of(orjson.loads(line))
    except orjson.JSONDecodeError:
        return None


async def publish(
    settings: Settings, messages: Sequence[tuple[bytes | None, bytes]], *, topic: str | None = None
) -> int:
    """Send ``messages`` to the raw topic (or ``topic``); returns how many were acknowledged."""
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        max_request_size=settings.max_request_size,
        **aiokafka_options(settings),
    )
    await producer.start()
    try:
        sent = [await producer.send(topic or settings.topic_raw, value=value, key=key) for key, value in messages]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return len(sent)


async def tail(
    settings: Settings,
    *,
    limit: int | None = None,
    idle_timeout: float | None = None,
    from_beginning: bool = True,
    on_record: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Consume the enriched topic and hand each record to ``on_record`` (default: print a summary).

    Stops after ``limit`` records, or when no record came for ``idle_timeout`` seconds.
    Returns the number of records seen.
    """
    consumer = AIOKafkaConsumer(
        settings.topic_enriched,
        bootstrap_servers=settings.bootstrap_servers,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
        group_id=None,
        **aiokafka_options(settings),
    )
    await consumer.start()
    handle = on_record or (lambda record: print_summary(record, sys.stdout))
    seen = 0
    idle = 0.0
    try:
        while limit is None or seen < limit:
            batch = await consumer.getmany(timeout_ms=500, max_records=None if limit is None else limit - seen)
            if not batch:
                idle += 0.5
                if idle_timeout is not None and idle >= idle_timeout:
                    break
                continue
            idle = 0.0
            for records in batch.values():
                for message in records:
                    handle(orjson.loads(message.value))
                    seen += 1
    finally:
        await consumer.stop()
    return seen


def print_summary(record: dict[str, Any], out: IO[str]) -> None:
    """One block per article: id, dateline, flag, and a line per event."""
    article = record["article"]
    dateline = article["dateline"]
    where = ", ".join(x for x in (dateline["place"], dateline["country"]) if x) or "-"
    confidence = record["source_confidence"]
    out.write(
        f"{article['id']}  [{where}]  {confidence['flag']} ({confidence['score']:.2f})  "
        f"{len(record['events'])} event(s)  {article.get('headline') or ''}\n"
    )
    for event in record["events"]:
        place = (event.get("location") or {}).get("name") or "?"
        killed = (event["casualties"].get("killed") or {}).get("text")
        actors = ", ".join(a["name"] for a in event["actors"]) or "?"
        out.write(
            f"    {event['plover']['type']}:{event['plover']['mode'] or '-'}  "
            f"{event['acled']['event_type'] or '-'}  by {actors}  at {place}"
            f"{'  killed ' + killed if killed else ''}  [{event['confidence']['flag']}]\n"
        )
    out.flush()
