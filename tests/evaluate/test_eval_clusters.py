"""Scoring cross-article clustering on article pairs: the metric, the gold file, dispatch."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from worker.core.geo import default_gazetteer
from worker.evaluate import gold_shape, run
from worker.evaluate.clusters import PairOutcome, PairScores, load_pairs, score_gold_events

PAIRS = Path(__file__).resolve().parents[1] / "data" / "cluster_pairs.jsonl"


def test_the_figures_count_pairs_not_events() -> None:
    scores = PairScores("x")
    for gold, predicted in [(True, True), (True, True), (True, False), (False, True), (False, False)]:
        scores.outcomes.append(PairOutcome("p", gold, predicted, "", ""))
    assert (scores.tp, scores.fp, scores.fn, scores.tn) == (2, 1, 1, 1)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.accuracy == pytest.approx(3 / 5)
    assert [e.gold for e in scores.errors()] == [True, False]


def test_the_gold_file_is_balanced_realistic_and_well_formed() -> None:
    pairs = load_pairs(PAIRS)
    assert len(pairs) >= 40
    assert sum(p["same_event"] for p in pairs) >= 15
    assert sum(not p["same_event"] for p in pairs) >= 15
    article_ids = [p[side]["id"] for p in pairs for side in ("a", "b")]
    assert len(article_ids) == len(set(article_ids)), "every article id is unique"
    gazetteer = default_gazetteer()
    for pair in pairs:
        assert pair["note"], pair["id"]
        for side in ("a", "b"):
            article, event = pair[side], pair["gold"][side]
            assert article["body"].strip() and article["source"] and article["published_at"], pair["id"]
            place = gazetteer.place(event["place"], country_hint=event["country"])
            assert place is not None and place.country == event["country"], (pair["id"], event["place"])


def test_matching_alone_on_the_gold_events() -> None:
    scores = score_gold_events(load_pairs(PAIRS), default_gazetteer())
    # The rules as documented in docs/clusters.md; the figures are quoted there.
    assert scores.recall == 1.0, [e.id for e in scores.errors() if e.gold]
    assert scores.precision >= 0.8, [e.id for e in scores.errors() if not e.gold]


def test_pair_files_are_dispatched_by_shape(tmp_path: Path) -> None:
    assert gold_shape(PAIRS) == "pairs"
    other = tmp_path / "other.jsonl"
    other.write_bytes(orjson.dumps({"id": "x", "events": []}) + b"\n")
    assert gold_shape(other) == "events"


@pytest.mark.model
@pytest.mark.slow
def test_eventwire_eval_scores_the_pairs_through_the_pipeline() -> None:
    from tests.conftest import MODEL

    report = run([PAIRS], model=MODEL)
    assert f"cross-article clustering, {len(load_pairs(PAIRS))} pairs" in report
    pipeline = next(line for line in report.splitlines() if line.startswith("pipeline"))
    precision, recall = (float(x) for x in pipeline.split()[1:3])
    # Extraction improves under this set; these floors only catch a broken join.
    assert precision >= 0.6 and recall >= 0.6, report
