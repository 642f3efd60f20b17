"""spaCy off the event loop: a process pool whose processes load the pipeline once.

A batch is split across the processes and enriched with ``nlp.pipe``. Only bytes and small
summaries cross the process boundary, never ``Doc`` objects. A crashed or hung process is
replaced and its batch retried; a batch that keeps failing is split in halves until the
message that breaks it is isolated and rejected, so one poison message never stalls a
partition.
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


def _initialize(model: str, max_bytes: int, languages: tuple[str, ...]) -> None:
    from worker.core.pipeline import load_pipeline

    global _enricher  # noqa: PLW0603  (process-wide by design: loaded once per process)
    _enricher = Enricher(load_pipeline(model), model_name=model, max_bytes=max_bytes, languages=languages)
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
        start_method: str = "forkserver",
        on_restart: Callable[[], None] = lambda: None,
        on_error: Callable[[], None] = lambda: None,
        on_depth: Callable[[int], None] = lambda depth: None,
    ) -> None:
        self.processes = processes
        self.batch_timeout = batch_timeout
        self.max_retries = max_retries
        self._initargs = (model, max_bytes, tuple(languages))
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(["worker.core.enrich", "spacy"])
        self._on_restart = on_restart
        self._on_error = on_error
        self._on_depth = on_depth
        self._executor: ProcessPoolExecutor | None = None
        self._depth = 0
        self._restart_lock = asyncio.Lock()

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
        size = -(-len(items) // self.processes)
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        results = await asyncio.gather(*(self._run(chunk, self.max_retries) for chunk in chunks))
        return [outcome for chunk in results for outcome in chunk]

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


def _kill(executor: ProcessPoolExecutor) -> None:
    # A hung process never returns, so shutdown() alone would wait for it forever.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)
