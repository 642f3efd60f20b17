"""deploy/, docker-compose.yml and the dashboard are valid for the tools that will load them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from faust.sensors.prometheus import FaustMetrics
from prometheus_client import CollectorRegistry, ProcessCollector

from tests.support.dashboard import ROOT, alert_rules, load_dashboard, panel_queries
from worker.metrics import create_metrics
from worker.stream.web import FAUST_METRICS_PREFIX

DEPLOY = ROOT / "deploy"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (`make system-deps` installs it)")
    return path


def _run(*command: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_compose_file_is_valid() -> None:
    rendered = _run(_tool("docker-compose"), "config")
    services = set(_run("docker-compose", "config", "--services").split())
    assert services == {"kafka", "kafka-init", "worker", "feed", "prometheus", "grafana"}
    images = re.findall(r"^\s+image: (\S+)$", rendered, flags=re.MULTILINE)
    assert "apache/kafka:3.9.0" in images
    for image in images:
        tag = image.partition(":")[2]
        assert tag and tag != "latest", f"{image} is not pinned"
    assert "KAFKA_PROCESS_ROLES: broker,controller" in rendered, "Kafka runs in KRaft mode"


def test_prometheus_config_is_valid() -> None:
    output = _run(_tool("promtool"), "check", "config", str(DEPLOY / "prometheus.yml"))
    assert "SUCCESS" in output


def test_alert_rules_are_valid() -> None:
    output = _run(_tool("promtool"), "check", "rules", str(DEPLOY / "alerts.yml"))
    assert f"SUCCESS: {len(alert_rules())} rules found" in output


def test_alert_rules_fire_when_they_should_and_only_then() -> None:
    output = _run(_tool("promtool"), "test", "rules", "alerts.test.yml", cwd=DEPLOY)
    assert "SUCCESS" in output


def test_every_alert_is_unit_tested() -> None:
    tested = set(re.findall(r"alertname: (\w+)", (DEPLOY / "alerts.test.yml").read_text()))
    assert tested == {rule["alert"] for rule in alert_rules()}


def test_the_dashboard_uses_the_provisioned_datasource() -> None:
    provisioned = (DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text()
    uid = re.search(r"^\s+uid: (\S+)$", provisioned, flags=re.MULTILINE)
    assert uid is not None
    dashboard = load_dashboard()
    assert dashboard["uid"] == "eventwire"
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == uid.group(1), panel["title"]
            assert panel["targets"], panel["title"]
    dashboards = (DEPLOY / "grafana/provisioning/dashboards/eventwire.yml").read_text()
    assert "path: /var/lib/grafana/dashboards" in dashboards


def test_every_metric_the_dashboard_and_alerts_name_exists() -> None:
    registry = CollectorRegistry()
    create_metrics(registry)
    FaustMetrics.create(registry, FAUST_METRICS_PREFIX)
    ProcessCollector(registry=registry)  # process_* as the default registry exports them
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
    exported = {"up"}
    for family in registry.collect():  # families with labels have no samples before first use
        exported |= {family.name + suffix for suffix in suffixes.get(family.type, ("",))}
    expressions = [query for _, query in panel_queries()] + [rule["expr"] for rule in alert_rules()]
    metric = re.compile(r"\b((?:eventwire|faust|process)_[a-z_]+|up)\b(?=\{|\[|\))")
    named = {name for expression in expressions for name in metric.findall(expression)}
    assert named, "no metric names found: the pattern is wrong"
    missing = sorted(named - exported)
    assert not missing, f"metrics named in deploy/ that the worker does not export: {missing}"
