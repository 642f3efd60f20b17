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


@pytest.mark.parametrize(
    ("body", "killed"),
    [
        # A toll moved to a new figure by a verb ("bringing", "raising", "taking"): the event's
        # count is the latest figure, in the same sentence or a later one.
        (
            "Militants stormed a bus depot in the town of Kadugli on Monday, killing six drivers. "
            "Three of the injured died overnight, bringing the death toll to nine, a medic said.",
            9,
        ),
        (
            "A car bomb exploded outside a courthouse in the city of Kirkuk on Monday, killing 17 people. "
            "Rescuers pulled more bodies from the rubble, raising the number of dead to 24.",
            24,
        ),
        (
            "Gunmen opened fire on worshippers at a church in the village of Obi on Monday, killing "
            "11 people, taking the toll to 13 with two later deaths, police said.",
            13,
        ),
        # A toll that rose or climbed on a later day is still the same event's.
        (
            "Gunmen opened fire on a wedding party in the village of Dara on Saturday, killing 12 people. "
            "The toll rose to 15 on Monday, the district chief said.",
            15,
        ),
        # Guard: the attack's own figure stands when no later figure is given.
        (
            "Gunmen opened fire on a wedding party in the village of Dara on Saturday, killing 12 people. "
            "The district chief said on Monday that funerals would be held in the village.",
            12,
        ),
    ],
)
def test_an_updated_toll_is_the_events_count(enricher: Enricher, body: str, killed: int) -> None:
    [event] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "ASSAULT"]
    assert event["casualties"]["killed"]["best"] == killed


def test_an_updated_toll_alone_starts_no_event(enricher: Enricher) -> None:
    # A later figure refers to a toll told before; with none told, it is no event of its own.
    body = "Officials on Tuesday raised the toll from the landslide to 31 as more bodies were found."
    assert events_of(enricher, body) == []


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # "Also" before a day of its own opens another item of the day's news.
        (
            "Rebels attacked an army post near the town of Tora on Monday, killing four soldiers. "
            "Also on Monday, rebels attacked a police station in Tora, killing two policemen.",
            2,
        ),
        # Guard: "also" inside the sentence continues the event told.
        (
            "Rebels attacked an army post near the town of Tora on Monday, killing four soldiers. "
            "The rebels also attacked a police station in Tora, killing two policemen.",
            1,
        ),
    ],
)
def test_also_on_a_day_opens_another_event(enricher: Enricher, body: str, events: int) -> None:
    assert len(events_of(enricher, body)) == events


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # A weapon named again with "the" tells more of the attack already reported.
        (
            "Drones hit a fuel depot in the port city of Berdyansk on Sunday, officials said. "
            "The drones hit storage tanks on the western edge of the depot, starting a fire.",
            1,
        ),
        # Guard: a new weapon subject is a new strike.
        (
            "Drones hit a fuel depot in the port city of Berdyansk on Sunday, officials said. "
            "Separately, warplanes hit a bridge near the town of Tokmak on Sunday.",
            2,
        ),
    ],
)
def test_a_definite_weapon_refers_back(enricher: Enricher, body: str, events: int) -> None:
    assert len(events_of(enricher, body)) == events


def test_hit_after_an_attack_noun_adds_no_second_trigger(enricher: Enricher) -> None:
    # "a drone strike ... hit": the strike is the event word; "hit" only says what it struck,
    # and the victims the officials count are the same strike's.
    body = (
        "A drone strike hit a rebel base near the town of Mile on Sunday, the army said. "
        "Local officials said nine civilians were killed at a nearby market."
    )
    [event] = events_of(enricher, body)
    assert event["trigger"]["text"] == "drone strike"
    assert event["casualties"]["killed"]["best"] == 9


@pytest.mark.parametrize(
    ("body", "types"),
    [
        # The next day's arrests are an event of their own, not the police's answer to the crowd.
        (
            "Police fired tear gas at hundreds of students who marched on parliament in Accra on Monday. "
            "On Tuesday, police arrested four student leaders at their homes in Accra.",
            ["PROTEST", "COERCE"],
        ),
        # Gunmen of no state killing a marcher attack him; they do not police the crowd.
        (
            "Thousands of people marched through Quito on Monday against fuel prices. "
            "In the evening, armed men on motorbikes shot dead a protester in Quito.",
            ["PROTEST", "ASSAULT"],
        ),
        # An unnamed crowd is the crowd told so far: its rally, its march, its burning tyres.
        (
            "Police fired tear gas at thousands of people who tried to march on the presidency in Lusaka on "
            "Monday, killing one man. The demonstrators, mostly students, were rallying against a rise in fees.",
            ["PROTEST"],
        ),
        (
            "Miners went on strike in Potosi on Monday, and police fired tear gas when hundreds of strikers "
            "marched on the governor's office.",
            ["PROTEST"],
        ),
        (
            "Thousands of farmers protested in Nairobi on Monday against a new tax. "
            "Some demonstrators burned tyres outside parliament.",
            ["PROTEST"],
        ),
    ],
)
def test_a_protest_is_its_crowd_on_its_day(enricher: Enricher, body: str, types: list[str]) -> None:
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == types


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # "another" and "a second" introduce one more event of the kind just told, even where
        # no place tells them apart.
        (
            "A grenade thrown into a bar in the Ngagara quarter killed two people on Sunday, "
            "another exploded at a bus stop in Rohero, wounding six, police said.",
            2,
        ),
        (
            "A grenade thrown into a bar in the Ngagara quarter killed two people on Sunday. "
            "A second grenade exploded at a bus stop in Rohero, wounding six, police said.",
            2,
        ),
        # Guard: another victim is the same event's toll.
        (
            "A bomb hidden in a cart killed three people at a cattle market in Gao on Sunday, "
            "and another died in hospital on Monday.",
            1,
        ),
    ],
)
def test_another_or_a_second_is_one_more_event(enricher: Enricher, body: str, events: int) -> None:
    assert len(events_of(enricher, body)) == events


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # A sentence that moves the story on in time and names a doer of its own is the next incident.
        (
            "Gunmen attacked a police station in the district on Sunday, killing two officers. "
            "Hours later, a youth threw a petrol bomb at an army checkpoint in the district.",
            2,
        ),
        # Guards: a later toll, and damage found later with no doer, belong to the attack.
        (
            "Gunmen attacked a police station in the district on Sunday, killing two officers. "
            "Hours later, the toll rose to five, police said.",
            1,
        ),
        (
            "Gunmen attacked a police station in the district on Sunday, killing two officers. "
            "Hours later, a wounded officer died in hospital.",
            1,
        ),
        (
            "Gunmen attacked a police station in the district on Sunday, killing two officers. "
            "Hours later, the station was found burned.",
            1,
        ),
    ],
)
def test_a_later_deed_with_its_own_doer_is_another_event(enricher: Enricher, body: str, events: int) -> None:
    assert len(events_of(enricher, body)) == events


def test_one_states_forces_by_two_names_are_one_side(enricher: Enricher) -> None:
    # The other side's account of one shooting: "Kazakh troops" are the "Kazakh border guards".
    body = (
        "Kazakh border guards shot at Uzbek shepherds near the Saryagash crossing on Sunday, killing one. "
        "Uzbekistan's foreign ministry said Kazakh troops had opened fire on the shepherds near Saryagash."
    )
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == ["ASSAULT"]


def test_a_contrasting_account_tells_the_same_event(enricher: Enricher) -> None:
    # "while the company said ..." sets one account against another: not another time.
    body = (
        "Three miners were shot dead at the Kamoto pit on Monday, the union said, "
        "while the company said the men died in a rockfall."
    )
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == ["ASSAULT"]


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # Arrests told without a doer beside the toll of a police operation are the operation's.
        (
            "Police stormed the Kibera slum in Nairobi at dawn on Sunday in a hunt for gang leaders. "
            "Five gang members and a constable were killed, and 23 people were arrested.",
            ["ASSAULT"],
        ),
        # Guard: arrests with a doer of their own are an event of their own.
        (
            "Police stormed the Kibera slum in Nairobi at dawn on Sunday in a hunt for gang leaders. "
            "Five gang members and a constable were killed. Detectives arrested 23 people in Kisumu on Monday.",
            ["ASSAULT", "COERCE"],
        ),
    ],
)
def test_arrests_without_a_doer_in_a_raid_are_the_raid(enricher: Enricher, body: str, events: list[str]) -> None:
    assert [e["plover"]["type"] for e in events_of(enricher, body)] == events


@pytest.mark.parametrize(
    ("body", "events"),
    [
        # A bare plural lead that a later sentence picks one of ("the deadliest attack") sums up.
        (
            "Raids on police stations across Zamfara state killed nine officers on Friday, police said. "
            "In the deadliest raid, bandits overran the station in Anka, killing five. "
            "Hours later, gunmen on motorcycles shot dead four officers at a checkpoint near Gusau.",
            2,
        ),
        # Guard: with no raid picked out, the lead is the event.
        ("Raids on police stations across Zamfara state killed nine officers on Friday, police said.", 1),
    ],
)
def test_a_plural_lead_picked_apart_later_sums_up(enricher: Enricher, body: str, events: int) -> None:
    assert len(events_of(enricher, body)) == events
