"""``eventwire demo``: embedded broker, a worker, the sample feed, and the output as it arrives."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
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
        settings = settings.with_overrides(broker_url=broker.url, data_dir=str(workdir / "state"), web_port=free_port())
        topics = [settings.topic_raw, settings.topic_enriched, settings.topic_dlq, settings.topic_clusters]
        ensure_topics_sync(broker.bootstrap, topics, settings.topic_partitions)
        worker = _start_worker(settings, workdir)
        try:
            click.echo(f"worker starting (log: {workdir / 'worker.log'}) ...", err=True)
            _wait_ready(settings, worker, timeout=180)
            ready = time.monotonic()
            messages = list(read_articles(feed)) if feed else sample_feed()
            asyncio.run(publish(settings, messages))
            click.echo(f"worker ready after {ready - started:.1f} s; published {len(messages)} articles", err=True)
            seen = _show_output(settings, expected=len(messages) if once else None)
            finished = time.monotonic()
            if once:
                click.echo(
                    f"demo: {seen} records in {finished - started:.1f} s from a cold start; "
                    f"{seen / max(finished - ready, 1e-9):.1f} articles/s from publish to last record",
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
    env = dict(os.environ)  # secrets stay in the environment they came from
    for name, value in settings.model_dump(mode="json", exclude={"sasl_password"}).items():
        if value is not None:
            env["EVENTWIRE_" + name.upper()] = value if isinstance(value, str) else orjson.dumps(value).decode()
    with (workdir / "worker.log").open("wb") as log:
        return subprocess.Popen([sys.executable, "-m", "worker.cli", "worker"], env=env, stdout=log, stderr=log)


def _wait_ready(settings: Settings, worker: subprocess.Popen[bytes], *, timeout: float) -> None:
    """Poll the worker's ``/readyz`` until its model is loaded and partitions are assigned."""
    url = f"http://{settings.web_host}:{settings.web_port}/readyz"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise click.ClickException(f"the worker exited with {worker.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass  # not listening yet, or 503 until ready
        time.sleep(0.5)
    raise click.ClickException(f"the worker was not ready within {timeout:.0f} s")


def _show_output(settings: Settings, *, expected: int | None) -> int:
    """Print records until ``expected`` inputs are accounted for (enriched or dead-lettered)."""
    # Dead-lettered inputs never reach the enriched topic: stop when the feed goes quiet.
    return asyncio.run(
        tail(
            settings,
            limit=expected,
            idle_timeout=45.0 if expected else None,
            on_record=lambda record: print_summary(record, sys.stdout),
        )
    )
