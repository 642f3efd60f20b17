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

_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcessMemory:
    """Peak resident memory (VmHWM) and CPU time so far of one process of a worker's tree."""

    pid: int
    role: str
    peak_rss_mb: float
    cpu_seconds: float = 0.0


@contextmanager
def running(module: str, args: list[str], env: Mapping[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m module args`` with ``env``; SIGTERM (then SIGKILL) on exit."""
    with log_path.open("ab") as log:
        process = subprocess.Popen([sys.executable, "-m", module, *args], env=dict(env), stdout=log, stderr=log)
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
    rows = [ProcessMemory(pid, "main", _peak_mb(pid), cpu_seconds(pid))]
    for child in _descendants(pid):
        peak = _peak_mb(child)
        role = "spacy" if peak > 100 else "helper"
        rows.append(ProcessMemory(child, role, peak, cpu_seconds(child)))
    return rows


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds ``pid`` has used (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def child_named(name: str) -> int | None:
    """A process below this one whose command line mentions ``name`` (the embedded broker)."""
    for child in _descendants(os.getpid()):
        try:
            if name in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace"):
                return child
        except OSError:
            continue
    return None


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has been busy (all processes), from ``/proc/stat``."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / _TICKS


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
