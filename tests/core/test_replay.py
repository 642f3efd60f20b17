"""Replays reproduce records byte for byte: sealing, and determinism across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import MODEL, SEED_TEXT
from worker.core.replay import Stamp, content_digest, input_key, input_version, seal
from worker.hostile import ENRICHED, corpus
from worker.synthetic import articles


def _record(text: str, processed_at: str, duration_ms: float) -> bytes:
    return orjson.dumps(
        {
            "schema": "eventwire.enriched/1",
            "article": {"id": "a", "text": text},
            "events": [{"score": 0.1 + 0.2}],
            "meta": {
                "pipeline_version": "1",
                "model": "m",
                "processed_at": processed_at,
                "duration_ms": duration_ms,
                "version": "v",
            },
        }
    )


def test_a_replay_with_the_first_stamp_is_byte_identical() -> None:
    first, stamp = seal(_record("x", "2024-01-01T00:00:00+00:00", 12.5), None)
    replay, reused = seal(_record("x", "2024-06-01T00:00:00+00:00", 99.9), stamp)
    assert replay == first
    assert reused == stamp
    assert list(orjson.loads(replay)["meta"]) == ["pipeline_version", "model", "processed_at", "duration_ms", "version"]


def test_a_stamp_is_not_reused_for_different_content() -> None:
    _, stamp = seal(_record("x", "2024-01-01T00:00:00+00:00", 12.5), None)
    other, own = seal(_record("y", "2024-06-01T00:00:00+00:00", 99.9), stamp)
    assert orjson.loads(other)["meta"]["processed_at"] == "2024-06-01T00:00:00+00:00"
    assert own.digest != stamp.digest


def test_the_digest_ignores_only_the_run_fields() -> None:
    base = orjson.loads(_record("x", "t1", 1.0))
    assert content_digest(base) == content_digest(orjson.loads(_record("x", "t2", 2.0)))
    changed = {**base, "meta": {**base["meta"], "pipeline_version": "2"}}
    assert content_digest(changed) != content_digest(base)


def test_stamps_survive_the_ledger_and_garbage_is_not_a_stamp() -> None:
    stamp = Stamp("2024-01-01T00:00:00+00:00", 3.25, "abc")
    assert Stamp.from_bytes(stamp.to_bytes()) == stamp
    for garbage in (b"", b"{}", b"[]", b"\x00barrier", b'{"processed_at": 1}'):
        assert Stamp.from_bytes(garbage) is None


def test_input_key_and_version_are_the_sha256_of_the_bytes() -> None:
    import hashlib

    key = input_key(b"raw")
    assert len(key) == 16
    assert input_version(key) == hashlib.sha256(b"raw").hexdigest()[:16]


_ENRICH_SCRIPT = """
import sys, orjson
from worker.core.enrich import Enricher, Enriched
from worker.core.pipeline import load_pipeline
from worker.core.replay import content_digest
inputs = orjson.loads(open(sys.argv[1], "rb").read())
enricher = Enricher(load_pipeline(sys.argv[2]), model_name=sys.argv[2], max_bytes=2 << 20, prefilter=True)
out = []
for raw in inputs:
    outcome = enricher.enrich(raw.encode())
    out.append(content_digest(orjson.loads(outcome.value)) if isinstance(outcome, Enriched) else outcome.reason)
sys.stdout.write(orjson.dumps(out).decode())
"""


@pytest.mark.model
@pytest.mark.slow
def test_enrichment_is_deterministic_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """Two processes with different string-hash seeds produce the same content for every input.

    Set iteration order follows the hash seed, so a pipeline step that emits a set's order
    would make replays differ; the ledger would then refuse the earlier stamp.
    """
    inputs = [orjson.dumps({"id": "seed", "body": SEED_TEXT.read_text(), "published_at": "2022-01-21T12:00:00Z"})]
    inputs += [orjson.dumps(a) for a in articles(40, min_words=80, max_words=400, seed=9)]
    inputs += [c.value for c in corpus(seed=2, huge=False) if c.expect == ENRICHED][:60]
    path = tmp_path / "inputs.json"
    path.write_bytes(orjson.dumps([raw.decode() for raw in inputs]))
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _ENRICH_SCRIPT, str(path), MODEL], env=env, capture_output=True, check=True
        )
        runs.append(orjson.loads(done.stdout))
    assert len(runs[0]) == len(inputs)
    differing = [i for i, (a, b) in enumerate(zip(*runs, strict=True)) if a != b]
    assert differing == [], f"{len(differing)} inputs enriched differently, e.g. {inputs[differing[0]][:120]!r}"
