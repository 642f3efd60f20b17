"""The Grafana dashboard's queries and the alert rules, as the deploy tests evaluate them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "eventwire.json"
ALERTS = ROOT / "deploy" / "alerts.yml"

# What Grafana substitutes before it sends a query: "All" workers, a rate window of at least
# four scrapes, and the dashboard's time range.
DEFAULT_VARIABLES = {"instance": ".*", "__rate_interval": "1m", "__range": "10m"}


def load_dashboard() -> dict[str, Any]:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return dashboard


def substitute(expr: str, variables: dict[str, str] | None = None) -> str:
    """Replace Grafana's ``$name`` variables as Grafana would (unknown ones such as ``$1`` stay)."""
    values = {**DEFAULT_VARIABLES, **(variables or {})}
    return re.sub(r"\$(\w+)", lambda m: values.get(m.group(1), m.group(0)), expr)


def panel_queries(variables: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(panel title, query) for every target of every panel, variables substituted."""
    return [
        (panel["title"], substitute(target["expr"], variables))
        for panel in load_dashboard()["panels"]
        if panel["type"] != "row"
        for target in panel["targets"]
    ]


def alert_rules() -> list[dict[str, str]]:
    """``alert`` and ``expr`` of every rule in deploy/alerts.yml.

    A reader for the two forms the file uses (``expr: <one line>`` and ``expr: |`` followed
    by an indented block), as the test environment has no YAML library; the integration test
    checks the result against the rules a real Prometheus loaded.
    """
    rules: list[dict[str, str]] = []
    lines = ALERTS.read_text().splitlines()
    for index, line in enumerate(lines):
        alert = re.match(r"\s*- alert: (\w+)$", line)
        if alert:
            rules.append({"alert": alert.group(1)})
            continue
        expr = re.match(r"(\s*)expr: (.*)$", line)
        if not expr or not rules:
            continue
        indent, value = len(expr.group(1)), expr.group(2)
        if value.strip() == "|":
            block = []
            for following in lines[index + 1 :]:
                if following.strip() and len(following) - len(following.lstrip()) <= indent:
                    break
                block.append(following.strip())
            value = " ".join(part for part in block if part)
        rules[-1]["expr"] = value
    return rules
