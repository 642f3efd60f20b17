"""Lexicons as data: triggers, actors, cues, agencies, boilerplate, place supplements."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import orjson

LEXICON_DIR = Path(__file__).resolve().parent


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Load ``<name>.toml`` from this folder."""
    with (LEXICON_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Load ``<name>.jsonl`` from this folder, one object a line (blank and ``#`` lines skipped)."""
    rows = []
    for line in (LEXICON_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(orjson.loads(line))
    return tuple(rows)
