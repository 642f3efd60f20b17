"""Reference (b), the naive agent: a Faust agent that enriches each message on its event loop.

What a first version of the worker would be: no process pool, no batching. The agent calls
the same :class:`~worker.core.enrich.Enricher` (so ``nlp(text)`` and extraction) once per
message and sends the record, with the full pipeline (no prefilter). While spaCy runs, the
loop runs nothing else: fetching, heartbeats and sends all wait.

Run as ``python -m worker.bench.naive`` with the worker's ``EVENTWIRE_*`` environment.
"""

from __future__ import annotations

import faust

from worker import config
from worker.config import Settings
from worker.core.enrich import Enriched, Enricher
from worker.core.pipeline import load_pipeline
from worker.stream.launch import run_worker


def create_app(settings: Settings, enricher: Enricher) -> faust.App:
    """A Faust app with the one naive agent, configured like the real worker's."""
    app = faust.App(
        settings.app_id,
        broker=settings.broker_url,
        broker_session_timeout=settings.session_timeout,
        broker_heartbeat_interval=min(3.0, settings.session_timeout / 3),
        consumer_auto_offset_reset="earliest",
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=1,
        producer_max_request_size=settings.max_request_size,
        consumer_max_fetch_size=max(settings.max_message_bytes * 4, 4_194_304),
        datadir=settings.data_dir,
        web_enabled=False,
    )
    raw = app.topic(settings.topic_raw, value_type=bytes, key_type=bytes)
    enriched = app.topic(settings.topic_enriched, value_type=bytes, key_type=bytes)

    async def enrich_each(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            outcome = enricher.enrich(value)  # blocks the loop: that is the point
            if isinstance(outcome, Enriched):
                await enriched.send(key=outcome.article_id.encode(), value=outcome.value)

    app.agent(raw, name="naive_enrich")(enrich_each)
    return app


def main() -> None:
    """Load the pipeline, then run the naive worker until SIGTERM."""
    settings = config.load()
    enricher = Enricher(
        load_pipeline(settings.model),
        model_name=settings.model,
        max_bytes=settings.max_message_bytes,
        languages=settings.languages,
    )
    enricher.gazetteer.place("London")  # build the gazetteer before the first message
    app = create_app(settings, enricher)
    run_worker(app, loglevel="warning")


if __name__ == "__main__":
    main()
