"""One record per real event: mentions that refer back join an event or start none."""

from __future__ import annotations

import pytest

from tests.support.enriching import events_of
from worker.core.enrich import Enricher

pytestmark = pytest.mark.model


def test_a_definite_noun_alone_starts_no_event(enricher: Enricher) -> None:
    body = "Food prices in Gao doubled in May, and traders blamed the fighting for the shortages."
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == []


def test_a_definite_noun_with_its_own_toll_is_an_event(enricher: Enricher) -> None:
    [event] = events_of(enricher, "The explosion killed four people at a market in Gao on Sunday.")
    assert event["casualties"]["killed"]["best"] == 4


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # A bare plural with no day and no toll of its own names a kind of event, even where placed.
        ("The minister said the new law covers attacks on journalists in Lagos.", []),
        ("Air strikes on Idlib killed six civilians on Sunday.", ["ASSAULT"]),
    ],
)
def test_a_bare_plural_without_day_or_toll_is_no_event(enricher: Enricher, body: str, events: list[str]) -> None:
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == events


@pytest.mark.parametrize(
    "body",
    [
        # The withdrawal heads an adverbial clause of the capture: one transfer of territory.
        "Rebel fighters seized the district town of Mabira on Sunday after government soldiers pulled out.",
        # A later sentence tells the same capture from the losing side.
        "Army units recaptured the hill town of Karsi on Friday. "
        "The insurgents said in a post online that they had withdrawn to spare the residents.",
    ],
)
def test_a_withdrawal_is_the_other_side_of_a_capture(enricher: Enricher, body: str) -> None:
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == ["ASSAULT"]


def test_the_captors_own_withdrawal_is_another_event(enricher: Enricher) -> None:
    body = "Rebel fighters seized the district town of Mabira on Sunday. The rebels withdrew from Mabira on Monday."
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == ["ASSAULT", "RETREAT"]


def test_coordinated_steps_of_an_attack_are_the_attack(enricher: Enricher) -> None:
    body = (
        "Gunmen killed 14 farmers in the village of Kuru on Saturday, officials said. "
        "The attackers herded the villagers into the mosque yard, detained the elders and opened fire, a survivor said."
    )
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == ["ASSAULT"]


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # A concession or suspension in the clause of a measure is one of its terms.
        ("The governor imposed a dusk-to-dawn curfew on Jos on Monday, easing it only for hospital staff.", ["COERCE"]),
        ("The junta declared martial law in the province on Friday, suspending the right to strike.", ["COERCE"]),
        # The concession names the event when it governs the measure's word.
        ("The authorities lifted the curfew in Jos on Monday.", ["CONCEDE"]),
    ],
)
def test_the_terms_of_a_measure_are_part_of_it(enricher: Enricher, body: str, events: list[str]) -> None:
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == events


def test_the_arrest_of_a_named_person_is_not_the_protests(enricher: Enricher) -> None:
    body = (
        "Thousands of people marched in Lagos on Monday against fuel prices. "
        "Opposition leader Musa Ade was arrested at his home in Lagos hours later, police said."
    )
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == ["PROTEST", "COERCE"]


def test_doers_named_by_their_deed_start_no_event(enricher: Enricher) -> None:
    body = "Police in Kaduna said on Monday the kidnappers were members of a gang based in the forest."
    assert events_of(enricher, body) == []


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # An opener that announces another incident keeps its sentence out of the event told
        # so far, even where nothing else would tell the two apart.
        (
            "Gunmen attacked a police post in the district on Monday, killing three officers. "
            "In a separate incident, gunmen shot dead two policemen in the district on Monday.",
            2,
        ),
        (
            "Gunmen attacked a police post in the district on Monday, killing three officers. "
            "Separately, gunmen shot dead two policemen in the district on Monday.",
            2,
        ),
        # Without the opener the follow-up is one more report of the same attack.
        (
            "Gunmen attacked a police post in the district on Monday, killing three officers. "
            "The gunmen shot dead two policemen at the gate, officials said.",
            1,
        ),
    ],
)
def test_a_separate_incident_is_another_event(enricher: Enricher, body: str, events: int) -> None:
    assert len(events_of(enricher, body)) == events


def test_an_after_clause_is_not_its_main_clauses_event(enricher: Enricher) -> None:
    # The killing that the clashes broke out after is another event, though a day apart only.
    body = (
        "Four people were killed in clashes between rival militias in Jiribam on Saturday. "
        "The clashes broke out in Jiribam after a farmer was shot dead in his field on Friday, police said."
    )
    events = events_of(enricher, body)
    assert [e["casualties"]["killed"]["best"] for e in events] == [4, 1]


@pytest.mark.parametrize(
    ("body", "types"),
    [
        # Troops moving in one clause with the fight are a step of it, not a deployment of its own.
        ("Soldiers entered the village of Kora on Sunday and exchanged fire with rebels.", ["ASSAULT"]),
        ("Troops were deployed in Kora on Sunday and clashed with rebels, killing four.", ["ASSAULT"]),
        # Guard: a movement with no fight is a deployment.
        ("Soldiers entered the village of Kora on Sunday, residents said.", ["MOBILIZE"]),
    ],
)
def test_troops_moving_in_to_fight_are_one_event(enricher: Enricher, body: str, types: list[str]) -> None:
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == types
