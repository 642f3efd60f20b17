"""Run a Faust worker the way eventwire's processes run one."""

from __future__ import annotations

from typing import Any

import faust


def make_worker(app: faust.App, *, loglevel: str, logging_config: dict[str, Any] | None = None) -> faust.Worker:
    """A Faust worker for ``app`` without Faust's terminal spinner.

    At a WARNING level or above the spinner sets the root logger to DEBUG, for a handler
    that spins on every record: every debug call of the Kafka client then builds a record
    that no handler writes (a few percent of the worker's CPU under load). These workers log
    lines, never a spinner.
    """
    worker = faust.Worker(app, loglevel=loglevel, quiet=True, logging_config=logging_config, redirect_stdouts=False)
    worker.spinner = None
    return worker


def run_worker(app: faust.App, *, loglevel: str, logging_config: dict[str, Any] | None = None) -> None:
    """Run :func:`make_worker`'s worker until it stops."""
    make_worker(app, loglevel=loglevel, logging_config=logging_config).execute_from_commandline()
