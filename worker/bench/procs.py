"""Worker subprocesses for a run, and the peak memory of each process they start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessMemory:
    """Peak resident memory (VmHWM) of one process of a worker's tree."""

    pid: int
    role: str
    peak_rss_mb: float


@contextmanager
def running(
    module: str, args: list[str], env: Mapping[str, str], log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m module args`` with ``env``; SIGTERM (then SIGKILL) on exit."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args], env=dict(env), stdout=log, stderr=log
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def tree_memory(pid: int) -> list[ProcessMemory]:
    """Peak RSS of ``pid`` and of every process below it, read from ``/proc``.

    The worker's own process is ``main``; a descendant that loaded spaCy (large) is a
    ``spacy`` process, the small ones (the forkserver, resource trackers) are ``helper``.
    """
    rows = [ProcessMemory(pid, "main", _peak_mb(pid))]
    for child in _descendants(pid):
        peak = _peak_mb(child)
        rows.append(ProcessMemory(child, "spacy" if peak > 100 else "helper", peak))
    return rows


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces: fields resume after its closing parenthesis.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in parents.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
