"""Who did it and to whom: the doer of an event, never the source that reports it."""

from __future__ import annotations

import pytest

from tests.support.enriching import events_of
from worker.core.enrich import Enricher

pytestmark = pytest.mark.model


def test_the_speaker_of_a_toll_is_not_its_doer(enricher: Enricher) -> None:
    body = (
        "An air strike hit a wedding party in the village of Tala on Monday, killing 12 people. "
        "The Yaw People's Defence Force (PDF) said on Tuesday that the toll had reached 15."
    )
    [event] = events_of(enricher, body)
    assert event["actors"] == []


def test_who_fired_a_weapon_is_the_doer(enricher: Enricher) -> None:
    body = "A mortar bomb fired by the rebels struck a school in Goma on Monday, killing three pupils."
    [event] = events_of(enricher, body)
    assert [a["kind"] for a in event["actors"]] == ["armed_group"]


def test_a_named_bodys_facility_is_of_the_facilitys_kind(enricher: Enricher) -> None:
    [event] = events_of(enricher, "Militants attacked an Eastern Command outpost near Asadabad on Sunday.")
    assert [(t["name"], t["kind"]) for t in event["targets"]] == [("Eastern Command outpost", "military")]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # A strike on a city, like one on a town or a village, targets its civilians.
        ("Militants fired rockets at the northern city of Kiryat Shmona on Sunday, police said.", "civilians"),
        ("Militants attacked an army base near the city on Sunday, police said.", "military"),
    ],
)
def test_a_city_is_a_civilian_target(enricher: Enricher, body: str, kind: str) -> None:
    [event] = events_of(enricher, body)
    assert [t["kind"] for t in event["targets"]] == [kind]


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        # A nation's remote weapon as the subject names that nation's military as the doer.
        ("Belarusian drones hit a fuel depot near the town of Lida on Sunday, officials said.", "Belarusian military"),
        ("Georgian warplanes hit an airfield near Sukhumi on Friday.", None),
    ],
)
def test_a_nations_weapon_names_its_military(enricher: Enricher, body: str, actor: str | None) -> None:
    [event] = events_of(enricher, body)
    names = [a["name"] for a in event["actors"]]
    if actor is None:
        # Guard: a weapon noun that is already a party ("warplanes": military) keeps its own name.
        assert names and all(n != "Georgian military" for n in names)
    else:
        assert names == [actor]


def test_infrastructure_hit_is_the_target(enricher: Enricher) -> None:
    [event] = events_of(enricher, "Drones hit an oil refinery near the town of Kstovo on Sunday, officials said.")
    assert [(t["name"], t["kind"]) for t in event["targets"]] == [("oil refinery", "other")]
