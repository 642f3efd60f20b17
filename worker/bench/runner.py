"""One ``eventwire bench`` run: the references, then the worker, through the embedded broker."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from worker.bench.ceiling import CeilingResult, measure_ceiling
from worker.bench.corpus import Corpus
from worker.bench.evaluation import compare
from worker.bench.load import Phase, Probe
from worker.bench.procs import running, tree_memory
from worker.bench.report import Latency, Report, Row
from worker.broker import EmbeddedBroker, ensure_topics_sync, free_port
from worker.config import Settings

Say = Callable[[str], None]


@dataclass(frozen=True)
class BenchOptions:
    """What to run.

    Attributes:
        articles: articles in the throughput burst (each reference parses the same ones).
        latency_seconds: length of each fixed-load phase.
        loads: offered loads, as shares of the configuration's measured throughput.
        warmup: articles sent (and awaited) before timing: group join, model load, first calls.
        seed: corpus seed.
        naive: run reference (b).
        prefiltered_ceiling: also time ``nlp.pipe`` over the prefiltered texts.
        gold: gold files for ``eventwire eval`` (none: skip the accuracy table).
        workdir: where worker logs and state go (a temporary directory if ``None``).
    """

    articles: int = 200
    latency_seconds: float = 30.0
    loads: tuple[float, ...] = (0.5, 0.9)
    warmup: int = 6
    seed: int = 2024
    naive: bool = True
    prefiltered_ceiling: bool = True
    gold: tuple[Path, ...] = ()
    workdir: Path | None = None


def run_bench(settings: Settings, options: BenchOptions, say: Say = lambda line: None) -> Report:
    """Measure everything and return the report (``say`` hears progress lines)."""
    corpus = Corpus.synthetic(options.articles, seed=options.seed)
    tokens = sum(corpus.tokens)
    processes = settings.processes
    say(f"corpus: {len(corpus.texts)} articles, {tokens} tokens; {processes} spaCy processes")

    say("reference (a): nlp.pipe ceiling, full pipeline")
    ceiling = _ceiling_row("nlp.pipe ceiling, full", corpus, settings, prefilter=False)
    pre_ceiling = None
    if options.prefiltered_ceiling:
        say("nlp.pipe ceiling, prefiltered")
        pre_ceiling = _ceiling_row("nlp.pipe ceiling, prefiltered", corpus, settings, prefilter=True)

    with _workdir(options.workdir) as workdir, EmbeddedBroker(
        "127.0.0.1", free_port(), log_path=workdir / "broker.log"
    ) as broker:
        bench = _BrokerBench(broker, settings, corpus, options, workdir, say)
        naive = bench.naive() if options.naive else None
        workers = tuple(
            bench.worker(prefilter) for prefilter in ((False, True) if settings.prefilter else (False,))
        )

    evaluation: dict[str, tuple[float, float]] = {}
    notes: list[str] = []
    if options.gold:
        say("eventwire eval, prefilter off and on")
        evaluation, eval_notes = compare(list(options.gold), model=settings.model)
        notes += eval_notes
    return Report(
        processes=processes,
        articles=len(corpus.texts),
        tokens=tokens,
        batch_size=settings.batch_size,
        batch_within=settings.batch_within,
        ceiling=ceiling,
        naive=naive,
        workers=workers,
        prefiltered_ceiling=pre_ceiling,
        evaluation=evaluation,
        notes=tuple(notes),
    )


def _ceiling_row(name: str, corpus: Corpus, settings: Settings, *, prefilter: bool) -> Row:
    result: CeilingResult = measure_ceiling(
        corpus.texts, model=settings.model, processes=settings.processes, prefilter=prefilter
    )
    return Row(
        name=f"{name} x{settings.processes}",
        rate=result.rate,
        tokens_rate=sum(corpus.tokens) / result.seconds,
        rss_main_mb=None,
        rss_spacy_mb=result.peak_rss_mb,
        kept_share=result.kept_share if prefilter else None,
    )


class _BrokerBench:
    """Runs the naive agent and the worker against one embedded broker."""

    def __init__(
        self,
        broker: EmbeddedBroker,
        settings: Settings,
        corpus: Corpus,
        options: BenchOptions,
        workdir: Path,
        say: Say,
    ) -> None:
        self.broker = broker
        self.settings = settings
        self.corpus = corpus
        self.options = options
        self.workdir = workdir
        self.say = say
        self._runs = 0

    def naive(self) -> Row:
        self.say("reference (b): naive agent, nlp per message on the event loop")
        env = self._env(prefilter=False)
        with running("worker.bench.naive", [], env, self.workdir / "naive.log") as process:
            burst, _ = asyncio.run(self._drive(env, (), alive=lambda: process.poll() is None))
            memory = tree_memory(process.pid)
        main = next(m.peak_rss_mb for m in memory if m.role == "main")
        return self._row("naive agent, 1 event loop", burst, (), main, (main,))

    def worker(self, prefilter: bool) -> Row:
        label = "prefiltered" if prefilter else "full"
        self.say(f"eventwire worker, {label} pipeline")
        env = self._env(prefilter=prefilter)
        with running("worker.cli", ["worker"], env, self.workdir / f"worker-{label}.log") as process:
            alive = lambda: process.poll() is None  # noqa: E731
            burst, latencies = asyncio.run(self._drive(env, self.options.loads, alive=alive))
            memory = tree_memory(process.pid)
        main = next(m.peak_rss_mb for m in memory if m.role == "main")
        spacy = tuple(m.peak_rss_mb for m in memory if m.role == "spacy")
        return self._row(f"eventwire worker, {label}", burst, latencies, main, spacy)

    def _row(
        self,
        name: str,
        burst: Phase,
        latencies: Sequence[Latency],
        main: float,
        spacy: tuple[float, ...],
    ) -> Row:
        seconds = burst.span()
        tokens = sum(self.corpus.tokens[i] for i in burst.indices.values())
        return Row(name, len(burst.sent) / seconds, tokens / seconds, main, spacy, tuple(latencies))

    async def _drive(
        self, env: dict[str, str], loads: Sequence[float], *, alive: Callable[[], bool]
    ) -> tuple[Phase, list[Latency]]:
        corpus, options = self.corpus, self.options
        topics = env["EVENTWIRE_TOPIC_RAW"], env["EVENTWIRE_TOPIC_ENRICHED"]
        probe = Probe(self.broker.bootstrap, *topics, alive=alive)
        await probe.start()
        try:
            await probe.burst(corpus.messages("warm", options.warmup), timeout=300)
            burst = await probe.burst(corpus.messages("burst"), timeout=600 + 10 * len(corpus.texts))
            capacity = len(burst.sent) / burst.span()
            self.say(f"  throughput {capacity:.2f} articles/s")
            latencies = []
            for load in loads:
                rate = load * capacity
                count = max(10, round(rate * options.latency_seconds))
                messages = corpus.messages(f"load{round(load * 100)}", count)
                phase = await probe.paced(messages, rate, timeout=600)
                latency = Latency.of(load, rate, phase.latencies())
                self.say(f"  {load:.0%} load ({rate:.1f}/s): p50 {latency.p50:.2f} s, p99 {latency.p99:.2f} s")
                latencies.append(latency)
        finally:
            await probe.stop()
        return burst, latencies

    def _env(self, *, prefilter: bool) -> dict[str, str]:
        self._runs += 1
        tag = f"bench{self._runs}-{int(time.time())}"
        settings = self.settings
        topics = {
            "EVENTWIRE_TOPIC_RAW": f"{tag}.raw",
            "EVENTWIRE_TOPIC_ENRICHED": f"{tag}.enriched",
            "EVENTWIRE_TOPIC_DLQ": f"{tag}.dlq",
            "EVENTWIRE_TOPIC_CLUSTERS": f"{tag}.clusters",
        }
        ensure_topics_sync(self.broker.bootstrap, topics.values(), settings.topic_partitions)
        env = dict(os.environ)
        env.update(topics)
        env.update(
            {
                "EVENTWIRE_APP_ID": f"eventwire-{tag}",
                "EVENTWIRE_BROKER_URL": self.broker.url,
                "EVENTWIRE_MODEL": settings.model,
                "EVENTWIRE_PROCESSES": str(settings.processes),
                "EVENTWIRE_BATCH_SIZE": str(settings.batch_size),
                "EVENTWIRE_BATCH_WITHIN": str(settings.batch_within),
                "EVENTWIRE_PREFILTER": "true" if prefilter else "false",
                "EVENTWIRE_TOPIC_PARTITIONS": str(settings.topic_partitions),
                "EVENTWIRE_SESSION_TIMEOUT": "6",  # the embedded broker joins in half of it
                "EVENTWIRE_WEB_PORT": str(free_port()),
                "EVENTWIRE_DATA_DIR": str(self.workdir / f"state-{tag}"),
                "EVENTWIRE_LOG_LEVEL": "WARNING",
            }
        )
        return env


@contextmanager
def _workdir(path: Path | None) -> Iterator[Path]:
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        yield Path(tmp)


def default_gold() -> tuple[Path, ...]:
    """The repository's gold files (``tests/data/*.jsonl``) when run from a checkout."""
    data = Path(__file__).resolve().parents[2] / "tests" / "data"
    return tuple(sorted(data.glob("*.jsonl"))) if data.is_dir() else ()
