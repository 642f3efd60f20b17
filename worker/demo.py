"""``eventwire demo``: embedded broker, a worker, the sample feed, and the output as it arrives."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
import click
import orjson

from worker.broker import EmbeddedBroker, ensure_topics_sync, free_port
from worker.config import Settings
from worker.feeds import print_summary, publish, read_articles, tail

SAMPLES = Path(__file__).resolve().parent / "samples"


SEED_PUBLISHED_AT = "2022-01-21T12:00:00+00:00"  # a Friday: "late Thursday" is Jan 20


def sample_feed() -> list[tuple[bytes | None, bytes]]:
    """The bundled feed: the seed story plus wire-style articles in native and ninjs form."""
    seed = {
        "id": "hasakeh-afp",
        "headline": "IS attacks Syria prison, Iraq army base",
        "body": (SAMPLES / "hasakeh-afp.txt").read_text(encoding="utf-8"),
        "published_at": SEED_PUBLISHED_AT,
        "source": "AFP",
    }
    return [(b"hasakeh-afp", orjson.dumps(seed)), *read_articles(sorted(SAMPLES.glob("*.jsonl")))]


def run_demo(settings: Settings, *, feed: list[Path], once: bool) -> int:
    """Run the demo; returns the process exit code."""
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="eventwire-demo-"))
    with EmbeddedBroker("127.0.0.1", free_port(), log_path=workdir / "broker.log") as broker:
        settings = settings.with_overrides(broker_url=broker.url, data_dir=str(workdir / "state"))
        topics = [settings.topic_raw, settings.topic_enriched, settings.topic_dlq, settings.topic_clusters]
        ensure_topics_sync(broker.bootstrap, topics, settings.topic_partitions)
        worker = _start_worker(settings, workdir)
        try:
            messages = list(read_articles(feed)) if feed else sample_feed()
            published_at = time.monotonic()
            asyncio.run(publish(settings, messages))
            click.echo(f"published {len(messages)} articles to {settings.topic_raw} "
                       f"(worker log: {workdir / 'worker.log'})", err=True)  # fmt: skip
            seen = _show_output(settings, expected=len(messages) if once else None)
            finished = time.monotonic()
            if once:
                rate = seen / max(finished - published_at, 1e-9)
                click.echo(
                    f"demo: {seen} records in {finished - started:.1f} s from a cold start "
                    f"({rate:.1f} articles/s from first publish to last record)",
                    err=True,
                )
            return 0 if seen else 1
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


def _start_worker(settings: Settings, workdir: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            env["EVENTWIRE_" + name.upper()] = value if isinstance(value, str) else orjson.dumps(value).decode()
    env["EVENTWIRE_WEB_PORT"] = str(free_port())
    log = (workdir / "worker.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "worker.cli", "worker"], env=env, stdout=log, stderr=log)


def _show_output(settings: Settings, *, expected: int | None) -> int:
    """Print records until ``expected`` inputs are accounted for (enriched or dead-lettered)."""
    # Dead-lettered inputs never reach the enriched topic: stop when the feed goes quiet.
    return asyncio.run(tail(settings, limit=expected, idle_timeout=45.0 if expected else None, on_record=lambda record: print_summary(record, sys.stdout)))
