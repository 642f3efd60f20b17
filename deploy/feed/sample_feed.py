"""A sample wire feed for the docker-compose stack: a steady trickle of articles into Kafka.

Publishes the bundled sample articles once, then synthetic wire-style articles at ``--rate``
per second, with an occasional malformed message so the dead-letter path shows on the
dashboard. Runs in the worker's image (``python /feed/sample_feed.py``) and reads the broker
address and credentials from the same ``EVENTWIRE_*`` settings as the worker.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import random
from collections.abc import Iterator

import orjson
from aiokafka import AIOKafkaProducer

from worker import config
from worker.demo import sample_feed
from worker.security import aiokafka_options
from worker.synthetic import article

log = logging.getLogger("eventwire.feed")
MALFORMED = (b"{truncated", b'["not", "an", "object"]', b'{"id": "blank", "body": "  "}')


def synthetic(seed: int, malformed_share: float) -> Iterator[tuple[bytes | None, bytes]]:
    """Yield (key, value) forever: synthetic articles, a few of them malformed."""
    rng = random.Random(seed)
    for index in itertools.count():
        if rng.random() < malformed_share:
            yield f"malformed-{index}".encode(), rng.choice(MALFORMED)
        else:
            item = article(index, words=rng.randint(120, 900), seed=seed)
            yield item["id"].encode(), orjson.dumps(item)


async def run(rate: float, malformed_share: float, seed: int) -> None:
    """Publish the samples, then synthetic articles at ``rate`` per second until stopped."""
    settings = config.load()
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        max_request_size=max(settings.max_message_bytes * 4, 1_048_576),
        **aiokafka_options(settings),
    )
    await producer.start()
    try:
        samples = sample_feed()  # the demo's bundled articles, as (key, value) messages
        for key, value in samples:
            await producer.send_and_wait(settings.topic_raw, value, key=key)
        log.info("published %d sample articles to %s", len(samples), settings.topic_raw)
        for key, value in synthetic(seed, malformed_share):
            await producer.send_and_wait(settings.topic_raw, value, key=key)
            await asyncio.sleep(1.0 / rate)
    finally:
        await producer.stop()


def main() -> None:
    """Parse the options and run the feed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=2.0, help="Articles per second.")
    parser.add_argument("--malformed", type=float, default=0.02, help="Share malformed.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the synthetic articles.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(run(args.rate, args.malformed, args.seed))


if __name__ == "__main__":
    main()
