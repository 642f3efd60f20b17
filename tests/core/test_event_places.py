"""An event's own place: where it happened, not where its casualties were taken."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.support.enriching import events_of
from worker.core.enrich import Enricher
from worker.core.geo import Gazetteer
from worker.core.toponyms import Toponyms

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("Gunmen killed four people in Beni on Sunday, and the wounded were taken to Goma.", "Beni"),
        ("Two soldiers were wounded and flown to a military hospital in Bacolod.", None),
        ("A bomb exploded outside a hospital in Quetta on Monday, killing six people.", "Quetta"),
    ],
)
def test_where_casualties_were_taken_is_not_the_place(enricher: Enricher, body: str, place: str | None) -> None:
    [event] = events_of(enricher, body)
    assert (event["location"] or {}).get("name") == place


def test_no_one_killed_is_a_zero_of_the_attack_before_it(enricher: Enricher) -> None:
    [event] = events_of(enricher, "Gunmen attacked a police checkpoint in Kidal on Sunday. No one was killed.")
    assert event["trigger"]["text"] == "attacked"
    assert event["casualties"]["killed"]["best"] == 0


@pytest.mark.parametrize(
    ("body", "plover", "place"),
    [
        # A place inside what was said, demanded or agreed is not where it was said.
        ("The ministry on Monday accused the rebels of sending fighters to attack a base in Kidal.", "ACCUSE", None),
        ("The union rejected a proposal that workers leave the docks in Mombasa.", "REJECT", None),
        # Nor is a place in the clause around it.
        ("The French envoy in Bamako said on Monday that Paris welcomed the accord.", "SUPPORT", None),
        # Nor the place of the violence a statement is about.
        ("The president on Monday condemned the bombing in Quetta.", "ACCUSE", None),
        # A phrase on the event's own words places it.
        ("The two delegations met in Doha on Tuesday.", "CONSULT", "Doha"),
        ("The rebels agreed on Friday to a truce at talks in Addis Ababa.", "AGREE", "Addis Ababa"),
        # A region beside it is what the deal is about; talks happen in a town.
        (
            "YANGON, May 4 (Reuters) - The army and the rebels agreed to a ceasefire in northern Shan state "
            "at talks in Kunming.",
            "AGREE",
            "Kunming",
        ),
    ],
)
def test_a_statement_is_placed_by_its_own_words(enricher: Enricher, body: str, plover: str, place: str | None) -> None:
    [event] = [e for e in events_of(enricher, body) if e["plover"]["type"] == plover]
    assert (event["location"] or {}).get("name") == place


def test_a_definite_noun_takes_no_place_from_the_clause_around_it(enricher: Enricher) -> None:
    body = (
        "Gunmen attacked a police post in Kidal on Sunday, killing three officers. "
        "A radio station in Bamako was suspended on Monday over its reporting of the attack."
    )
    [attack] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "ASSAULT"]
    assert attack["location"]["name"] == "Kidal"


def test_a_definite_subject_is_placed_by_its_predicate(enricher: Enricher) -> None:
    body = "Gunmen attacked an army convoy in northern Mali on Sunday. The attack took place near Kidal."
    [attack] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "ASSAULT"]
    assert attack["location"]["name"] == "Kidal"


def test_a_provincial_capital_is_not_the_countrys_capital(enricher: Enricher) -> None:
    body = (
        "GAO, Mali — Gunmen killed four soldiers near Ansongo on Sunday. "
        "Three other soldiers were wounded and treated at a clinic in the regional capital."
    )
    [attack] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "ASSAULT"]
    assert attack["location"]["name"] == "Ansongo"


def test_a_place_named_as_a_doer_is_not_the_place(enricher: Enricher) -> None:
    # "mediated by the United Arab Emirates": a party to the swap, not where it happened.
    body = "Rebels and the army exchanged 40 prisoners on Thursday in a swap mediated by the United Arab Emirates."
    [event] = events_of(enricher, body)
    assert (event["location"] or {}).get("country") != "ARE"


def test_a_district_of_a_named_region_is_looked_up_in_that_regions_country(enricher: Enricher) -> None:
    # "Hays" is a bigger town in Kansas; "of Hodeidah province" says the district is in Yemen.
    body = "DUBAI, May 4 (Reuters) - Rebels shelled an army post in the Hays district of Hodeidah province on Friday."
    [event] = events_of(enricher, body)
    assert event["location"]["country"] == "YEM"


def test_a_later_event_with_no_place_takes_a_place_things_happened_in(enricher: Enricher) -> None:
    # The partner country of an aside ("turned to Russia for help") does not place the next event.
    body = (
        "NIAMEY, May 4 (Reuters) - Gunmen killed six villagers near Ouallam in the Tillaberi region on Sunday. "
        "The junta has since turned to Russia for military assistance. "
        "In a separate attack on Sunday, gunmen abducted nine people from a village nearby."
    )
    events = events_of(enricher, body)
    abduction = next(e for e in events if e["trigger"]["text"] == "abducted")
    assert abduction["location"]["country"] == "NER"


def test_a_town_in_a_country_the_sentence_names_beats_the_country(enricher: Enricher) -> None:
    # Filed from another country's capital: the town named with its country is the place.
    body = "ADDIS ABABA, May 4 (Reuters) - In Somalia, a car bomb exploded in the town of Beledweyne on Sunday."
    [event] = events_of(enricher, body)
    assert event["location"]["name"] != "Somalia"
    assert event["location"]["precision"] == "city"


def test_a_place_on_an_island_is_the_islands_town(enricher: Enricher) -> None:
    body = "MAPUTO, May 4 (Reuters) - Insurgents killed three fishermen on Ibo island on Sunday."
    [event] = events_of(enricher, body)
    assert event["location"]["name"] == "Ibo"


def test_a_region_named_with_its_term_places_the_story(enricher: Enricher) -> None:
    # "in the western Tillaberi region": the term is the object of "in", so the region is where
    # the story happens and places an event with no place of its own, not the regional hub.
    body = (
        "DAKAR, May 4 (Reuters) - Twelve soldiers were killed in an ambush near the border with Mali, the army said. "
        "The soldiers were on patrol in the western Tillaberi region."
    )
    [ambush] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "ASSAULT"]
    assert ambush["location"]["country"] == "NER"


def test_a_town_called_the_capital_of_its_region_is_not_the_countrys_capital(nlp: Language) -> None:
    doc = nlp("Gunmen killed five men on the outskirts of Culiacan, the capital of Mexico's Sinaloa state, on Monday.")
    [sent] = doc.sents
    names = {t.place.name for t in Toponyms(doc, Gazetteer(), "MEX").in_sentence(sent)}
    assert "Culiacan" in names
    assert "Mexico City" not in names


@pytest.mark.parametrize(
    ("body", "place"),
    [
        # Placed only by its country, an event filed from a town of that country is nearer that town.
        ("PESHAWAR, Pakistan (AP) - Gunmen attacked a police post in northwest Pakistan on Monday, "
         "killing three officers.", "Peshawar"),
        # A capital's dateline is a bureau: the country stays.
        ("ISLAMABAD (AP) - Gunmen attacked a police post in northwest Pakistan on Monday, "
         "killing three officers.", "Pakistan"),
    ],
)  # fmt: skip
def test_a_field_dateline_places_an_event_known_only_by_its_country(enricher: Enricher, body: str, place: str) -> None:
    [event] = events_of(enricher, body)
    assert event["location"]["name"] == place


def test_snatched_is_an_abduction(enricher: Enricher) -> None:
    [event] = events_of(enricher, "Armed men snatched two aid workers from their car near Kidal on Monday.")
    assert event["plover"]["mode"] == "abduct"


def test_a_statement_made_in_the_town_named_before_is_placed_there(enricher: Enricher) -> None:
    body = (
        "MAIDUGURI, Nigeria (Reuters) - Gunmen killed nine people in the town of Konduga on Saturday. "
        "The state governor visited the town on Sunday and condemned the killings."
    )
    [statement] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "ACCUSE"]
    assert statement["location"]["name"] == "Konduga"


def test_the_town_named_before_beats_a_country_elsewhere_in_the_sentence(enricher: Enricher) -> None:
    # "outside the town" is Myawaddy; Thailand is where a bridge leads, in another clause.
    body = (
        "BANGKOK (AP) - Myanmar's army said its troops had withdrawn from Myawaddy on Friday. "
        "Rebels took control of the last army base outside the town on Saturday, and about 200 soldiers "
        "retreated to the bridge that links Myawaddy to Thailand's Mae Sot."
    )
    capture = next(e for e in events_of(enricher, body) if e["trigger"]["text"] == "took")
    assert capture["location"]["name"] == "Myawaddy"


def test_the_place_troops_withdrew_from_is_where_they_withdrew(enricher: Enricher) -> None:
    body = (
        "BANGKOK (AP) - Myanmar's army said its troops had withdrawn from Myawaddy, a town on the border with Thailand."
    )
    [withdrawal] = events_of(enricher, body)
    assert withdrawal["location"]["name"] == "Myawaddy"


def test_a_place_that_only_gives_a_bearing_is_not_the_place(enricher: Enricher) -> None:
    body = (
        "CARACAS, Venezuela (AP) - In the city of Maracay, west of the capital, gunmen shot dead a student "
        "on Monday night, police said."
    )
    [killing] = events_of(enricher, body)
    assert killing["location"]["name"] == "Maracay"


def test_a_deal_about_the_city_named_before_is_placed_there(enricher: Enricher) -> None:
    # The deal's terms are its own words: "the city centre" is Misrata, named in the lead.
    body = (
        "TRIPOLI, May 4 (Reuters) - Clashes between rival militias in the city of Misrata killed six people on Monday. "
        "Local elders brokered a truce on Tuesday under which both sides agreed to pull their fighters "
        "out of the city centre."
    )
    [truce] = [e for e in events_of(enricher, body) if e["plover"]["type"] == "AGREE"]
    assert (truce["location"]["country"], truce["location"]["precision"]) == ("LBY", "city")


def test_the_capital_named_beside_its_title_is_the_place(nlp: Language) -> None:
    # The parser reads "Bujumbura" as the subject; it is still the capital's name.
    doc = nlp("Three grenade attacks in Burundi's economic capital Bujumbura killed four people on Sunday.")
    [sent] = doc.sents
    placed = {t.place.name: t.in_phrase for t in Toponyms(doc, Gazetteer(), "BDI").in_sentence(sent)}
    assert placed.get("Bujumbura") is True


def test_where_a_party_is_based_is_not_where_the_event_happened(enricher: Enricher) -> None:
    body = (
        "KAMPALA, May 4 (Reuters) - Gunmen killed five people in a bar on Sunday, police said. "
        "Police blamed the ADF, a rebel group which is based in neighbouring Congo."
    )
    [killing] = [e for e in events_of(enricher, body) if e["trigger"]["text"] == "killed"]
    assert killing["location"]["country"] == "UGA"
