"""The spaCy pool's recovery, with injected tasks that crash, hang or raise (no spaCy)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.support import pool_tasks
from worker.core.enrich import Enriched, RawItem, Rejected
from worker.errors import Reason
from worker.stream.pool import Done, Job, NlpPool

pytestmark = [pytest.mark.slow]


def _pool(tmp_path: Path, *, batch_timeout: float = 30.0, max_retries: int = 2, restarts: list[int]) -> NlpPool:
    return NlpPool(
        processes=2,
        batch_timeout=batch_timeout,
        max_retries=max_retries,
        task=pool_tasks.task,
        initializer=pool_tasks.init,
        initargs=(str(tmp_path),),
        preload=("tests.support.pool_tasks",),  # imported once by the fork server, not per process
        on_restart=lambda: restarts.append(1),
    )


def _jobs(*values: str) -> list[Job]:
    return [Job(RawItem(v.encode())) for v in values]


def _run(pool: NlpPool, jobs: Sequence[Job]) -> tuple[list[Done], list[int], list[int]]:
    async def go() -> tuple[list[Done], list[int], list[int]]:
        await pool.start()
        try:
            before = pool.pids()
            done = await pool.enrich(jobs)
            return done, before, pool.pids()
        finally:
            pool.close()

    return asyncio.run(go())


def _ids(done: list[Done]) -> list[str | None]:
    return [d.outcome.article_id for d in done]


def test_a_crashed_process_is_replaced_and_its_batch_retried(tmp_path: Path) -> None:
    restarts: list[int] = []
    values = [f"ok-{i}" for i in range(7)] + ["crash-once:a"]
    done, before, after = _run(_pool(tmp_path, restarts=restarts), _jobs(*values))
    assert all(isinstance(d.outcome, Enriched) for d in done), "nothing is rejected for a one-off crash"
    assert _ids(done) == values, "results come back in input order"
    assert restarts, "the pool was replaced"
    assert not set(before) & set(after), "by new processes"


def test_a_neighbour_of_a_crash_is_not_blamed_even_with_no_retries(tmp_path: Path) -> None:
    restarts: list[int] = []
    values = ["crash-once:b", "ok-1", "ok-2", "ok-3"]
    done, _, _ = _run(_pool(tmp_path, max_retries=0, restarts=restarts), _jobs(*values))
    assert all(isinstance(d.outcome, Enriched) for d in done), [d.outcome for d in done]
    assert restarts


def test_a_poison_message_is_isolated_and_rejected_while_the_rest_succeed(tmp_path: Path) -> None:
    restarts: list[int] = []
    values = [f"ok-{i}" for i in range(5)] + ["poison"] + [f"ok-{i}" for i in range(5, 12)]
    done, _, _ = _run(_pool(tmp_path, max_retries=1, restarts=restarts), _jobs(*values))
    rejected = [(i, d.outcome) for i, d in enumerate(done) if isinstance(d.outcome, Rejected)]
    assert [i for i, _ in rejected] == [values.index("poison")]
    assert rejected[0][1].reason is Reason.PROCESSING_FAILED
    assert "failed alone 2 times" in rejected[0][1].detail
    assert _ids(done)[:5] == values[:5] and _ids(done)[6:] == values[6:]
    # Bounded: the first attempt, one retry, then a bounded number of bisection steps.
    assert 2 <= len(restarts) <= 12


def test_a_hung_process_times_out_and_is_replaced(tmp_path: Path) -> None:
    restarts: list[int] = []
    values = ["ok-1", "hang", "ok-2"]
    done, _, _ = _run(_pool(tmp_path, batch_timeout=1.5, max_retries=0, restarts=restarts), _jobs(*values))
    outcomes = [d.outcome for d in done]
    assert isinstance(outcomes[0], Enriched) and isinstance(outcomes[2], Enriched)
    assert isinstance(outcomes[1], Rejected)
    assert outcomes[1].reason is Reason.PROCESSING_FAILED
    assert "TimeoutError" in outcomes[1].detail
    assert restarts, "the hung process was killed and replaced"


def test_an_exception_is_retried_without_replacing_the_processes(tmp_path: Path) -> None:
    restarts: list[int] = []
    done, before, after = _run(_pool(tmp_path, restarts=restarts), _jobs("ok-1", "raise", "ok-2"))
    outcomes = [d.outcome for d in done]
    assert isinstance(outcomes[1], Rejected) and "ValueError: enrichment failed" in outcomes[1].detail
    assert isinstance(outcomes[0], Enriched) and isinstance(outcomes[2], Enriched)
    assert not restarts and before == after


def test_chunks_bound_the_input_bytes_a_process_holds(tmp_path: Path) -> None:
    pool = NlpPool(processes=2, batch_timeout=1, max_retries=0, max_chunk_bytes=1000, preload=())
    jobs = [Job(RawItem(b"x" * size)) for size in (600, 600, 300, 5000, 10, 10)]
    chunks = pool._chunks(jobs)
    assert [job for chunk in chunks for job in chunk] == jobs, "every job once, in order"
    for chunk in chunks:
        total = sum(len(job.item.value) for job in chunk)
        assert total <= 1000 or len(chunk) == 1, "over the bound only when one message alone is larger"


def test_chunks_shrink_towards_the_end_of_a_batch() -> None:
    # Largest first, then ever smaller chunks: the processes finish a batch together, since
    # the last chunk handed out is one small message, not a pile of them as long as the first.
    pool = NlpPool(processes=2, batch_timeout=1, max_retries=0, preload=())
    jobs = [Job(RawItem(b"x" * size)) for size in [9000, 8000, 6000] + [600] * 20]
    sizes = [sum(len(job.item.value) for job in chunk) for chunk in pool._chunks(jobs)]
    assert sizes[:3] == [9000, 8000, 6000], "a large message is a chunk of its own"
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 600
