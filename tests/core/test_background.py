"""Recalled events and follow-ups of an attack already told are not coded (``background``)."""

from __future__ import annotations

import orjson
import pytest
from spacy.language import Language

from worker.core.definitions import trigger_defs
from worker.core.enrich import Enriched, Enricher
from worker.core.nlp.triggers import SPANS_KEY
from worker.core.nonevents import nonevent_reason

pytestmark = pytest.mark.model

NOT_A_TRIGGER = "not a trigger"  # the word is not taken as an event word at all

_ATTACK = "Rebels attacked an army camp near Kora on Saturday, killing six soldiers. "


def _reason(nlp: Language, text: str, word: str) -> str | None:
    doc = nlp(text)
    span = next((s for s in doc.spans[SPANS_KEY] if s.text == word and s.start_char >= text.find(word)), None)
    if span is None:
        return NOT_A_TRIGGER
    return nonevent_reason(span.root, trigger_defs()[span.label_])


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A clause fronted by a month with no day recalls an earlier event.
        ("In April, a car bomb exploded outside a hotel in Kora, killing nine guests.", "exploded", "recalled"),
        ("In late October 2022, militiamen burned three villages near the lake.", "burned", "recalled"),
        # Guards: a day, or a month not fronting the clause, dates an event reported now.
        ("On April 2, a car bomb exploded outside a hotel in Kora, killing nine guests.", "exploded", None),
        ("A car bomb exploded outside a hotel in Kora on Sunday, killing nine guests.", "exploded", None),
    ],
)
def test_a_month_without_a_day_fronting_the_clause_recalls(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # Damage with no doer, or a pronoun doer, after an attack is the attack's damage.
        (_ATTACK + "The clinic was burned and two lorries were set ablaze.", "burned", "follow-up"),
        (_ATTACK + "They then torched the camp's fuel depot.", "torched", "follow-up"),
        # Guards: a named doer, or no attack told before, is an event of its own; looting is a deed.
        (_ATTACK + "Angry residents torched the rebels' vehicles on Sunday.", "torched", None),
        ("The clinic in Kora was burned on Sunday night, the mayor said.", "burned", None),
        (_ATTACK + "Shops in the market were looted overnight.", "looted", None),
    ],
)
def test_damage_without_a_doer_after_an_attack_is_a_follow_up(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # Troops arriving as reinforcements, or at the scene named only by a definite noun.
        (_ATTACK + "Reinforcements reached the camp by helicopter on Sunday.", "Reinforcements", "follow-up"),
        (_ATTACK + "Soldiers were deployed to the area to search for the attackers.", "deployed", "follow-up"),
        (_ATTACK + "More soldiers arrived in the town on Monday.", "arrived", "follow-up"),
        # Guards: a named destination is a movement of its own, and so is one with no attack before.
        (_ATTACK + "Kenyan troops arrived in Garissa on Monday to relieve the garrison.", "arrived", None),
        ("The army deployed 500 soldiers to the area on Monday ahead of the vote.", "deployed", None),
    ],
)
def test_troops_sent_to_the_scene_of_an_attack_are_a_follow_up(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # The attackers' withdrawal after the fight, and the fight recapped in it.
        (_ATTACK + "The gunmen retreated after a long firefight with the garrison.", "retreated", "follow-up"),
        (_ATTACK + "The assailants fled after an exchange of fire lasting two hours.", "exchange of fire", "follow-up"),
        # Guard: a withdrawal with no fight before it is reported as an event.
        ("Government troops withdrew from the border town of Kora on Sunday.", "withdrew", None),
    ],
)
def test_a_withdrawal_after_the_fight_is_part_of_it(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


def test_an_article_keeps_the_attack_and_drops_its_follow_ups(enricher: Enricher) -> None:
    body = (
        _ATTACK
        + "The camp's clinic was set ablaze. Reinforcements were sent to the area on Sunday. "
        + "In March, a roadside bomb killed four soldiers on the same road."
    )
    outcome = enricher.enrich(orjson.dumps({"id": "t", "body": body, "published_at": "2025-06-10T10:00:00Z"}))
    assert isinstance(outcome, Enriched)
    events = orjson.loads(outcome.value)["events"]
    assert [e["plover"]["type"] for e in events] == ["ASSAULT"]
    assert events[0]["trigger"]["text"] in {"attacked", "killing"}


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A verbal trigger in a participle on a protest or attack states its aim or effect.
        ("Farmers marched on the ministry on Monday, demanding higher grain prices.", "demanding", "participle"),
        ("Rebels blew up a bridge on Monday, suspending bus services to the coast.", "suspending", "participle"),
        # Guards: the same verbs as a clause's own predicate are events.
        ("The farmers' union demanded higher grain prices on Monday.", "demanded", None),
        ("The government suspended bus services to the coast on Monday.", "suspended", None),
    ],
)
def test_a_participle_on_a_protest_or_attack_is_its_aim_or_effect(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # An event noun dated by a month with no day, and what its relative clause tells.
        ("Survivors of the March bombing of a bus station that killed 11 people met the mayor.", "killed", "recalled"),
        ("Survivors of the March bombing of a bus station that killed 11 people met the mayor.", "bombing", "recalled"),
        # Guard: a day makes it a dated event of the report.
        ("Police arrested the man behind Monday's bombing of a bus station.", "bombing", None),
    ],
)
def test_an_event_noun_dated_by_a_month_recalls(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A fronted relative month or year recalls too.
        ("Earlier this month, gunmen ambushed a convoy near the dam.", "ambushed", "recalled"),
        ("Last year, four miners were killed in a similar raid.", "killed", "recalled"),
        # Guard: a relative day or week is the report's own time.
        ("Last week, gunmen ambushed a convoy near the dam.", "ambushed", None),
    ],
)
def test_a_fronted_relative_month_or_year_recalls(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # Without the comma, the fronted month still modifies the verb.
        ("Earlier this year the rebels seized a gold mine near the border.", "seized", "recalled"),
        # A participle on the crowd's noun, the crowd hanging on the protest word.
        ("Police broke up a sit-in by nurses demanding back pay.", "demanding", "participle"),
        ("Riot police dispersed a rally of traders protesting against new taxes.", "protesting", None),
        # A verb coordinated with an abduction, sharing its subject, is its ransom.
        ("Bandits kidnapped four traders near Gusau on Monday and demanded a ransom.", "demanded", "participle"),
        ("Bandits attacked four traders near Gusau on Monday and demanded their phones.", "demanded", None),
        # Guard: a participle on a noun that no protest or attack word governs.
        ("The union published a letter from nurses demanding back pay.", "demanding", None),
    ],
)
def test_fronted_months_and_participles_on_the_crowd(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A witness's quote told by pronouns, after the news, recalls the event told.
        (_ATTACK + '"They shot at everyone who ran," said a farmer.', "shot", "recalled"),
        (_ATTACK + 'A soldier said: "Our unit fought for three hours before help came."', "fought", "recalled"),
        # A verb coordinated with the pronoun's verb shares its subject.
        (
            _ATTACK + '"They looted the clinic, burned the school and freed the prisoners," a chief said.',
            "freed",
            "recalled",
        ),
        # A definite plural names the doers told before; a verb's complement shares its subject.
        (_ATTACK + '"The rebels burned the school," a teacher said.', "burned", "recalled"),
        (_ATTACK + '"They kept shooting at the houses," a teacher said.', "shooting", "recalled"),
        # Guards: a quote naming its doers, and the same words outside quotation marks.
        (_ATTACK + '"Bandits burned the clinic in Sabon Gari," said a nurse.', "burned", None),
        (_ATTACK + "Our unit fought for three hours, the soldier said.", "fought", None),
    ],
)
def test_a_witness_quote_told_by_pronouns_recalls(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # The attack's spoils told without a doer are a follow-up of it.
        (_ATTACK + "Rifles and two pickup trucks were seized.", "seized", "follow-up"),
        # Guard: a seizure with its own doer is an event.
        (_ATTACK + "Customs officers seized two pickup trucks at the border.", "seized", None),
    ],
)
def test_spoils_without_a_doer_after_an_attack_are_a_follow_up(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason


_RIOT = "Rioters looted shops and torched cars in the port city of Lae on Friday after a protest over fuel prices. "


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # Damage told without a doer after a riot is the riot's damage.
        (_RIOT + "By nightfall a market and two petrol stations had been burned.", "burned", "follow-up"),
        # Guard: with no riot or attack told before, the burning is news of its own.
        ("A market and two petrol stations were burned in Lae on Friday.", "burned", None),
    ],
)
def test_damage_without_a_doer_after_a_riot_is_a_follow_up(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A release told as the effect of an attack, in a participle coordinated with its toll.
        (
            "Gunmen raided the jail in Koton Karfe on Friday, killing a warder and releasing 40 detainees.",
            "releasing",
            "participle",
        ),
        # Guard: a release with its own verb and subject is an event.
        ("The army released 40 detainees in Koton Karfe on Friday.", "released", None),
    ],
)
def test_a_release_in_a_participle_of_an_attack_is_its_effect(
    nlp: Language, text: str, word: str, reason: str | None
) -> None:
    assert _reason(nlp, text, word) == reason
