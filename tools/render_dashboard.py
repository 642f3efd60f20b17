r"""Render the eventwire Grafana dashboard to a PNG from a live Prometheus, without Grafana.

Every panel of ``deploy/grafana/dashboards/eventwire.json`` is drawn where its ``gridPos``
puts it, from its own queries: time series from ``/api/v1/query_range``, stats and bar gauges
from ``/api/v1/query`` at the end of the range. Grafana's variables are substituted as Grafana
would (``$instance`` = all workers, ``$__rate_interval``, ``$__range`` = the whole range).

    python tools/render_dashboard.py --prometheus http://127.0.0.1:9090 \\
        --start 1700000000 --end 1700000600 --out docs/dashboard.png

tests/deploy/test_prometheus_integration.py calls it when ``EVENTWIRE_DASHBOARD_PNG`` is set.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display

import matplotlib.dates as mdates  # after the backend is chosen
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

DASHBOARD = Path(__file__).resolve().parents[1] / "deploy/grafana/dashboards/eventwire.json"
BACKGROUND, PANEL, TEXT, GRID = "#111217", "#181b1f", "#ccccdc", "#2c3235"
PALETTE = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9", "#8ab8ff", "#96d98d"]
COLORS = {"green": "#73bf69", "orange": "#ff9830", "red": "#f2495c", "yellow": "#fade2a"}


def fetch(prometheus: str, path: str, **params: str) -> list[dict[str, Any]]:
    """Query Prometheus; the result list (a scalar comes back as one unlabelled sample)."""
    url = f"{prometheus}/api/v1/{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        answer = json.load(response)
    if answer["status"] != "success":
        raise RuntimeError(f"{params.get('query')}: {answer}")
    data = answer["data"]
    if data["resultType"] == "scalar":
        return [{"metric": {}, "value": data["result"]}]
    result: list[dict[str, Any]] = data["result"]
    return result


def legend(template: str, labels: dict[str, str]) -> str:
    """Fill a Grafana legend format such as ``{{reason}}`` from a series' labels."""
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), template)


def formatter(unit: str) -> FuncFormatter:
    """Tick labels in the panel's unit."""

    def seconds(value: float, _: object = None) -> str:
        if value == 0:
            return "0"
        return f"{value * 1000:.3g} ms" if abs(value) < 1 else f"{value:.3g} s"

    def short(value: float, _: object = None) -> str:
        return f"{value / 1000:.3g}k" if abs(value) >= 1000 else f"{value:.3g}"

    formats = {
        "s": seconds,
        "percentunit": lambda v, _=None: f"{v * 100:.3g}%",
        "bytes": lambda v, _=None: f"{v / 2**20:.0f} MiB",
    }
    return FuncFormatter(formats.get(unit, short))


def unit_of(panel: dict[str, Any], name: str) -> tuple[str, bool]:
    """Return the unit of series ``name`` and whether it is drawn on the right axis."""
    unit, right = panel["fieldConfig"]["defaults"].get("unit", "short"), False
    for override in panel["fieldConfig"].get("overrides", []):
        matcher = override["matcher"]
        hit = (matcher["id"] == "byName" and matcher["options"] == name) or (
            matcher["id"] == "byRegexp" and re.fullmatch(matcher["options"], name)
        )
        if hit:
            for prop in override["properties"]:
                unit = prop["value"] if prop["id"] == "unit" else unit
                right = right or (prop["id"] == "custom.axisPlacement" and prop["value"] == "right")
    return unit, right


def style(ax: Axes) -> None:
    """Grafana's dark panel look (the panel box and title are drawn by :func:`render`)."""
    ax.set_facecolor(PANEL)
    ax.tick_params(colors=TEXT, labelsize=7)
    for spine in ax.spines.values():
        spine.set_visible(False)


def threshold_color(panel: dict[str, Any], value: float) -> str:
    """Return the color of the highest threshold step ``value`` reaches."""
    steps = panel["fieldConfig"]["defaults"].get("thresholds", {}).get("steps", [])
    color = "green"
    for step in steps:
        if step["value"] is None or value >= step["value"]:
            color = step["color"]
    return COLORS.get(color, color)


def draw_timeseries(ax: Axes, panel: dict[str, Any], args: argparse.Namespace, sub: dict[str, str]) -> None:
    """Lines, one per series, from range queries."""
    style(ax)
    right_ax: Axes | None = None
    index = 0
    for target in panel["targets"]:
        query = substitute(target["expr"], sub)
        for series in fetch(args.prometheus, "query_range", query=query, start=str(args.start),
                            end=str(args.end), step=str(args.step)):  # fmt: skip
            name = legend(target.get("legendFormat", ""), series["metric"]) or query
            points = [(float(t), float(v)) for t, v in series["values"] if math.isfinite(float(v))]
            if not points:
                continue
            unit, right = unit_of(panel, name)
            axis = ax
            if right:
                right_ax = right_ax or ax.twinx()
                axis = right_ax
                style(axis)
            axis.yaxis.set_major_formatter(formatter(unit))
            times = [t / 86400 for t, _ in points]  # matplotlib dates: days since 1970-01-01
            axis.plot(
                times,
                [v for _, v in points],
                label=name,
                color=PALETTE[index % len(PALETTE)],
                lw=1.2,
            )
            index += 1
    ax.grid(color=GRID, lw=0.5)
    clock = "%H:%M:%S" if args.end - args.start < 900 else "%H:%M"  # no repeated labels
    ax.xaxis.set_major_formatter(mdates.DateFormatter(clock, tz=UTC))  # type: ignore[no-untyped-call]
    ax.set_ylim(bottom=0)
    if right_ax is not None:
        right_ax.set_ylim(bottom=0)
    handles, labels = ax.get_legend_handles_labels()
    if right_ax is not None:
        extra = right_ax.get_legend_handles_labels()
        handles, labels = handles + extra[0], labels + extra[1]
    if handles:
        ax.legend(handles, labels, fontsize=6, loc="upper left", facecolor=PANEL, edgecolor=GRID,
                  labelcolor=TEXT, ncol=min(4, len(labels)))  # fmt: skip


def instant(args: argparse.Namespace, panel: dict[str, Any], sub: dict[str, str]) -> list[tuple[str, float]]:
    """(legend, value) of every series of every target at the end of the range."""
    values = []
    for target in panel["targets"]:
        query = substitute(target["expr"], sub)
        for series in fetch(args.prometheus, "query", query=query, time=str(args.end)):
            values.append(
                (
                    legend(target.get("legendFormat", ""), series["metric"]),
                    float(series["value"][1]),
                )
            )
    return values


def draw_stat(ax: Axes, panel: dict[str, Any], args: argparse.Namespace, sub: dict[str, str]) -> None:
    """Show the last value of each target, large."""
    style(ax)
    ax.set_xticks([])
    ax.set_yticks([])
    values = instant(args, panel, sub)
    fmt = formatter(panel["fieldConfig"]["defaults"].get("unit", "short"))
    for row, (name, value) in enumerate(values):
        y = 0.45 if len(values) == 1 else 0.68 - row * 0.42
        text = fmt(value) if math.isfinite(value) else "n/a"
        color = threshold_color(panel, value) if math.isfinite(value) else TEXT
        size = 26 if len(values) == 1 else 16
        ax.text(0.5, y, text, color=color, fontsize=size, ha="center", va="center", weight="bold")
        if len(values) > 1:
            ax.text(0.5, y - 0.2, name, color=TEXT, fontsize=7, ha="center", va="center")


def draw_bargauge(ax: Axes, panel: dict[str, Any], args: argparse.Namespace, sub: dict[str, str]) -> None:
    """Horizontal bars of the totals over the range, largest first."""
    style(ax)
    values = sorted(instant(args, panel, sub), key=lambda item: item[1])
    names = [name for name, _ in values]
    numbers = [value if math.isfinite(value) else 0.0 for _, value in values]
    bars = ax.barh(range(len(values)), numbers, color=PALETTE[2], height=0.7)
    ax.set_yticks(range(len(values)), names, fontsize=6)
    ax.set_xticks([])
    ax.set_xlim(0, max([*numbers, 1.0]) * 1.15)
    for bar, value in zip(bars, numbers, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:.0f}",
                color=TEXT, fontsize=6, va="center")  # fmt: skip


def substitute(expr: str, values: dict[str, str]) -> str:
    """Replace Grafana's ``$name`` variables (unknown ones such as ``$1`` stay)."""
    return re.sub(r"\$(\w+)", lambda m: values.get(m.group(1), m.group(0)), expr)


# Layout in inches: Grafana's 24-column grid, one grid unit high, gutters, and the bands a
# panel keeps free inside its box for the title and for tick labels.
WIDTH, UNIT_H, MARGIN, HEADER, GUTTER, TITLE = 20.0, 0.36, 0.3, 0.6, 0.06, 0.32
PADS = {  # left, right, bottom inside the box, per panel type
    "timeseries": (0.6, 0.15, 0.3),
    "stat": (0.05, 0.05, 0.05),
    "bargauge": (1.5, 0.1, 0.1),
}


def render(args: argparse.Namespace) -> None:
    """Draw every panel in the box its gridPos gives it and save the figure."""
    dashboard = json.loads(Path(args.dashboard).read_text())
    span = max(1, int(args.end - args.start))
    sub = {"instance": ".*", "__rate_interval": "1m", "__range": f"{span}s"}
    sub.update(dict(item.split("=", 1) for item in args.var))
    panels = dashboard["panels"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    height = HEADER + rows * UNIT_H + MARGIN
    unit_w = (WIDTH - 2 * MARGIN) / 24
    figure = plt.figure(figsize=(WIDTH, height), facecolor=BACKGROUND)
    first, last = (datetime.fromtimestamp(t, UTC) for t in (args.start, args.end))
    figure.text(MARGIN / WIDTH, 1 - 0.35 / height, f"{dashboard['title']}: {first:%Y-%m-%d %H:%M} "
                f"to {last:%H:%M} UTC, from Prometheus (tools/render_dashboard.py)",
                color=TEXT, fontsize=13, va="center")  # fmt: skip

    def rect(left: float, top: float, w: float, h: float) -> tuple[float, float, float, float]:
        # inches from the top-left corner -> figure fractions from the bottom-left
        return left / WIDTH, 1 - (top + h) / height, w / WIDTH, h / height

    draw = {"timeseries": draw_timeseries, "stat": draw_stat, "bargauge": draw_bargauge}
    for panel in panels:
        pos = panel["gridPos"]
        left = MARGIN + pos["x"] * unit_w + GUTTER
        top = HEADER + pos["y"] * UNIT_H + GUTTER
        w, h = pos["w"] * unit_w - 2 * GUTTER, pos["h"] * UNIT_H - 2 * GUTTER
        if panel["type"] == "row":
            x, y, _, _ = rect(left, top, w, h)
            figure.text(x, y + h / height / 2, panel["title"], color=TEXT, fontsize=11,
                        weight="bold", va="center")  # fmt: skip
            continue
        box = Rectangle(rect(left, top, w, h)[:2], w / WIDTH, h / height, color=PANEL, zorder=-1)
        box.set_transform(figure.transFigure)
        figure.patches.append(box)
        x, y, _, _ = rect(left + 0.1, top, w, TITLE)
        figure.text(x, y + TITLE / height / 2, panel["title"], color=TEXT, fontsize=9.5, va="center")
        pad_left, pad_right, pad_bottom = PADS[panel["type"]]
        if any(o["properties"] for o in panel["fieldConfig"].get("overrides", [])):
            pad_right = pad_left  # room for a right-hand axis
        ax = figure.add_axes(rect(left + pad_left, top + TITLE, w - pad_left - pad_right,
                                  h - TITLE - pad_bottom))  # fmt: skip
        draw[panel["type"]](ax, panel, args, sub)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out, dpi=110, facecolor=BACKGROUND)


def main() -> None:
    """Parse the options and render."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prometheus", required=True, help="Prometheus base URL.")
    parser.add_argument("--start", type=float, required=True, help="Range start, Unix seconds.")
    parser.add_argument("--end", type=float, required=True, help="Range end, Unix seconds.")
    parser.add_argument("--step", type=float, default=2.0, help="Seconds between points.")
    parser.add_argument("--out", required=True, help="PNG to write.")
    parser.add_argument("--dashboard", default=str(DASHBOARD), help="Dashboard JSON.")
    parser.add_argument("--var", action="append", default=[], help="Grafana variable, name=value.")
    render(parser.parse_args())


if __name__ == "__main__":
    main()
