"""Pool tasks for the recovery tests: crash, hang or raise on marked inputs, with no spaCy.

They run in the pool's processes, so they live in an importable module (not in a test) and
keep their state in files: a process that crashes takes its memory with it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from worker.core.enrich import Enriched
from worker.stream.pool import Done, Job

_markers: Path | None = None


def init(markers: str) -> None:
    """Pool initializer: where the crash-once markers are kept."""
    global _markers  # noqa: PLW0603  (per process, like the real initializer)
    _markers = Path(markers)


def task(jobs: Sequence[Job]) -> list[Done]:
    """Echo each input as an enriched record, unless it asks for trouble.

    ``poison`` always kills the process; ``crash-once:<name>`` kills it the first time only;
    ``hang`` never returns; ``raise`` raises inside the task.
    """
    assert _markers is not None
    for job in jobs:
        value = job.item.value
        if value == b"poison":
            os._exit(1)
        if value.startswith(b"crash-once:"):
            marker = _markers / value.split(b":", 1)[1].decode()
            if not marker.exists():
                marker.touch()
                os._exit(1)
        if value == b"hang":
            time.sleep(3600)
        if value == b"raise":
            raise ValueError("enrichment failed")
    return [Done(_echo(job.item.value)) for job in jobs]


def _echo(value: bytes) -> Enriched:
    return Enriched(
        article_id=value.decode(),
        value=value,
        language="en",
        article_flag="confirmed",
        event_types=(),
        event_flags=(),
    )
