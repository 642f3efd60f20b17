"""The benchmark's results and the table ``eventwire bench`` prints."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# The targets, checked at the foot of the table.
TARGET_VS_NAIVE = 2.0
TARGET_FULL_VS_CEILING = 0.9
TARGET_PREFILTERED_VS_CEILING = 1.5
TARGET_EVAL_DROP = 0.01
TARGET_P99_AT_HALF = 2.0
TARGET_RSS_MB = 500.0


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (``share`` in 0..1)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


@dataclass(frozen=True)
class Latency:
    """End-to-end latency at one offered load."""

    load: float  # share of the measured capacity
    rate: float  # articles a second offered
    count: int
    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, load: float, rate: float, seconds: Sequence[float]) -> Latency:
        """Summarise latencies measured at ``rate``."""
        return cls(
            load,
            rate,
            len(seconds),
            percentile(seconds, 0.50),
            percentile(seconds, 0.95),
            percentile(seconds, 0.99),
        )


@dataclass(frozen=True)
class Row:
    """One measured configuration.

    Attributes:
        name: what ran.
        rate: sustained articles a second.
        tokens_rate: the articles' tokens a second (tokens of the full text, prefiltered or not).
        rss_main_mb: peak RSS of the worker's main process (``None`` for the ceiling).
        rss_spacy_mb: peak RSS of each spaCy process.
        latencies: end-to-end latency at the offered loads.
        kept_share: share of characters the pipeline parsed (prefilter), ``None`` when all.
        cpu_per_article: CPU seconds per article during the throughput run, by process role
            (``spacy``, ``main``, ``broker``, ``bench``: this load generator, ``other``: anything
            else on the machine, which should be near zero for figures to be trusted).

    """

    name: str
    rate: float
    tokens_rate: float
    rss_main_mb: float | None
    rss_spacy_mb: tuple[float, ...]
    latencies: tuple[Latency, ...] = ()
    kept_share: float | None = None
    cpu_per_article: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """A whole ``eventwire bench`` run."""

    processes: int
    articles: int
    tokens: int
    batch_size: int
    batch_within: float
    ceiling: Row
    naive: Row | None
    workers: tuple[Row, ...]
    pipeline_ceilings: tuple[Row, ...] = ()  # nlp.pipe with the worker's pipeline: full, prefiltered
    evaluation: dict[str, tuple[float, float]] = field(default_factory=dict)  # full, prefiltered
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--json``)."""
        return asdict(self)

    def worker(self, prefiltered: bool) -> Row | None:
        """The worker row with or without the prefilter."""
        wanted = "prefiltered" if prefiltered else "full"
        return next((r for r in self.workers if wanted in r.name), None)


def render(report: Report) -> str:
    """The table as Markdown, with the ratios and the target checks below it."""
    ceiling = report.ceiling.rate
    naive = report.naive.rate if report.naive else math.nan
    lines = [
        f"eventwire bench: {report.articles} articles ({report.tokens} tokens, 200-2,000 words), "
        f"{report.processes} spaCy processes, batch {report.batch_size} within "
        f"{report.batch_within:g} s",
        "",
        "| run | articles/s | tokens/s | x ceiling | x naive "
        "| p50 / p95 / p99 s at 50 % | p50 / p95 / p99 s at 90 % | peak RSS MB main / spaCy |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    rows = [report.ceiling, *report.pipeline_ceilings, report.naive, *report.workers]
    for row in (r for r in rows if r is not None):
        by_load = {round(lat.load, 2): lat for lat in row.latencies}
        lines.append(
            f"| {row.name} | {row.rate:.2f} | {row.tokens_rate:,.0f} | {row.rate / ceiling:.2f} "
            f"| {row.rate / naive:.2f} | {_latency(by_load.get(0.5))} | {_latency(by_load.get(0.9))} "
            f"| {_rss(row)} |"
        )
    if report.evaluation:
        lines += ["", "| eventwire eval | full | prefiltered | change |", "|---|---:|---:|---:|"]
        for metric, (full, pre) in report.evaluation.items():
            lines.append(f"| {metric} | {full:.3f} | {pre:.3f} | {pre - full:+.3f} |")
    lines += ["", *_cpu_table(rows, report.processes, report.ceiling, report.naive), "", *_checks(report)]
    kept = [r for r in rows if r is not None and r.kept_share is not None]
    if kept:
        lines.append(f"prefilter: the pipeline parsed {kept[0].kept_share:.0%} of the characters")
    lines += list(report.notes)
    return "\n".join(lines)


def cpu_bound_rate(row: Row, cores: int) -> float:
    """Articles a second on ``cores`` cores of its own, from the CPU the run's processes used.

    The spaCy processes and the worker's main process count (the naive agent has only its
    one process, so one core); the broker and the load generator do not, as in production
    they run elsewhere. Unlike wall time, this does not move when other work shares the cores.
    """
    cpu = row.cpu_per_article.get("spacy", 0.0) + row.cpu_per_article.get("main", 0.0)
    usable = 1 if row.rss_spacy_mb == (row.rss_main_mb,) else cores
    return usable / cpu if cpu else math.nan


def _cpu_table(rows: Sequence[Row | None], cores: int, ceiling: Row, naive: Row | None) -> list[str]:
    measured = [r for r in rows if r is not None and r.cpu_per_article]
    if not measured:
        return []
    roles = ("spacy", "main", "broker", "bench", "other")
    base = cpu_bound_rate(ceiling, cores)
    naive_rate = cpu_bound_rate(naive, cores) if naive is not None else math.nan
    out = [
        "| CPU s per article (throughput run) | "
        + " | ".join(roles)
        + f" | CPU-bound articles/s on {cores} cores | x ceiling | x naive |",
        "|---|" + "---:|" * (len(roles) + 3),
    ]
    for row in measured:
        cells = " | ".join(f"{row.cpu_per_article.get(role, 0.0):.3f}" for role in roles)
        rate = cpu_bound_rate(row, cores)
        out.append(f"| {row.name} | {cells} | {rate:.2f} | {rate / base:.2f} | {rate / naive_rate:.2f} |")
    return out


def _latency(lat: Latency | None) -> str:
    if lat is None:
        return "-"
    return f"{lat.p50:.2f} / {lat.p95:.2f} / {lat.p99:.2f} ({lat.rate:.1f}/s)"


def _rss(row: Row) -> str:
    spacy = "-" if not row.rss_spacy_mb else f"{max(row.rss_spacy_mb):.0f}"
    main = "-" if row.rss_main_mb is None else f"{row.rss_main_mb:.0f}"
    return f"{main} / {spacy}"


def _checks(report: Report) -> list[str]:
    checks: list[tuple[str, float, float, bool]] = []  # label, value, target, higher is better
    full = report.worker(prefiltered=False)
    pre = report.worker(prefiltered=True)
    best = max(report.workers, key=lambda r: r.rate, default=None)
    if best is not None and report.naive is not None:
        label = f"throughput vs naive agent ({best.name})"
        checks.append((label, best.rate / report.naive.rate, TARGET_VS_NAIVE, True))
    if full is not None:
        label = "full pipeline vs nlp.pipe ceiling"
        checks.append((label, full.rate / report.ceiling.rate, TARGET_FULL_VS_CEILING, True))
    if pre is not None:
        label = "prefiltered pipeline vs full nlp.pipe ceiling"
        checks.append((label, pre.rate / report.ceiling.rate, TARGET_PREFILTERED_VS_CEILING, True))
    cores = report.processes
    ceiling = cpu_bound_rate(report.ceiling, cores)
    if best is not None and report.naive is not None and report.naive.cpu_per_article:
        naive = cpu_bound_rate(report.naive, cores)
        rate = max(cpu_bound_rate(r, cores) for r in report.workers)
        checks.append(("CPU-bound: throughput vs naive agent", rate / naive, TARGET_VS_NAIVE, True))
    for row, target in ((full, TARGET_FULL_VS_CEILING), (pre, TARGET_PREFILTERED_VS_CEILING)):
        if row is not None and row.cpu_per_article and report.ceiling.cpu_per_article:
            label = f"CPU-bound: {row.name} vs full nlp.pipe ceiling"
            checks.append((label, cpu_bound_rate(row, cores) / ceiling, target, True))
    for metric, (before, after) in report.evaluation.items():
        checks.append((f"eval drop, {metric}", before - after, TARGET_EVAL_DROP, False))
    for row in report.workers:
        half = next((lat for lat in row.latencies if round(lat.load, 2) == 0.5), None)
        if half is not None:
            checks.append((f"p99 at 50 % load ({row.name}), s", half.p99, TARGET_P99_AT_HALF, False))
    peaks = [
        m
        for r in [report.ceiling, report.naive, *report.workers]
        if r is not None
        for m in (*r.rss_spacy_mb, r.rss_main_mb or 0.0)
    ]
    checks.append(("peak RSS of any process, MB", max(peaks), TARGET_RSS_MB, False))
    out = ["| target | measured | goal | |", "|---|---:|---:|---|"]
    for label, value, target, higher in checks:
        met = value >= target if higher else value <= target
        goal = f">= {target:g}" if higher else f"<= {target:g}"
        out.append(f"| {label} | {value:.3f} | {goal} | {'met' if met else 'MISSED'} |")
    return out
