"""``eventwire bench`` machinery on a tiny load: the report's structure, never its timings."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.bench.ceiling import shards
from worker.bench.report import Latency, percentile, render
from worker.bench.runner import BenchOptions, run_bench
from worker.config import Settings


def test_percentile_and_latency_summary() -> None:
    values = [0.1 * n for n in range(1, 101)]
    assert percentile(values, 0.5) == pytest.approx(5.0)
    assert percentile(values, 0.99) == pytest.approx(9.9)
    summary = Latency.of(0.5, 3.0, values)
    assert summary.count == 100
    assert summary.p50 <= summary.p95 <= summary.p99


def test_shards_balance_lengths_and_keep_every_index() -> None:
    lengths = [900, 100, 500, 500, 300, 700]
    parts = shards(lengths, 2)
    assert sorted(i for part in parts for i in part) == list(range(len(lengths)))
    totals = [sum(lengths[i] for i in part) for part in parts]
    assert max(totals) - min(totals) <= 100


@pytest.mark.broker
@pytest.mark.model
@pytest.mark.slow
def test_bench_reports_every_configuration(broker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(processes=1, batch_size=4, batch_within=0.1, prefilter=True, topic_partitions=2)
    options = BenchOptions(
        articles=4,
        latency_seconds=2,
        warmup=1,
        gold=(),
        agreement_articles=2,
        workdir=tmp_path,
    )
    steps: list[str] = []
    report = run_bench(settings, options, steps.append, broker=broker)

    assert steps, "progress is reported"
    assert report.articles == 4 and report.tokens > 0 and report.processes == 1
    rows = [report.ceiling, *report.pipeline_ceilings, report.naive, *report.workers]
    assert all(row is not None for row in rows)
    assert [r.name for r in report.workers] == ["eventwire worker, full", "eventwire worker, prefiltered"]
    for row in rows:
        assert row is not None
        assert row.rate > 0 and row.tokens_rate > 0, row.name
        assert row.rss_spacy_mb and all(mb > 0 for mb in row.rss_spacy_mb), row.name
    for row in report.workers:
        assert row.rss_main_mb and row.rss_main_mb > 0
        assert [round(lat.load, 2) for lat in row.latencies] == [0.5, 0.9]
        for lat in row.latencies:
            assert lat.count > 0 and 0 < lat.p50 <= lat.p95 <= lat.p99
        assert row.cpu_per_article["spacy"] > 0
    full, prefiltered = report.pipeline_ceilings
    assert full.kept_share is None and 0 < (prefiltered.kept_share or 0) <= 1

    table = render(report)
    for heading in ("articles/s", "tokens/s", "x ceiling", "x naive", "p50 / p95 / p99", "peak RSS"):
        assert heading in table
    for row in rows:
        assert row is not None and row.name in table
    assert "| target | measured | goal |" in table
    assert any("bench corpus" in note for note in report.notes)
    assert any(note.startswith("ceiling before and after the worker") for note in report.notes)
    assert report.as_dict()["workers"][0]["latencies"]
