"""The ``eventwire`` command."""

from __future__ import annotations

import asyncio
import contextlib
import logging.config
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import orjson

from worker import config
from worker.config import Settings

F = TypeVar("F", bound=Callable[..., Any])


def _settings_epilog() -> str:
    lines = ["Settings (environment variables; options of each command override them):", "", "\b"]
    for env, default, description in config.describe():
        lines.append(f"  {env}  (default: {default or '-'})  {description}")
    return "\n".join(lines)


def setting_options(*names: str) -> Callable[[F], F]:
    """Click options for settings fields; unset options fall back to the environment."""

    def decorate(function: F) -> F:
        for name in reversed(names):
            field = Settings.model_fields[name]
            env = config.ENV_PREFIX + name.upper()
            annotation = field.annotation
            kind: Any = annotation if annotation in (int, float, bool) else str
            option_name = "--" + name.replace("_", "-")
            if kind is bool:
                option_name = f"{option_name}/--no-{name.replace('_', '-')}"
            function = click.option(
                option_name, name, type=None if kind is bool else kind, default=None,
                help=f"{field.description} [env: {env}]",
            )(function)  # fmt: skip
        return function

    return decorate


def settings_from(options: dict[str, Any]) -> Settings:
    """The environment's settings with this command's options applied."""
    return config.load().with_overrides(**{k: v for k, v in options.items() if k in Settings.model_fields})


def _configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(_logging_config(settings))


def _logging_config(settings: Settings) -> dict[str, Any]:
    from worker.logs import logging_config

    return logging_config(settings.log_level, json=settings.log_json)


@click.group(epilog=_settings_epilog(), context_settings={"max_content_width": 120})
@click.version_option(package_name="eventwire")
def main() -> None:
    """eventwire: wire-news articles in, source-checked event records out.

    Consumes raw articles from Kafka, enriches them with spaCy (events, casualties,
    places, dates, source-confidence flags) and publishes the records to an output topic.
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option("--port", default=9092, show_default=True, help="Port to listen on.")
@setting_options("topic_partitions")
def broker(host: str, port: int, **options: Any) -> None:
    """Run the embedded Tansu broker on loopback and create the topics."""
    from worker.broker import EmbeddedBroker, ensure_topics_sync

    settings = settings_from(options)
    _configure_logging(settings)
    with EmbeddedBroker(host, port) as embedded:
        ensure_topics_sync(embedded.bootstrap, all_topics(settings), settings.topic_partitions)
        click.echo(f"broker ready on {embedded.url}; topics: {', '.join(all_topics(settings))}", err=True)
        with contextlib.suppress(KeyboardInterrupt):
            embedded.wait()


def all_topics(settings: Settings) -> list[str]:
    """Every topic eventwire reads or writes."""
    return [settings.topic_raw, settings.topic_enriched, settings.topic_dlq, settings.topic_clusters]


@main.command()
@setting_options(
    "broker_url", "model", "prefilter", "processes", "batch_size", "batch_within", "web_host", "web_port",
    "data_dir", "log_level",
)  # fmt: skip
def worker(**options: Any) -> None:
    """Run the Faust worker: articles.raw -> spaCy -> articles.enriched (bad input -> articles.dlq)."""
    from worker.stream.app import EventwireApp, wait_for_broker
    from worker.stream.launch import run_worker

    settings = settings_from(options)
    _configure_logging(settings)
    wait_for_broker(settings)
    app = EventwireApp(settings)
    run_worker(app.app, loglevel=settings.log_level.lower(), logging_config=_logging_config(settings))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topic", default=None, help="Topic to publish to (default: the raw topic).")
@setting_options("broker_url")
def publish(paths: tuple[Path, ...], topic: str | None, **options: Any) -> None:
    """Publish articles from .jsonl (native or ninjs), .json or .txt files: an upstream feed."""
    from worker.feeds import publish as send
    from worker.feeds import read_articles

    settings = settings_from(options)
    count = asyncio.run(send(settings, list(read_articles(paths)), topic=topic))
    click.echo(f"published {count} message(s) to {topic or settings.topic_raw}", err=True)


@main.command()
@click.option("--limit", type=int, default=None, help="Stop after this many records.")
@click.option("--idle-timeout", type=float, default=None, help="Stop when no record came for this many seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print whole records as JSON lines.")
@setting_options("broker_url")
def tail(limit: int | None, idle_timeout: float | None, as_json: bool, **options: Any) -> None:
    """Print records from the enriched topic: a downstream consumer."""
    from worker.feeds import print_summary
    from worker.feeds import tail as consume

    def show(record: dict[str, Any]) -> None:
        if as_json:
            sys.stdout.write(orjson.dumps(record).decode() + "\n")
            sys.stdout.flush()
        else:
            print_summary(record, sys.stdout)

    asyncio.run(consume(settings_from(options), limit=limit, idle_timeout=idle_timeout, on_record=show))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write enriched records here as JSONL (default: standard output).")  # fmt: skip
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write rejected inputs here as JSONL with their reasons.")  # fmt: skip
@setting_options("model", "prefilter", "batch_size", "max_message_bytes")
def enrich(paths: tuple[Path, ...], output: Path | None, rejects: Path | None, **options: Any) -> None:
    """Enrich article files with no Kafka: the same core the worker runs."""
    from worker.batch import enrich_files

    settings = settings_from(options)
    counts = enrich_files(settings, paths, output=output, rejects=rejects)
    click.echo(f"enriched {counts.enriched}, rejected {counts.rejected}", err=True)


@main.command()
@click.option("--once", is_flag=True, help="Exit when the sample feed is enriched.")
@click.option("--feed", "feed_paths", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Articles to publish instead of the bundled sample feed.")  # fmt: skip
@setting_options("processes", "batch_size")
def demo(once: bool, feed_paths: tuple[Path, ...], **options: Any) -> None:
    """Embedded broker + worker + sample feed, with the enriched records printed as they arrive."""
    from worker.demo import run_demo

    sys.exit(run_demo(settings_from(options), feed=list(feed_paths), once=once))


@main.command()
@click.option("--articles", type=int, default=200, show_default=True,
              help="Articles in the throughput run (a mix of 200-2,000 words).")  # fmt: skip
@click.option("--latency-seconds", type=float, default=30.0, show_default=True,
              help="Length of each fixed-load latency phase (50 % and 90 % of capacity).")  # fmt: skip
@click.option("--seed", type=int, default=2024, show_default=True, help="Corpus seed.")
@click.option("--naive/--no-naive", default=True, show_default=True,
              help="Run reference (b), the naive agent (nlp per message on the event loop).")  # fmt: skip
@click.option("--gold", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold files for the accuracy table (default: tests/data/*.jsonl if present).")  # fmt: skip
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures here as JSON.")  # fmt: skip
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep worker and broker logs here (default: a temporary directory).")  # fmt: skip
@setting_options("model", "processes", "batch_size", "batch_within", "prefilter")
def bench(
    articles: int,
    latency_seconds: float,
    seed: int,
    naive: bool,
    gold: tuple[Path, ...],
    json_path: Path | None,
    workdir: Path | None,
    **options: Any,
) -> None:
    """Throughput and latency through the embedded broker, against nlp.pipe and a naive agent."""
    from worker.bench.runner import BenchOptions, default_gold, run_bench

    settings = settings_from({"log_json": False, "log_level": "WARNING", **options})
    _configure_logging(settings)
    bench_options = BenchOptions(
        articles=articles,
        latency_seconds=latency_seconds,
        seed=seed,
        naive=naive,
        gold=gold or default_gold(),
        workdir=workdir,
    )
    report = run_bench(settings, bench_options, say=lambda line: click.echo(line, err=True))
    from worker.bench.report import render

    click.echo(render(report))
    if json_path is not None:
        json_path.write_bytes(orjson.dumps(report.as_dict(), option=orjson.OPT_INDENT_2))


@main.command()
@click.option("--articles", type=int, default=2000, show_default=True, help="Synthetic articles to stream.")
@click.option("--kills", type=int, default=3, show_default=True,
              help="Times the worker is SIGKILLed at a random point and restarted.")  # fmt: skip
@click.option("--pool-kills", type=int, default=1, show_default=True,
              help="Times one of the worker's spaCy processes is SIGKILLed.")  # fmt: skip
@click.option("--hostile", type=int, default=100, show_default=True, help="Hostile messages mixed into the input.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the input and of the fault schedule.")
@click.option("--rate", type=float, default=80.0, show_default=True, help="Messages a second from the producer.")
@click.option("--timeout", type=float, default=900.0, show_default=True, help="Give up after this many seconds.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep worker and broker logs here (default: a temporary directory).")  # fmt: skip
@setting_options("processes")
def soak(
    articles: int,
    kills: int,
    pool_kills: int,
    hostile: int,
    seed: int,
    rate: float,
    timeout: float,
    workdir: Path | None,
    **options: Any,
) -> None:
    """Stream articles through a worker that is killed and restarted; print what was lost.

    Prints: in, enriched, dead-lettered, lost, duplicated (and how many duplicates differ).
    Exits non-zero when anything was lost or a duplicate differs.
    """
    from worker.soak import SoakConfig, iter_lines, run_soak

    config = SoakConfig(
        articles=articles,
        kills=kills,
        pool_kills=pool_kills,
        hostile=hostile,
        seed=seed,
        processes=settings_from(options).processes,
        rate=rate,
        timeout=timeout,
        workdir=workdir,
    )
    signal.signal(signal.SIGTERM, _interrupt)  # stop the worker and the broker on the way out
    report = run_soak(config, say=lambda line: click.echo(line, err=True))
    for line in iter_lines(report):
        click.echo(line)
    sys.exit(0 if report.lost == 0 and report.differing == 0 else 1)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@setting_options("model", "prefilter")
def evaluate(gold: tuple[Path, ...], **options: Any) -> None:
    """Score the pipeline against gold files (events, confidence, PLOVER devset); print tables."""
    from worker.evaluate import run

    settings = settings_from(options)
    click.echo(run(list(gold), model=settings.model, prefilter=settings.prefilter))


if __name__ == "__main__":
    main()
