"""The worker's logging stays at its level: no terminal spinner turning the root logger to DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import faust
import pytest

from worker.stream.launch import make_worker


@pytest.fixture
def root() -> Iterator[logging.Logger]:
    logger = logging.getLogger()
    level, handlers = logger.level, list(logger.handlers)
    logger.addHandler(logging.NullHandler())  # Faust's spinner setup expects one handler
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


def test_a_quiet_level_leaves_debug_records_unbuilt(root: logging.Logger) -> None:
    app = faust.App("launch-test", broker="kafka://127.0.0.1:1")
    root.setLevel(logging.WARNING)
    faust.Worker(app, loglevel="warning", quiet=True).on_setup_root_logger(root, logging.WARNING)
    assert root.level == logging.DEBUG  # what Faust's own spinner does at WARNING

    root.setLevel(logging.WARNING)
    make_worker(app, loglevel="warning").on_setup_root_logger(root, logging.WARNING)
    assert root.level == logging.WARNING
    assert not logging.getLogger("aiokafka.producer.producer").isEnabledFor(logging.DEBUG)
