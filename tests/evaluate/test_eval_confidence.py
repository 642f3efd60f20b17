"""`eventwire eval` on confidence gold: the numbers a tiny gold file must give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import ROOT
from worker.evaluate.confidence import Item, Scores, evaluate, score

GOLD = sorted((ROOT / "tests" / "data").glob("confidence_gold*.jsonl"))


def test_scores_arithmetic() -> None:
    scores = Scores(
        [
            Item("a", "confirmed", "confirmed", None, None, "event"),
            Item("b", "attributed", "attributed", "monitor", "monitor", "event"),
            Item("c", "attributed", "confirmed", "police", "police", "article"),
            Item("d", "disputed", "disputed", "military", "official", "event"),
        ]
    )
    assert scores.accuracy == 0.75
    assert scores.type_accuracy == 0.75
    assert scores.typed_accuracy == pytest.approx(2 / 3)
    table = scores.per_flag()
    assert table["confirmed"][:3] == (0.5, 1.0, pytest.approx(2 / 3))
    assert table["attributed"][:3] == (1.0, 0.5, pytest.approx(2 / 3))
    assert table["disputed"] == (1.0, 1.0, 1.0, 1)
    assert scores.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1.0) / 3)  # flags absent from gold skipped
    assert scores.confusion()[("attributed", "confirmed")] == 1


@pytest.mark.model
def test_tiny_gold_file(tmp_path: Path, enricher: Any) -> None:
    rows = [
        {"id": "g1", "text": (
            "Gunmen shot dead six farmers in "
            "Benue state on Tuesday."
        ), "flag": "confirmed", "source_type": None},
        {"id": "g2", "text": (
            "Rebels burned a clinic near Beni, the "
            "rights group CRDH said."
        ), "flag": "attributed", "source_type": "monitor"},
        {"id": "g3", "text": (
            "Al-Shabaab claimed responsibility "
            "for the bombing."
        ), "flag": "claimed", "source_type": "armed_group"},
        # deliberately mislabelled: the text is a plain statement
        {"id": "g4", "text": (
            "A landslide buried 20 homes in the "
            "village on Sunday."
        ), "flag": "disputed", "source_type": "official"},
    ]  # fmt: skip
    path = tmp_path / "confidence_gold.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps({"published_at": "2024-01-02T00:00:00Z", **r}) for r in rows))
    scores = score(path, enricher)
    assert [i.predicted_flag for i in scores.items] == [
        "confirmed",
        "attributed",
        "claimed",
        "confirmed",
    ]
    assert scores.accuracy == 0.75
    assert scores.type_accuracy == 0.75
    assert scores.per_flag()["confirmed"][:2] == (0.5, 1.0)
    text = evaluate(path, enricher)
    assert "flag accuracy        0.750" in text
    assert "g4: disputed/official -> confirmed/None" in text


@pytest.mark.model
@pytest.mark.slow
def test_confidence_gold_meets_targets(enricher: Any) -> None:
    scores = Scores([item for path in GOLD for item in score(path, enricher).items])
    assert [p.name for p in GOLD][:1] == ["confidence_gold.jsonl"] and len(GOLD) >= 3  # every batch counts
    assert len(scores.items) >= 200
    assert scores.accuracy >= 0.90
    assert scores.macro_f1 >= 0.85
    assert scores.type_accuracy >= 0.90
