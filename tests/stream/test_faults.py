"""Nothing lost: 2,000 articles streamed while the worker is SIGKILLed at random points and restarted.

The soak machinery (``eventwire soak``) does the work: a producer streams the input at a steady
rate into a real worker on the embedded broker; the worker is SIGKILLed at least three times,
each after it has made progress since it started, and restarted; one of its spaCy processes is
SIGKILLed too; a few hostile messages are mixed in. Afterwards every input must have an
enriched record or a dead letter, and every duplicate (a replay of what was published but not
yet committed when the worker died) must be byte-identical to the first copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.soak import SoakConfig, iter_lines, run_soak

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]


def test_sigkilled_worker_loses_nothing_and_its_duplicates_are_byte_identical(tmp_path: Path) -> None:
    config = SoakConfig(
        articles=2000,
        kills=3,
        pool_kills=1,
        hostile=60,
        seed=11,
        processes=2,
        rate=100.0,
        min_words=60,
        max_words=150,
        timeout=420.0,
        workdir=tmp_path,
        env={"EVENTWIRE_CLUSTERS": "false"},
    )
    report = run_soak(config)
    summary = "\n".join(iter_lines(report))
    print(summary)  # shown with -rP: the figures of this run
    assert report.sent == 2060
    assert len(report.kills) >= 3, summary
    assert report.missing == [], summary
    assert report.enriched + report.dead_lettered == report.sent, summary
    assert report.both == 0, summary
    assert report.duplicated > 0, "no kill landed between a publish and its commit: the test proved nothing"
    assert report.differing_keys == [], summary
