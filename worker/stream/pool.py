"""spaCy off the event loop: a process pool whose processes load the pipeline once.

A batch is split into chunks, largest first, that the processes take as they come free, so
they finish a batch together (see :func:`plan_chunks`); each chunk is enriched with
``nlp.pipe``. Only bytes and small summaries cross the process boundary, never ``Doc``
objects. A crashed or hung process is replaced and its batch retried; a batch that keeps
failing is split in halves until the message that breaks it is isolated and rejected, so one
poison message never stalls a partition.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from worker.core.enrich import Enricher, Outcome, RawItem, Rejected
from worker.errors import Reason

log = logging.getLogger(__name__)

_enricher: Enricher | None = None  # one per spaCy process, set by the initializer


# Chunks of about this many bytes take spaCy a few hundred milliseconds: small enough for the
# processes to balance a batch between them, large enough that the per-chunk cost (pickling, a
# queue round trip, about a millisecond) stays under 1 %.
CHUNK_BYTES = 12_000


def _initialize(model: str, max_bytes: int, languages: tuple[str, ...], prefilter: bool) -> None:
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


def _enrich(items: Sequence[RawItem]) -> list[Outcome]:
    assert _enricher is not None, "pool initializer did not run"
    return _enricher.enrich_batch(items)


def _ready() -> int:
    assert _enricher is not None
    return os.getpid()


class NlpPool:
    """Enrich batches in ``processes`` spaCy subprocesses."""

    def __init__(
        self,
        *,
        model: str,
        processes: int,
        max_bytes: int,
        languages: Sequence[str],
        batch_timeout: float,
        max_retries: int,
        prefilter: bool = False,
        start_method: str = "forkserver",
        on_restart: Callable[[], None] = lambda: None,
        on_error: Callable[[], None] = lambda: None,
        on_depth: Callable[[int], None] = lambda depth: None,
    ) -> None:
        self.processes = processes
        self.batch_timeout = batch_timeout
        self.max_retries = max_retries
        self._initargs = (model, max_bytes, tuple(languages), prefilter)
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(["worker.core.enrich", "spacy"])
        self._on_restart = on_restart
        self._on_error = on_error
        self._on_depth = on_depth
        self._executor: ProcessPoolExecutor | None = None
        self._depth = 0
        self._restart_lock = asyncio.Lock()
        # One chunk running in each process and one queued, so a process that comes free
        # starts its next chunk without waiting for the event loop.
        self._slots = asyncio.Semaphore(processes + 1)

    async def start(self) -> None:
        """Start the processes and wait until each has loaded the pipeline."""
        self._executor = self._new_executor()
        await self._wait_ready()

    def close(self) -> None:
        """Stop the processes."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    async def enrich(self, items: Sequence[RawItem]) -> list[Outcome]:
        """Enrich ``items``, in order; failures come back as :class:`Rejected` values."""
        if not items:
            return []
        chunks = plan_chunks([len(item.value) for item in items], self.processes)
        results = await asyncio.gather(*(self._run_chunk([items[i] for i in c]) for c in chunks))
        outcomes: list[Outcome | None] = [None] * len(items)
        for chunk, result in zip(chunks, results, strict=True):
            for index, outcome in zip(chunk, result, strict=True):
                outcomes[index] = outcome
        return [o for o in outcomes if o is not None]

    async def _run_chunk(self, items: Sequence[RawItem]) -> list[Outcome]:
        async with self._slots:
            return await self._run(items, self.max_retries)

    async def _run(self, items: Sequence[RawItem], retries: int) -> list[Outcome]:
        executor = self._executor
        assert executor is not None, "start() first"
        self._set_depth(+1)
        try:
            future = asyncio.get_running_loop().run_in_executor(executor, _enrich, items)
            return await asyncio.wait_for(future, self.batch_timeout)
        except (BrokenProcessPool, TimeoutError) as exc:
            self._on_error()
            log.warning("spaCy process lost on a batch of %d (%r): replacing the pool", len(items), exc)
            await self._replace(executor)
            failure = f"{type(exc).__name__} in a spaCy process"
        except Exception as exc:  # an error inside enrichment: the pool is still sound
            self._on_error()
            log.exception("enrichment raised on a batch of %d", len(items))
            failure = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            self._set_depth(-1)
        if retries > 0:
            return await self._run(items, retries - 1)
        if len(items) == 1:
            return [Rejected(Reason.PROCESSING_FAILED, f"{failure} after {self.max_retries} retries")]
        middle = len(items) // 2
        return await self._run(items[:middle], 0) + await self._run(items[middle:], 0)

    async def _replace(self, broken: ProcessPoolExecutor) -> None:
        async with self._restart_lock:
            if self._executor is not broken:
                return  # a concurrent chunk already replaced it
            _kill(broken)
            self._on_restart()
            self._executor = self._new_executor()
            await self._wait_ready()

    async def _wait_ready(self) -> None:
        # One call per process: each submit with no idle process starts a new one.
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        pids = await asyncio.gather(
            *(loop.run_in_executor(self._executor, _ready) for _ in range(self.processes))
        )
        log.info("spaCy processes ready: %s", sorted(set(pids)))

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=self._context,
            initializer=_initialize,
            initargs=self._initargs,
        )

    def _set_depth(self, delta: int) -> None:
        self._depth += delta
        self._on_depth(self._depth)


def plan_chunks(
    sizes: Sequence[int], processes: int, chunk_bytes: int = CHUNK_BYTES
) -> list[list[int]]:
    """Group item indices into chunks, largest items first (longest-processing-time order).

    Handing the largest chunks out first and the small ones last lets the processes end a
    batch at nearly the same time. No chunk aims past an even share of the batch, so a small
    batch still uses every process.

    Args:
        sizes: the size of each item in bytes (a proxy for its spaCy cost).
        processes: how many processes share the chunks.
        chunk_bytes: the largest chunk to aim for.

    Returns:
        Lists of indices into ``sizes``; every index appears once.

    """
    order = sorted(range(len(sizes)), key=lambda i: sizes[i], reverse=True)
    target = min(chunk_bytes, sum(sizes) // max(1, processes))
    chunks: list[list[int]] = []
    current: list[int] = []
    filled = 0
    for index in order:
        current.append(index)
        filled += sizes[index]
        if filled >= target:
            chunks.append(current)
            current, filled = [], 0
    if current:
        chunks.append(current)
    return chunks


def _kill(executor: ProcessPoolExecutor) -> None:
    # A hung process never returns, so shutdown() alone would wait for it forever.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)
