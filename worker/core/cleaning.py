"""Clean article text: normalise line breaks and drop boilerplate lines.

Character offsets in the enriched record refer to the text this module returns, so it never
rewrites characters inside the lines it keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from worker.core.lexicons import load_toml

# Control characters other than tab and newline never carry meaning in wire text (C1 controls
# are what cp1252 text decoded as Latin-1 leaves behind). Each becomes one space, so offsets
# into the cleaned text still match the kept lines character for character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_BLANK_RUN = re.compile(r"\n{3,}")
# Boilerplate is a short credit or promotion line. Longer lines are article text, and skipping
# them keeps the patterns' cost bounded on hostile single-line bodies of megabytes.
MAX_BOILERPLATE_LINE = 1000
# Where a run-on tail may begin: after a sentence's closing mark and a space.
_SENTENCE_END = re.compile(r"[.!?\"\u201d\u2019)]\s+")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Text with boilerplate removed, and the removed lines for the record."""

    text: str
    removed: tuple[str, ...]


@cache
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rule["pattern"], re.IGNORECASE) for rule in load_toml("boilerplate")["line"])


def is_boilerplate(line: str) -> bool:
    """True when the whole (trimmed) line is boilerplate: one item, or two run together."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_BOILERPLATE_LINE:
        return False
    patterns = _boilerplate()
    if any(p.fullmatch(stripped) for p in patterns):
        return True
    # Two items run together, as flattened HTML leaves them: "(Reporting by ...) Read more: ...".
    for pattern in patterns:
        head = pattern.match(stripped)
        rest = stripped[head.end() :].strip() if head else ""
        if rest and any(p.fullmatch(rest) for p in patterns):
            return True
    return False


def split_tail(line: str) -> tuple[str, str]:
    """Split off the boilerplate a one-line body ends with: its text, and the run-on tail.

    Flattened HTML runs the credits onto the last sentence ("... this year. (Reporting by
    Lima newsroom) Read more: ..."): the longest tail after a sentence end that is
    boilerplate is not article text. Only the last ``MAX_BOILERPLATE_LINE`` characters are
    looked at.
    """
    end = len(line.rstrip())
    window = max(0, end - MAX_BOILERPLATE_LINE)
    for found in _SENTENCE_END.finditer(line, window):
        tail = line[found.end() :]
        if is_boilerplate(tail):
            return line[: found.start() + 1], tail.strip()
    return line, ""


def clean_text(body: str) -> Cleaned:
    """Return the article text without boilerplate lines or control characters."""
    text = _CONTROL.sub(" ", body.replace("\r\n", "\n").replace("\r", "\n"))
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        if is_boilerplate(line):
            removed.append(line)
            continue
        line, tail = split_tail(line)  # noqa: PLW2901 - the line without its run-on credits
        kept.append(line)
        if tail:
            removed.append(tail)
    cleaned = _BLANK_RUN.sub("\n\n", "\n".join(kept)).strip()
    return Cleaned(cleaned, tuple(line.strip() for line in removed))
