"""Offline gazetteer lookups: place, region and country names to coordinates, admin1 and ISO3.

The index (GeoNames towns and regions from installed wheels, plus the lexicon supplement) is
built by :mod:`worker.core.geo_index`; this module ranks its candidates for a name.

Ranking for a bare name, after countries and the curated supplement: towns of 15,000 or more by
main name, then by alternate name, then admin1 regions, then exonyms of foreign towns, then
smaller towns; larger first within a tier. A candidate 100 times larger than the chosen one wins
anyway ("Kiev" is the capital whatever village bears the name). A ``country_hint`` (ISO3, e.g.
the dateline's) puts that country's candidates first: a town of 15,000 or more or a region at
home wins over any namesake abroad; a smaller one only unless a 100-times-larger place exists
elsewhere ("Baghdad" in a Syria story); a curated place at home wins too. With nothing at home,
only places of 15,000 or more abroad count. Last resorts: other transliterations ("Hawija" for
"Hawijah") and, in the hinted country, the same consonants ("Sheikh Zuweid" for "Ash Shaykh
Zuwayd"). A country name is the country unless the hinted country has a region of exactly that
name ("Georgia" in a US story) or the name is an alias of one of the country's regions ("Gaza
Strip"). Bare "Gaza" is Gaza City.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from worker.core.geo_index import ARTICLES, Demonym, GeoIndex, Place, Precision, ascii_name, fold, index_rows

__all__ = ["Demonym", "Gazetteer", "Place", "Precision", "ascii_name", "default_gazetteer", "fold"]

_MAIN, _ALT, _REGION, _FOREIGN_ALT, _SMALL = range(5)  # candidate tiers, best first
# Smaller towns rank after regions: "Borno" is the state, not the Italian village.
_TOWN_FLOOR = 15_000
_DOMINANCE, _POP_FLOOR = 100, 1_000
_REGION_TERMS = (
    "regional state|province|state|region|governorate|oblast|prefecture|department"
    "|departement|wilaya|wilayah|muhafazat|muhafazah|county"
)
_LOCAL_TERMS = "city|town|village|district|municipality|township|camp|area|neighbourhood|neighborhood|suburb|outskirts"
_TERM = f"{_REGION_TERMS}|{_LOCAL_TERMS}"
_QUALIFIED = re.compile(rf"^(?:(?P<term1>{_TERM}) of (?P<core1>.+)|(?P<core2>.+?) (?P<term2>{_TERM}))$")
_REGION_TERM = re.compile(rf"^(?:{_REGION_TERMS})$")
_VAGUE = re.compile(
    r"^(?:(?:north|south)(?: ?(?:east|west)(?:ern)?)?|(?:north|south|east|west)ern|east|west"
    r"|central|neighbou?ring|rural|greater|occupied) (?P<core>.+)$"
)
_UNDOUBLE = re.compile(r"([a-z])\1")
_VOWELS = str.maketrans("", "", "aeiouy")
_MIN_SKELETON = 4  # fewer consonants than this match too many names


class _Candidate(NamedTuple):
    tier: int
    population: int
    country: str
    is_region: bool
    ident: int


class Gazetteer(GeoIndex):
    """Lookups of countries, admin1 regions, towns and sites by name."""

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
        places = self._supplement.get(key, ())
        curated = next((p for p in places if p.country == hint), None)
        if curated is not None or not places:
            return curated or self._place(self._choose(key, hint))
        # A curated place abroad yields to a namesake in the hinted country.
        found = self._choose(key, hint)
        return self._place(found) if found is not None and found.country == hint else places[0]

    def _choose(self, key: str, hint: str | None, *, towns_only: bool = False) -> _Candidate | None:
        regions = () if towns_only else self._regions.get(key, ())
        region_countries = {self._admin_keys[a][0] for a in regions}
        candidates = []
        for i in index_rows(self._main, key):
            tier = _MAIN if self._pop[i] >= _TOWN_FLOOR else _SMALL
            candidates.append(_Candidate(tier, self._pop[i], self._cc[i], False, i))
        for i in index_rows(self._alt, key):
            # A region outranks a foreign town's exonym ("Borno" is also Borna's Sorbian name).
            tier = _ALT if not regions or self._cc[i] in region_countries else _FOREIGN_ALT
            candidates.append(_Candidate(tier, self._pop[i], self._cc[i], False, i))
        candidates += [
            _Candidate(_REGION, int(self._admin_sums[a][3]), self._admin_keys[a][0], True, a) for a in regions
        ]
        local = [c for c in candidates if c.country == hint]
        if hint and not local:  # abroad, a story names towns of some size, not hamlets
            candidates = [c for c in candidates if c.tier in (_MAIN, _ALT, _REGION)]
        if not candidates:
            return None
        biggest = max(candidates, key=lambda c: c.population)
        pool = local or candidates
        best = min(pool, key=lambda c: (c.tier, -c.population))
        if local and best.tier in (_MAIN, _ALT, _REGION):
            return best  # a town of some size or a region at home: the hint wins
        return biggest if biggest.population >= _DOMINANCE * max(best.population, _POP_FLOOR) else best

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
        return Place(name, self._cc[row], admin1, self._lat[row], self._lon[row], "city", self._pop[row])

    def _region_place(self, admin: int) -> Place:
        lat, lon, towns, population = self._admin_sums[admin]
        name = self._admin_names[admin]
        country = self._admin_keys[admin][0]
        return Place(name, country, name, lat / towns, lon / towns, "admin1", int(population))


def _spellings(key: str) -> list[str]:
    """Other transliterations of a folded name: final -a/-ah/-eh, doubled letters, ou/u."""
    head, _, last = key.rpartition(" ")
    stem = last[:-1] if last.endswith("h") and last[-2:-1] in ("a", "e") else last
    stems = {stem[:-1] + "a", stem[:-1] + "ah", stem[:-1] + "eh"} if stem[-1:] in ("a", "e") else {stem}
    variants = {f"{head} {s}".lstrip() for s in stems}
    variants |= {_UNDOUBLE.sub(r"\1", v).replace("ou", "u") for v in variants}
    variants.discard(key)
    return sorted(variants)


def _skeleton(key: str) -> str:
    """Consonants of a folded name, articles and doubled letters dropped: 'shkhzwd'."""
    letters = "".join(w for w in key.split() if w not in ARTICLES)
    return _UNDOUBLE.sub(r"\1", letters.translate(_VOWELS))


@cache
def default_gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer (built once, on first use)."""
    return Gazetteer()
