"""Reference (a), the ceiling: plain ``nlp.pipe`` over the texts, one shard per process.

No broker, no Faust, no record building: each process loads the pipeline, waits at a barrier
so that model loading is not timed, and parses its shard. The shards are balanced by length
(largest first onto the least loaded process), as a careful batch job would split them, so
the wall time is the pipeline's own limit on this many cores.
"""

from __future__ import annotations

import multiprocessing
import queue
import resource
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier

from worker.core.pipeline import load_pipeline
from worker.core.prefilter import Prefilter

# Load and warm-up time allowed before the barrier gives up.
_START_TIMEOUT = 600.0


@dataclass(frozen=True)
class CeilingResult:
    """One timed ``nlp.pipe`` run.

    Attributes:
        seconds: wall time from the barrier to the last process done.
        articles: texts parsed.
        peak_rss_mb: peak resident memory of each process.
        kept_share: share of characters parsed (1.0 without the prefilter).
        cpu_seconds: CPU time the processes spent on the timed part, all together.

    """

    seconds: float
    articles: int
    peak_rss_mb: tuple[float, ...]
    kept_share: float = 1.0
    cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds


def shards(lengths: Sequence[int], count: int) -> list[list[int]]:
    """Indices split into ``count`` shards of nearly equal total length (greedy, largest first)."""
    loads = [0] * count
    out: list[list[int]] = [[] for _ in range(count)]
    for index in sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True):
        target = loads.index(min(loads))
        out[target].append(index)
        loads[target] += lengths[index]
    return [sorted(s) for s in out]


def measure_ceiling(
    texts: Sequence[str],
    *,
    model: str,
    processes: int,
    prefilter: bool = False,
    as_shipped: bool = False,
    batch_size: int = 4,
) -> CeilingResult:
    """Time ``nlp.pipe`` over ``texts`` in ``processes`` processes.

    Args:
        texts: what the pipeline parses.
        model: the spaCy model (eventwire's components are added as the worker adds them).
        processes: processes to split the texts across.
        prefilter: blank non-candidate sentences first (timed: it is part of the work).
        as_shipped: run the model's components as shipped (spaCy's own attribute ruler), not
            the worker's pipeline (see :func:`worker.core.pipeline.load_pipeline`).
        batch_size: ``nlp.pipe`` batch size.

    """
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    results: multiprocessing.Queue[tuple[float, float, float, int, int, float]] = context.Queue()
    parts = shards([len(t) for t in texts], processes)
    workers = [
        context.Process(
            target=_parse_shard,
            args=(model, [texts[i] for i in part], prefilter, as_shipped, batch_size, barrier, results),
            daemon=True,
        )
        for part in parts
    ]
    for worker in workers:
        worker.start()
    try:
        barrier.wait(timeout=_START_TIMEOUT)
        rows = [results.get(timeout=_START_TIMEOUT) for _ in workers]
    except (queue.Empty, threading.BrokenBarrierError) as exc:
        raise RuntimeError("a ceiling process failed; see its traceback above") from exc
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    started = min(r[0] for r in rows)
    finished = max(r[1] for r in rows)
    kept = sum(r[3] for r in rows) / max(1, sum(r[4] for r in rows))
    cpu = sum(r[5] for r in rows)
    return CeilingResult(finished - started, len(texts), tuple(r[2] for r in rows), kept, cpu)


def _parse_shard(
    model: str,
    texts: list[str],
    prefilter: bool,
    as_shipped: bool,
    batch_size: int,
    barrier: Barrier,
    results: multiprocessing.Queue[tuple[float, float, float, int, int, float]],
) -> None:
    nlp = load_pipeline(model, as_shipped=as_shipped)
    blanker = Prefilter.for_pipeline(nlp) if prefilter else None
    for _ in nlp.pipe(texts[:1]):  # first-call allocations are not the steady state
        pass
    barrier.wait(timeout=_START_TIMEOUT)
    kept = 0
    started = time.monotonic()
    cpu_started = _cpu()
    if blanker is None:
        parsed = iter(texts)
        kept = sum(len(t) for t in texts)
    else:
        blanked = [blanker.apply(t) for t in texts]
        parsed = iter(b.text for b in blanked)
        kept = sum(b.kept_chars for b in blanked)
    for _ in nlp.pipe(parsed, batch_size=batch_size):
        pass
    finished = time.monotonic()
    cpu = _cpu() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    results.put((started, finished, peak, kept, sum(len(t) for t in texts), cpu))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
