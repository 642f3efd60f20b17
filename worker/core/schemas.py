"""Access to the JSON Schemas that define the message contract (``schemas/`` in the repo)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson

# In a source checkout the schemas sit at the repository root; an installed wheel carries
# them inside the package (see pyproject's force-include).
_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "schemas",
    Path(__file__).resolve().parents[1] / "schemas",
)


def schema_dir() -> Path:
    """The directory holding ``*.schema.json``."""
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("eventwire schemas not found next to the package")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load ``schemas/<name>.schema.json``."""
    schema: dict[str, Any] = orjson.loads((schema_dir() / f"{name}.schema.json").read_bytes())
    return schema
