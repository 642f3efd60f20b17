"""The worker's HTTP endpoints, served by Faust's web server on ``web_host:web_port``.

- ``/metrics``: every metric in the registry, eventwire's (``eventwire_*``) and those of
  Faust's own Prometheus sensor (``faust_*``; Faust reports its latencies in milliseconds).
- ``/healthz``: liveness; 200 while the app runs. A blocked event loop answers nothing,
  which is what a liveness probe should see.
- ``/readyz``: readiness; 200 only when every spaCy process has its model and at least one
  input partition is assigned, 503 otherwise. Both answer JSON saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.web import Request, Response, View
from prometheus_client import CollectorRegistry

# Faust would prefix its metrics with the app id, which is also the consumer group and
# differs between deployments: a fixed prefix keeps dashboards and alerts portable.
FAUST_METRICS_PREFIX = "faust"


@dataclass(frozen=True)
class Readiness:
    """What readiness is made of, read live on every request."""

    model_loaded: Callable[[], bool]
    partitions_assigned: Callable[[], int]

    def report(self) -> dict[str, Any]:
        """Return the readiness verdict with its parts."""
        model_loaded = self.model_loaded()
        partitions = self.partitions_assigned()
        return {
            "ready": model_loaded and partitions > 0,
            "model_loaded": model_loaded,
            "partitions_assigned": partitions,
        }


def install_web_views(app: faust.App, registry: CollectorRegistry, readiness: Readiness) -> None:
    """Add ``/metrics``, ``/healthz`` and ``/readyz`` to ``app``'s web server.

    Must run before the app starts: it also installs Faust's Prometheus monitor.

    Args:
        app: The Faust app.
        registry: The registry holding eventwire's metrics; Faust's are added to it.
        readiness: Where ``/readyz`` looks.

    """
    setup_prometheus_sensors(app, pattern="/metrics", registry=registry, name_prefix=FAUST_METRICS_PREFIX)

    @app.page("/healthz")
    async def healthz(view: View, request: Request) -> Response:
        alive = not app.should_stop
        return view.json({"alive": alive, "state": app.state}, status=200 if alive else 503)

    @app.page("/readyz")
    async def readyz(view: View, request: Request) -> Response:
        report = readiness.report()
        return view.json(report, status=200 if report["ready"] else 503)
