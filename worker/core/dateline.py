"""Wire datelines: 'Hasakeh, Syria, Jan 21 (AFP/APP):', 'KABUL, Afghanistan (AP) —'.

The dateline is taken off the front of the text and returned as place, country, date and
agencies; the text that follows is the article body whose offsets the record uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from worker.core.geo import Gazetteer, fold

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]{0,6}\.?"
_DATE = re.compile(
    rf"^(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}))"
    r"(?:,?\s+(?P<y>\d{4}))?$",
    re.IGNORECASE,
)
# "<head> (<agencies>)<sep>" where head is "Place[, Region][, Date]".
_WITH_AGENCY = re.compile(
    r"^\s*(?P<head>[^\n()]{2,100}?)\s*"
    r"\((?P<agencies>[A-Za-z][A-Za-z./&, -]{0,60})\)\s*(?:[:\u2014\u2013-]{1,2}|\s)\s*"
)
# "GAO, Mali —" with no agency: the head must start with an upper-case place name.
_NO_AGENCY = re.compile(
    r"^\s*(?P<head>[A-Z][A-Za-z' .-]{1,40}(?:,\s*[A-Z][A-Za-z' .-]{1,40}){0,2})\s+[\u2014\u2013]\s*"
)
_AGENCY_SPLIT = re.compile(r"\s*(?:/|,|&|\band\b|-)\s*")
_PLACE_IN_PARENS = re.compile(r"\(([^()]{1,60})\)")


@dataclass(frozen=True, slots=True)
class Dateline:
    """What the dateline says, and where the body starts after it."""

    place: str | None = None
    country: str | None = None
    date: date | None = None
    agencies: tuple[str, ...] = field(default_factory=tuple)
    raw: str = ""
    end: int = 0


def parse_dateline(text: str, gazetteer: Gazetteer, *, reference: date | None) -> Dateline:
    """Parse the dateline at the start of ``text``.

    Args:
        text: cleaned article text.
        gazetteer: resolves the place to a country.
        reference: publication date, to give a year to 'Jan 21'.

    Returns:
        The dateline; an empty one (``end == 0``) when the text starts without one.

    """
    match = _WITH_AGENCY.match(text) or _NO_AGENCY.match(text)
    if match is None:
        return Dateline()
    head = _PLACE_IN_PARENS.sub(lambda m: ", " + m.group(1), match.group("head"))
    parts = [p.strip() for p in head.split(",") if p.strip()]
    when = None
    if parts and (when := _parse_date(parts[-1], reference)) is not None:
        parts = parts[:-1]
    if not parts or len(parts) > 3 or not _looks_like_place(parts[0]):
        return Dateline()
    place = parts[0]
    if place.isupper():
        # Datelines shout: take the gazetteer's spelling when it is the same name.
        known = gazetteer.place(place)
        place = known.name if known and fold(known.name) == fold(place) else place.title()
    country = None
    for part in reversed(parts):
        resolved = gazetteer.country(part) or gazetteer.place(part)
        if resolved is not None:
            country = resolved.country
            break
    agencies = tuple(_agency_name(a) for a in _AGENCY_SPLIT.split(match.groupdict().get("agencies") or "") if a)
    return Dateline(place, country, when, agencies, match.group(0).strip(), match.end())


def _looks_like_place(part: str) -> bool:
    # A place name has no digits: "Around 1,500 members of the Movement (MST) occupied ..." is
    # the lead, not a dateline.
    words = part.split()
    return (
        0 < len(words) <= 5
        and part[0].isupper()
        and not any(w.lower() in {"the", "said", "is", "was"} for w in words)
        and not any(ch.isdigit() for ch in part)
    )


def _agency_name(raw: str) -> str:
    upper = raw.strip().upper().replace(".", "")
    return upper if len(upper) <= 5 else raw.strip().title()


def _parse_date(part: str, reference: date | None) -> date | None:
    match = _DATE.match(part.strip())
    if match is None:
        return None
    month_word = (match.group("m1") or match.group("m2")).lower().rstrip(".")
    month = _MONTHS.get(month_word[:4] if month_word.startswith("sept") else month_word[:3])
    day = int(match.group("d1") or match.group("d2"))
    if month is None:
        return None
    year = int(match.group("y")) if match.group("y") else None
    if year is None:
        if reference is None:
            return None
        year = reference.year
        # A late-December dateline on an early-January story belongs to the year before.
        if month > reference.month + 1:
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None
