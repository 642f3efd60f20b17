"""Accuracy for the report: ``eventwire eval`` with the prefilter off and on."""

from __future__ import annotations

from pathlib import Path


def compare(paths: list[Path], *, model: str) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Scores by metric as (prefilter off, prefilter on), and notes on anything skipped."""
    try:
        from worker.evaluate import scores
    except ImportError as exc:
        return {}, [f"eventwire eval not available here ({exc}): accuracy not measured"]
    full = scores(paths, model=model, prefilter=False)
    pre = scores(paths, model=model, prefilter=True)
    return {k: (full[k], pre[k]) for k in full if k in pre}, []
