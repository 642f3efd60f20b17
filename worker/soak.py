"""``eventwire soak``: articles through a real worker while faults are injected; count what is lost.

An embedded broker, ``eventwire worker`` subprocesses and a producer that streams the input
at a steady rate. While the worker runs it is SIGKILLed at random points (each time after it
has made progress since its last start) and restarted, and spaCy processes are SIGKILLed
inside it; hostile messages are mixed into the input. When every input has an output, or the
time is up, the worker is stopped and both output topics are read to the end.

Every input has a unique Kafka key that is also its article id, so each output can be matched
to its input: ``lost`` counts inputs with no output, ``duplicated`` counts outputs beyond the
first per input, and ``differing`` counts inputs whose outputs are not byte-identical.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition

from worker.broker import EmbeddedBroker, ensure_topics_sync, free_port
from worker.hostile import corpus
from worker.synthetic import articles

PARTITIONS = 4


@dataclass(frozen=True)
class SoakConfig:
    """What to run and which faults to inject."""

    articles: int = 2000
    kills: int = 3
    pool_kills: int = 1
    hostile: int = 100
    seed: int = 1
    processes: int = 2
    rate: float = 80.0  # messages per second from the producer
    min_words: int = 60
    max_words: int = 150
    timeout: float = 900.0
    workdir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)  # extra EVENTWIRE_* settings for the worker


@dataclass
class SoakReport:
    """What came out, per input."""

    sent: int
    enriched: int
    dead_lettered: int
    lost: int
    duplicated: int
    differing: int
    both: int  # inputs with an enriched record and a dead letter (must be 0)
    kills: list[float]  # share of inputs with an output when each SIGKILL was sent
    pool_kills: int
    restarts: int
    elapsed: float
    workdir: Path
    missing: list[str]
    differing_keys: list[str]
    exits: int = 0  # times the worker stopped by itself and was started again

    def summary(self) -> str:
        """The figures, as ``eventwire soak`` prints them."""
        where = ", ".join(f"{share:.0%}" for share in self.kills) or "-"
        return "\n".join(
            [
                f"in {self.sent}  enriched {self.enriched}  dead-lettered {self.dead_lettered}  "
                f"lost {self.lost}  duplicated {self.duplicated} (differing {self.differing})",
                f"faults: worker SIGKILL x{len(self.kills)} (at {where} of inputs done), "
                f"spaCy process SIGKILL x{self.pool_kills}, worker starts {self.restarts + 1} "
                f"(of which {self.exits} after the worker exited by itself)",
                f"elapsed {self.elapsed:.1f} s; logs in {self.workdir}",
            ]
        )


def soak_inputs(config: SoakConfig) -> list[tuple[bytes, bytes]]:
    """The input: synthetic articles with hostile messages mixed in, keyed by id."""
    messages = [
        (str(a["id"]).encode(), orjson.dumps(a))
        for a in articles(config.articles, min_words=config.min_words, max_words=config.max_words, seed=config.seed)
    ]
    hostile = [(case.key, case.value) for case in corpus(config.seed, huge=False)][: config.hostile]
    rng = random.Random(config.seed)
    for message in hostile:
        messages.insert(rng.randrange(len(messages) + 1), message)
    return messages


def run_soak(config: SoakConfig, *, say: Callable[[str], None] = lambda line: None) -> SoakReport:
    """Run the soak and return its report; ``say`` receives progress lines."""
    started = time.monotonic()
    workdir = config.workdir or Path(tempfile.mkdtemp(prefix="eventwire-soak-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(config.seed)
    messages = soak_inputs(config)
    expected = {key.decode() for key, _ in messages}
    tag = f"soak-{os.getpid()}-{rng.randrange(10**6)}"
    raw, enriched, dlq = f"{tag}.raw", f"{tag}.enriched", f"{tag}.dlq"
    with EmbeddedBroker("127.0.0.1", free_port(), log_path=workdir / "broker.log") as broker:
        ensure_topics_sync(broker.bootstrap, [raw, enriched, dlq, f"{tag}.clusters"], PARTITIONS)
        outputs = _Reader(broker.bootstrap, [enriched, dlq])
        outputs.start()
        producer = _Producer(broker.bootstrap, raw, messages, config.rate)
        worker = _Worker(_worker_env(config, broker, tag, workdir), workdir)
        faults = _Faults(config, rng, worker, say)
        try:
            worker.start()
            producer.start()
            while time.monotonic() < started + config.timeout:
                done = len(outputs.keys() & expected) / len(expected)
                if done >= 1.0 and producer.finished:
                    break
                faults.step(done, outputs.count())
                time.sleep(0.2)
            worker.stop()
        finally:
            worker.kill()
            producer.join()
            outputs.stop()
    return _report(messages, outputs, faults, worker.starts - 1, started, workdir)


class _Faults:
    """The fault schedule: worker SIGKILLs and spaCy process SIGKILLs at random points."""

    def __init__(self, config: SoakConfig, rng: random.Random, worker: _Worker, say: Callable[[str], None]) -> None:
        self.rng, self.worker, self.say = rng, worker, say
        self.kill_at = sorted(rng.uniform(0.08, 0.85) for _ in range(config.kills))
        self.pool_kill_at = sorted(rng.uniform(0.1, 0.9) for _ in range(config.pool_kills))
        self.kills: list[float] = []
        self.pool_kills = 0
        self.exits = 0

    def step(self, done: float, outputs: int) -> None:
        """Inject whatever fault is due at ``done`` (share of inputs with an output)."""
        worker = self.worker
        if worker.exited():  # as an orchestrator would: start it again, and count it
            self.say(f"worker exited by itself at {done:.0%}: starting it again")
            self.exits += 1
            worker.kill()
            worker.start(started_with=outputs)
        # Kill only a worker that has made progress since it started: mid-stream.
        if self.kill_at and done >= self.kill_at[0] and outputs - worker.started_with >= 20:
            self.kill_at.pop(0)
            time.sleep(self.rng.uniform(0.0, 1.0))
            self.say(f"SIGKILL worker at {done:.0%}")
            self.kills.append(done)
            worker.kill()
            worker.start(started_with=outputs)
        elif self.pool_kill_at and done >= self.pool_kill_at[0] and worker.kill_spacy_process(self.rng):
            self.pool_kill_at.pop(0)
            self.pool_kills += 1
            self.say(f"SIGKILL a spaCy process at {done:.0%}")


def _report(
    messages: list[tuple[bytes, bytes]],
    outputs: _Reader,
    faults: _Faults,
    restarts: int,
    started: float,
    workdir: Path,
) -> SoakReport:
    keys = [key.decode() for key, _ in messages]
    records = outputs.records
    enriched = {k for k in keys if any(topic.endswith(".enriched") for topic, _ in records.get(k, ()))}
    dead = {k for k in keys if any(topic.endswith(".dlq") for topic, _ in records.get(k, ()))}
    missing = sorted(set(keys) - enriched - dead)
    differing = sorted(k for k in keys if len({value for _, value in records.get(k, ())}) > 1)
    duplicated = sum(max(0, len(records.get(k, ())) - 1) for k in set(keys))
    return SoakReport(
        sent=len(messages),
        enriched=len(enriched),
        dead_lettered=len(dead),
        lost=len(missing),
        duplicated=duplicated,
        differing=len(differing),
        both=len(enriched & dead),
        kills=faults.kills,
        pool_kills=faults.pool_kills,
        restarts=restarts,
        elapsed=time.monotonic() - started,
        workdir=workdir,
        missing=missing,
        differing_keys=differing,
        exits=faults.exits,
    )


def _worker_env(config: SoakConfig, broker: EmbeddedBroker, tag: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "EVENTWIRE_BROKER_URL": broker.url,
            "EVENTWIRE_APP_ID": f"eventwire-{tag}",
            "EVENTWIRE_TOPIC_RAW": f"{tag}.raw",
            "EVENTWIRE_TOPIC_ENRICHED": f"{tag}.enriched",
            "EVENTWIRE_TOPIC_DLQ": f"{tag}.dlq",
            "EVENTWIRE_TOPIC_CLUSTERS": f"{tag}.clusters",
            "EVENTWIRE_SESSION_TIMEOUT": "6",
            "EVENTWIRE_PROCESSES": str(config.processes),
            "EVENTWIRE_DATA_DIR": str(workdir / "state"),
            "EVENTWIRE_LOG_JSON": "false",
        }
    )
    env.update(config.env)
    return env


class _Worker:
    """``eventwire worker`` subprocesses, one at a time, each in its own process group."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.started_with = 0

    def start(self, *, started_with: int = 0) -> None:
        self.starts += 1
        self.started_with = started_with
        env = {**self.env, "EVENTWIRE_WEB_PORT": str(free_port())}
        with (self.workdir / f"worker-{self.starts}.log").open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "worker.cli", "worker"],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the worker, then whatever it left behind in its process group."""
        process = self.process
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
        process.wait()
        # A container runtime would take the spaCy processes down with the worker.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        self.process = None

    def stop(self) -> None:
        """SIGTERM the worker and wait for it to drain."""
        process = self.process
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)
        self.kill()

    def exited(self) -> bool:
        """True when the current worker process has ended."""
        return self.process is not None and self.process.poll() is not None

    def kill_spacy_process(self, rng: random.Random) -> bool:
        """SIGKILL one of the worker's spaCy processes; False when none is running."""
        if self.process is None:
            return False
        candidates = [pid for child in _children(self.process.pid) for pid in _children(child)]
        if not candidates:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(rng.choice(candidates), signal.SIGKILL)
        return True


def _children(pid: int) -> list[int]:
    # The pool's processes are children of the fork server, itself a child of the worker.
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


class _Producer(threading.Thread):
    """Streams the input at ``rate`` messages a second, waiting for every acknowledgement."""

    def __init__(self, bootstrap: str, topic: str, messages: list[tuple[bytes, bytes]], rate: float) -> None:
        super().__init__(daemon=True)
        self.bootstrap, self.topic, self.messages, self.rate = bootstrap, topic, messages, rate
        self.finished = False
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._produce())
        except BaseException as exc:  # reported by the caller, never swallowed
            self.error = exc
            raise
        finally:
            self.finished = True

    async def _produce(self) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all", max_request_size=16 << 20)
        await producer.start()
        try:
            step = 20
            for start in range(0, len(self.messages), step):
                began = time.monotonic()
                sent = [
                    await producer.send(self.topic, value=value, key=key)
                    for key, value in self.messages[start : start + step]
                ]
                await asyncio.gather(*sent)
                await asyncio.sleep(max(0.0, step / self.rate - (time.monotonic() - began)))
        finally:
            await producer.stop()


class _Reader:
    """Reads output topics from the start in a background thread: key -> [(topic, value)]."""

    def __init__(self, bootstrap: str, topics: list[str]) -> None:
        self.bootstrap, self.topics = bootstrap, topics
        self.records: dict[str, list[tuple[str, bytes]]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._read()), daemon=True)
        self._count = 0
        self._seen: set[tuple[TopicPartition, int]] = set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Read until nothing new came for 3 s, then stop."""
        self._stop.set()
        self._thread.join()

    def keys(self) -> set[str]:
        with self._lock:
            return set(self.records)

    def count(self) -> int:
        return self._count

    async def _read(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=16 << 20,
            fetch_max_bytes=64 << 20,
        )
        await consumer.start()
        try:
            consumer.assign([TopicPartition(t, p) for t in self.topics for p in range(PARTITIONS)])
            idle_since: float | None = None
            while True:
                batch = await consumer.getmany(timeout_ms=500)
                for tp, messages in batch.items():
                    with self._lock:
                        for m in messages:
                            if (tp, m.offset) in self._seen:
                                continue  # a re-fetch of a record already read is not a duplicate
                            self._seen.add((tp, m.offset))
                            key = (m.key or b"").decode("utf-8", "replace")
                            self.records.setdefault(key, []).append((tp.topic, m.value or b""))
                            self._count += 1
                if batch:
                    idle_since = None
                elif self._stop.is_set():
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since > 3.0:
                        return
        finally:
            await consumer.stop()


def iter_lines(report: SoakReport) -> Iterator[str]:
    """The report's lines, with the first missing and differing inputs named."""
    yield from report.summary().splitlines()
    if report.missing:
        yield f"missing (first 10): {', '.join(report.missing[:10])}"
    if report.differing_keys:
        yield f"differing (first 10): {', '.join(report.differing_keys[:10])}"
