"""spaCy off the event loop: a process pool whose processes load the pipeline once.

A batch is split into chunks, largest first, that the processes take as they come free (so
they finish a batch together), each enriched with ``nlp.pipe``. Only bytes and small
summaries cross the process boundary, never ``Doc`` objects, and nothing from the input is
ever unpickled: the parent pickles its own :class:`Job` values and the children return
:class:`Done` values built by our code.

Failure handling, in order:

1. A chunk whose process crashed, hung past ``batch_timeout`` or raised is retried
   ``max_retries`` times with the pool to itself (a crash replaces every process, so a chunk
   that failed next to a crashing one is not blamed for it).
2. A chunk that still fails is split in halves, each tried alone and split again on failure,
   until the message that breaks it is isolated.
3. That message gets ``max_retries`` more attempts alone and is then rejected as
   ``processing_failed``: one poison message costs a bounded number of attempts and never
   stalls its partition.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from worker.core.enrich import Enriched, Enricher, Outcome, RawItem, Rejected
from worker.core.replay import Stamp, seal
from worker.errors import Reason

log = logging.getLogger(__name__)

# A chunk never holds more input than this unless one message alone is larger: memory in a
# spaCy process grows with the text it holds at once (docs of a chunk live together).
MAX_CHUNK_BYTES = 4 * 1024 * 1024
SPAWN_ATTEMPTS = 3  # starts of the processes before a start failure is the worker's
# Chunks aim at most at this much input (a few hundred ms of spaCy), handed out largest first
# and shrinking towards the end of a batch: small enough that the processes finish a batch
# together, large enough that the per-chunk cost (pickling, a queue round trip: about a
# millisecond) stays under 1 %.
TARGET_CHUNK_BYTES = 12_000


@dataclass(frozen=True, slots=True)
class Job:
    """One input for the pool: the raw message and the stamp of its earlier publication."""

    item: RawItem
    previous: Stamp | None = None


@dataclass(frozen=True, slots=True)
class Done:
    """The result of one job: the outcome and, for an enriched record, the stamp it carries."""

    outcome: Outcome
    stamp: Stamp | None = None


Task = Callable[[Sequence[Job]], list[Done]]

_enricher: Enricher | None = None  # one per spaCy process, set by the initializer


def load_enricher(model: str, max_bytes: int, languages: tuple[str, ...], prefilter: bool = False) -> None:
    """Pool initializer: load the pipeline once in this process."""
    from worker.core.pipeline import load_pipeline

    global _enricher  # noqa: PLW0603  (process-wide by design: loaded once per process)
    _enricher = Enricher(
        load_pipeline(model),
        model_name=model,
        max_bytes=max_bytes,
        languages=languages,
        prefilter=prefilter,
    )
    # Build the gazetteer now rather than inside the first batch.
    _enricher.gazetteer.place("London")


def enrich_jobs(jobs: Sequence[Job]) -> list[Done]:
    """Pool task: enrich a chunk and seal each record against its earlier stamp."""
    assert _enricher is not None, "pool initializer did not run"
    outcomes = _enricher.enrich_batch([job.item for job in jobs])
    return [_seal(outcome, job.previous) for outcome, job in zip(outcomes, jobs, strict=True)]


def _seal(outcome: Outcome, previous: Stamp | None) -> Done:
    if not isinstance(outcome, Enriched):
        return Done(outcome)
    value, stamp = seal(outcome.value, previous)
    return Done(dataclasses.replace(outcome, value=value), stamp)


def _pid() -> int:
    return os.getpid()


@dataclass(frozen=True, slots=True)
class _Failure:
    detail: str


class NlpPool:
    """Enrich batches in ``processes`` spaCy subprocesses."""

    def __init__(
        self,
        *,
        processes: int,
        batch_timeout: float,
        max_retries: int,
        model: str = "",
        max_bytes: int = 2 * 1024 * 1024,
        languages: Sequence[str] = ("en",),
        prefilter: bool = False,
        task: Task = enrich_jobs,
        initializer: Callable[..., None] = load_enricher,
        initargs: tuple[object, ...] | None = None,
        max_chunk_bytes: int = MAX_CHUNK_BYTES,
        start_method: str = "forkserver",
        preload: Sequence[str] = ("worker.core.enrich", "spacy"),
        on_restart: Callable[[], None] = lambda: None,
        on_error: Callable[[], None] = lambda: None,
        on_depth: Callable[[int], None] = lambda depth: None,
    ) -> None:
        """Configure the pool; nothing starts before :meth:`start`.

        Args:
            processes: spaCy processes.
            batch_timeout: Seconds one chunk may take before its process counts as hung.
            max_retries: Retries of a failed chunk, and of an isolated message, before giving up.
            model: The spaCy pipeline each process loads (with the default initializer).
            max_bytes: Larger inputs are rejected as oversized (default initializer).
            languages: Languages enriched (default initializer).
            prefilter: Parse only the sentences that can hold an event (default initializer).
            task: What a process runs on a chunk; tests inject crashing or hanging ones.
            initializer: Runs once in every new process.
            initargs: Arguments of ``initializer``; by default ``(model, max_bytes, languages)``.
            max_chunk_bytes: Input bytes per chunk, bounding a process's memory.
            start_method: ``forkserver`` (default) or ``spawn``; never ``fork`` in a threaded parent.
            preload: Modules the fork server imports once, so new processes start warm.
            on_restart: Called each time the processes are replaced.
            on_error: Called on each failed attempt.
            on_depth: Called with the number of chunks in flight.

        """
        self.processes = processes
        self.batch_timeout = batch_timeout
        self.max_retries = max_retries
        self.max_chunk_bytes = max_chunk_bytes
        self._task = task
        self._initializer = initializer
        default_args = (model, max_bytes, tuple(languages), prefilter)
        self._initargs = initargs if initargs is not None else default_args
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(list(preload))
        self._on_restart = on_restart
        self._on_error = on_error
        self._on_depth = on_depth
        self._executor: ProcessPoolExecutor | None = None
        self._depth = 0
        self._restart_lock = asyncio.Lock()
        self._batch_lock = asyncio.Lock()
        # One chunk per process at a time, so a chunk's timeout starts when it can run
        # rather than when it was queued.
        self._slots = asyncio.Semaphore(processes)

    async def start(self) -> None:
        """Start the processes and wait until each has run its initializer."""
        await self._spawn()

    def close(self) -> None:
        """Stop the processes."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def pids(self) -> list[int]:
        """Process ids of the current spaCy processes (for fault injection and diagnostics)."""
        executor = self._executor
        processes = (getattr(executor, "_processes", None) or {}) if executor else {}
        return sorted(processes)

    async def enrich(self, jobs: Sequence[Job]) -> list[Done]:
        """Enrich ``jobs``, in order; failures come back as :class:`Rejected` outcomes."""
        if not jobs:
            return []
        # Largest first (longest-processing-time order): the processes take chunks as they come
        # free, so the small ones at the end even out their finishing times.
        order = sorted(range(len(jobs)), key=lambda i: len(jobs[i].item.value), reverse=True)
        done = await self._enrich_in_order([jobs[i] for i in order])
        restored: list[Done] = list(done)
        for index, result in zip(order, done, strict=True):
            restored[index] = result
        return restored

    async def _enrich_in_order(self, jobs: Sequence[Job]) -> list[Done]:
        async with self._batch_lock:  # isolation needs the pool to itself
            chunks = self._chunks(jobs)
            first = await asyncio.gather(*(self._attempt(chunk) for chunk in chunks))
            done: list[Done] = []
            for chunk, result in zip(chunks, first, strict=True):
                # Alone first, and not counted as a retry: in company, a crash may not be its own.
                alone = await self._attempt(chunk) if isinstance(result, _Failure) else result
                done.extend(await self._retry(chunk, alone) if isinstance(alone, _Failure) else alone)
            return done

    def _chunks(self, jobs: Sequence[Job]) -> list[Sequence[Job]]:
        # Guided self-scheduling over largest-first jobs: a chunk aims at the smaller of
        # TARGET_CHUNK_BYTES and the input still unassigned over twice the process count, so
        # the chunks shrink towards the end of the batch and the last one to finish is short
        # (a fixed target made the last chunk a pile of small messages as long as the largest).
        remaining = sum(len(job.item.value) for job in jobs)
        chunks: list[Sequence[Job]] = []
        start = size = 0
        for index, job in enumerate(jobs):
            length = len(job.item.value)
            if index > start and size + length > self.max_chunk_bytes:
                chunks.append(jobs[start:index])
                remaining -= size
                start, size = index, 0
            size += length
            if size >= min(TARGET_CHUNK_BYTES, remaining / (2 * self.processes)):
                chunks.append(jobs[start : index + 1])
                remaining -= size
                start, size = index + 1, 0
        if start < len(jobs):
            chunks.append(jobs[start:])
        return chunks

    async def _retry(self, jobs: Sequence[Job], failure: _Failure) -> list[Done]:
        for _ in range(self.max_retries):
            result = await self._attempt(jobs)
            if not isinstance(result, _Failure):
                return result
            failure = result
        return await self._isolate(jobs, failure)

    async def _isolate(self, jobs: Sequence[Job], failure: _Failure) -> list[Done]:
        if len(jobs) == 1:
            log.error("rejecting the message that failed alone %d time(s): %s", 1 + self.max_retries, failure.detail)
            detail = f"{failure.detail} (failed alone {1 + self.max_retries} times)"
            return [Done(Rejected(Reason.PROCESSING_FAILED, detail))]
        log.warning("bisecting a failing chunk of %d to isolate the message that breaks it", len(jobs))
        middle = len(jobs) // 2
        done: list[Done] = []
        for half in (jobs[:middle], jobs[middle:]):
            result = await self._attempt(half)
            if isinstance(result, _Failure):
                result = await (self._retry(half, result) if len(half) == 1 else self._isolate(half, result))
            done.extend(result)
        return done

    async def _attempt(self, jobs: Sequence[Job]) -> list[Done] | _Failure:
        async with self._slots:
            executor = self._executor
            assert executor is not None, "start() first"
            self._set_depth(+1)
            try:
                future = asyncio.get_running_loop().run_in_executor(executor, self._task, jobs)
                return await asyncio.wait_for(future, self.batch_timeout)
            except (BrokenProcessPool, TimeoutError) as exc:
                self._on_error()
                log.warning("spaCy process lost on a chunk of %d (%r): replacing the processes", len(jobs), exc)
                await self._replace(executor)
                return _Failure(f"{type(exc).__name__} in a spaCy process")
            except Exception as exc:  # raised inside enrichment: the processes are still sound
                self._on_error()
                log.exception("enrichment raised on a chunk of %d", len(jobs))
                return _Failure(f"{type(exc).__name__}: {exc}"[:300])
            finally:
                self._set_depth(-1)

    async def _replace(self, broken: ProcessPoolExecutor) -> None:
        async with self._restart_lock:
            if self._executor is not broken:
                return  # a concurrent chunk already replaced it
            _kill(broken)
            self._on_restart()
            await self._spawn()

    async def _spawn(self) -> None:
        # A process can die while it loads the model (killed, out of memory): start again a
        # few times before giving up, rather than fail the worker on the first such death.
        for attempt in range(1, SPAWN_ATTEMPTS + 1):
            self._executor = self._new_executor()
            try:
                await self._wait_ready()
            except BrokenProcessPool:
                if attempt == SPAWN_ATTEMPTS:
                    raise
                log.warning("a spaCy process died while starting (attempt %d): starting again", attempt)
                _kill(self._executor)
            else:
                return

    async def _wait_ready(self) -> None:
        # One call per process: each submit with no idle process starts a new one.
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        pids = await asyncio.gather(*(loop.run_in_executor(self._executor, _pid) for _ in range(self.processes)))
        log.info("spaCy processes ready: %s", sorted(set(pids)))

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=self._context,
            initializer=self._initializer,
            initargs=self._initargs,
        )

    def _set_depth(self, delta: int) -> None:
        self._depth += delta
        self._on_depth(self._depth)


def _kill(executor: ProcessPoolExecutor) -> None:
    # A hung process never returns, so shutdown() alone would wait for it forever.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)
