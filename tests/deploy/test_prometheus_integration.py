"""A real Prometheus scrapes a real worker enriching articles; every panel and alert is asked of it.

The worker is ``eventwire worker`` on the embedded broker; Prometheus is the ``prometheus``
binary on a free loopback port, scraping every second and loading ``deploy/alerts.yml``. Every
query of the Grafana dashboard and every alert expression goes through Prometheus' HTTP API:
all must parse, and every panel must return data.

With ``EVENTWIRE_DASHBOARD_PNG=<path>`` the feed comes in waves over a few minutes and the
dashboard is rendered from the same Prometheus to ``<path>`` (how docs/dashboard.png is made).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pytest

from tests.support.dashboard import ALERTS, ROOT, alert_rules, load_dashboard, substitute
from tests.support.kafka import Topics, create_topics, running_worker, worker_env
from worker.broker import free_port
from worker.config import Settings
from worker.feeds import publish
from worker.synthetic import articles

pytestmark = [pytest.mark.broker, pytest.mark.model, pytest.mark.slow]

MALFORMED = [
    (b"bad-json", b"{this is not json"),
    (b"bad-array", b'[{"id": "in-an-array", "body": "text"}]'),
    (b"bad-empty", b'{"id": "empty-body", "body": "   "}'),
    (b"bad-types", b'{"id": 42, "body": ["not", "a", "string"]}'),
]
OUTCOMES = "sum(eventwire_messages_published_total) + sum(eventwire_messages_dead_lettered_total)"
PNG = os.environ.get("EVENTWIRE_DASHBOARD_PNG")
T = TypeVar("T")


def _get(url: str, timeout: float = 5.0) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _wait_for(what: str, probe: Callable[[], T | None], timeout: float, process: Any = None) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode} while waiting for {what}")
        try:
            result = probe()
        except (OSError, ValueError):  # not listening yet, or half a response
            result = None
        if result is not None:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@contextmanager
def running_prometheus(scrape_target: str, workdir: Path) -> Iterator[str]:
    """A real Prometheus on a free loopback port, scraping ``scrape_target`` every second."""
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.skip("prometheus is not installed (`make system-deps` installs it)")
    config = {  # JSON is YAML: no YAML library needed
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(ALERTS)],
        "scrape_configs": [{"job_name": "eventwire", "static_configs": [{"targets": [scrape_target]}]}],
    }
    config_path = workdir / "prometheus.yml"
    config_path.write_text(json.dumps(config))
    address = f"127.0.0.1:{free_port()}"
    with (workdir / "prometheus.log").open("ab") as log:
        process = subprocess.Popen(
            [
                binary,
                f"--config.file={config_path}",
                f"--storage.tsdb.path={workdir / 'tsdb'}",
                f"--web.listen-address={address}",
                "--log.level=warn",
            ],
            stdout=log,
            stderr=log,
        )
        try:
            url = f"http://{address}"
            _wait_for("Prometheus to start", lambda: _ready(url), timeout=30, process=process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _ready_report(web: str) -> dict[str, Any] | None:
    status, report = _get(f"{web}/readyz")
    return report if status == 200 else None


def _ready(url: str) -> bool | None:
    with urllib.request.urlopen(f"{url}/-/ready", timeout=2) as response:
        return True if response.status == 200 else None


def query(prometheus: str, expr: str) -> dict[str, Any]:
    """Evaluate ``expr`` now; Prometheus' whole answer (status, data or error)."""
    _, answer = _get(f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    result: dict[str, Any] = answer
    return result


def _values(answer: dict[str, Any]) -> list[float]:
    data = answer.get("data", {})
    if data.get("resultType") == "scalar":
        return [float(data["result"][1])]
    return [float(item["value"][1]) for item in data.get("result", [])]


def _total(prometheus: str, expr: str) -> float:
    values = _values(query(prometheus, expr))
    return sum(values) if values else -1.0


def test_every_panel_and_alert_evaluates_against_a_real_worker(broker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    topics = Topics.fresh("prom")
    create_topics(broker, topics)
    env = worker_env(broker, topics, tmp_path, EVENTWIRE_LOG_JSON="true")
    web = f"http://127.0.0.1:{env['EVENTWIRE_WEB_PORT']}"
    settings = Settings(broker_url=broker.url, topic_raw=topics.raw)
    # One burst for the test; for the picture, waves of varied size 15 s apart.
    sizes = [8 + (wave * 7) % 17 for wave in range(8)] if PNG else [32]
    good = iter(articles(sum(sizes), min_words=80, max_words=400, seed=11))

    with (
        running_worker(env, tmp_path / "worker.log") as worker,
        running_prometheus(f"127.0.0.1:{env['EVENTWIRE_WEB_PORT']}", tmp_path) as prometheus,
    ):
        started = time.time()
        ready = _wait_for("/readyz", lambda: _ready_report(web), timeout=90, process=worker)
        assert ready == {"ready": True, "model_loaded": True, "partitions_assigned": 4}
        assert _get(f"{web}/healthz") == (200, {"alive": True, "state": "running"})

        sent = bad_sent = 0
        for wave, size in enumerate(sizes):
            batch = [next(good) for _ in range(size)]
            bad = MALFORMED[: 1 + wave % len(MALFORMED)] if PNG else MALFORMED
            messages = [(a["id"].encode(), orjson.dumps(a)) for a in batch] + bad
            asyncio.run(publish(settings, messages))
            sent, bad_sent = sent + len(messages), bad_sent + len(bad)
            if wave < len(sizes) - 1:
                time.sleep(15)

        def everything_scraped() -> bool | None:
            done = _total(prometheus, OUTCOMES)
            lag = query(prometheus, "eventwire_consumer_lag_messages")
            settled = len(_values(lag)) == 4 and not any(_values(lag))
            return True if done == sent and settled else None

        _wait_for("every outcome and zero lag scraped", everything_scraped, 120, worker)
        rules = _wait_for("alert rules evaluated", lambda: _evaluated_rules(prometheus), 30)
        ended = time.time()

        # The rules Prometheus loaded are the ones in deploy/alerts.yml, and all evaluate.
        assert {rule["name"] for rule in rules} == {rule["alert"] for rule in alert_rules()}
        for rule in rules:
            assert rule["health"] == "ok", (rule["name"], rule.get("lastError"))
            answer = query(prometheus, rule["query"])
            assert answer["status"] == "success", (rule["name"], answer)

        # Every panel's queries parse, and every panel has data to show.
        for panel in load_dashboard()["panels"]:
            if panel["type"] == "row":
                continue
            values = []
            for target in panel["targets"]:
                answer = query(prometheus, substitute(target["expr"]))
                assert answer["status"] == "success", (panel["title"], target["expr"], answer)
                values += _values(answer)
            assert any(math.isfinite(v) for v in values), f"panel {panel['title']!r} has no data"

        # The figures behind the panels are the run's: nothing lost, nothing counted twice.
        assert _total(prometheus, "sum(eventwire_messages_consumed_total)") == sent
        assert _total(prometheus, "sum(eventwire_messages_dead_lettered_total)") == bad_sent
        assert _total(prometheus, "sum(eventwire_errors_total)") == 0

        if PNG:
            _render(prometheus, Path(PNG), started, ended)


def _evaluated_rules(prometheus: str) -> list[dict[str, Any]] | None:
    _, answer = _get(f"{prometheus}/api/v1/rules?type=alert")
    rules = [rule for group in answer["data"]["groups"] for rule in group["rules"]]
    return rules if rules and all(rule["health"] != "unknown" for rule in rules) else None


def _render(prometheus: str, out: Path, start: float, end: float) -> None:
    subprocess.run(
        [
            sys.executable, str(ROOT / "tools" / "render_dashboard.py"),
            "--prometheus", prometheus, "--out", str(out),
            "--start", str(start), "--end", str(end), "--var", "__rate_interval=20s",
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    assert out.stat().st_size > 0
