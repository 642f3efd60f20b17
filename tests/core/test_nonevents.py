"""Negated, modal, intended, habitual and historical mentions are not coded."""

from __future__ import annotations

import orjson
import pytest
from spacy.language import Language

from worker.core.definitions import trigger_defs
from worker.core.enrich import Enriched, Enricher
from worker.core.nlp.triggers import SPANS_KEY
from worker.core.nonevents import is_negated, nonevent_reason
from worker.core.summaries import is_summary

pytestmark = pytest.mark.model

NOT_A_TRIGGER = "not a trigger"  # the word is not taken as an event word at all


def _reason(nlp: Language, text: str, word: str) -> str | None:
    doc = nlp(text)
    span = next((s for s in doc.spans[SPANS_KEY] if s.text == word), None)
    if span is None:
        return NOT_A_TRIGGER
    return nonevent_reason(span.root, trigger_defs()[span.label_])


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        ("The rebels did not attack the town.", "attack", "negated"),
        ("The army could attack the town next week.", "attack", "modal"),
        ("The militants plan to attack the town.", "attack", "irrealis"),
        ("Bandits regularly raid villages in the region.", "raid", "habitual"),
        ("The war has killed more than 600 people.", "killed", "cumulative"),
        ("We don't know if the town will be attacked again.", "attacked", "modal"),
        ("It was the worst attack since the group was defeated.", "defeated", NOT_A_TRIGGER),
        ("The farmers' union has long demanded cheaper fertiliser.", "demanded", "trend"),
        ("The rebels have been trying since 2019 to seize the airport.", "seize", "trend"),
        ("Militias have clashed with the army for months in the valley.", "clashed", "trend"),
        ("Militias have clashed with the army since Friday in the valley.", "clashed", None),
        ("Analysts warned that the unrest might spread to the capital.", "warned", "forecast"),
        ("The army warned that looters will be shot on sight.", "warned", None),
        ("The governor said gangs who kidnap travellers face the death penalty.", "kidnap", "habitual"),
        ("Police arrested the gunmen who attacked the bus.", "attacked", None),
        ("Families in the camp are still waiting for a food delivery.", "delivery", "irrealis"),
        ("Opposition leader Kofi Mensah was arrested at his home on charges of treason.", "charges", "grounds"),
        # A verb of means without its instrument is a habit or an aim, not the act.
        ("Bandits used to raid the villages along the river.", "raid", "irrealis"),
    ],
)
def test_reasons(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Gunmen attacked a village on Sunday.", "attacked"),
        ("Troops continued to battle jihadists in the city.", "battle"),
        ("Police fired tear gas to disperse protesters who had rallied outside parliament.", "rallied"),
        ("At least five civilians were reported killed.", "killed"),
        # A verb of means with its instrument: the "to"-clause is the act done with it.
        ("Militants used drones to drop grenades on a police post.", "drop"),
        ("Drones were used to drop explosives on the army base.", "drop"),
    ],
)
def test_real_events_pass(nlp: Language, text: str, word: str) -> None:
    assert _reason(nlp, text, word) is None


def test_no_one_killed_is_a_negated_count(nlp: Language) -> None:
    doc = nlp("A bomb exploded near the station but no one was killed.")
    killed = next(s for s in doc.spans[SPANS_KEY] if s.text == "killed")
    assert is_negated(killed.root)
    assert nonevent_reason(killed.root, trigger_defs()[killed.label_]) is None


def test_summaries(nlp: Language) -> None:
    doc = nlp("Six soldiers were killed in two attacks. The group claimed both attacks.")
    attacks = [s.root for s in doc.spans[SPANS_KEY] if s.text == "attacks"]
    assert attacks and all(is_summary(t) for t in attacks)


def _triggers_of_events(enricher: Enricher, body: str) -> list[str]:
    article = {"id": "t", "body": body, "published_at": "2025-06-10T10:00:00Z"}
    outcome = enricher.enrich(orjson.dumps(article))
    assert isinstance(outcome, Enriched)
    return [event["trigger"]["text"] for event in orjson.loads(outcome.value)["events"]]


@pytest.mark.parametrize(
    ("body", "triggers"),
    [
        ("No crew members were hurt, a coast guard spokesman said.", []),
        ("Militants fired rockets at Sderot, the army said, adding that no casualties were reported.", ["fired"]),
        ("Gunmen attacked a checkpoint in Kidal on Sunday but no one was killed.", ["attacked"]),
    ],
)
def test_a_negated_toll_alone_is_no_event(enricher: Enricher, body: str, triggers: list[str]) -> None:
    assert _triggers_of_events(enricher, body) == triggers


@pytest.mark.parametrize(
    ("body", "triggers"),
    [
        ("During a 2022 strike over fuel prices, six people died in clashes over 18 days.", []),
        ("Fano fighters fought alongside federal troops during the 2020-2022 war in Tigray.", []),
        ("Gunmen killed five villagers in Zamfara state on Sunday during the 2025 harvest.", ["killed"]),
    ],
)
def test_a_period_named_by_a_past_year_is_historical(enricher: Enricher, body: str, triggers: list[str]) -> None:
    assert _triggers_of_events(enricher, body) == triggers


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A passive participle on a noun says what the noun is: background, not news.
        ("Riots broke out over a poll boycotted by the main opposition party.", "boycotted", "descriptive"),
        ("Police found a statement signed by two armed groups.", "signed", "descriptive"),
        # The killing words still count the victims: "civilians killed in the strike".
        ("Rescuers pulled out the bodies of civilians killed in the strike.", "killed", None),
        ("The army said it had boycotted the meeting.", "boycotted", None),
        # A noun's content clause has its own subject: it reports, it does not describe.
        ("The ministry said in a statement that 12 suspects had been detained for questioning.", "detained", None),
        ("Officials gave no details beyond a statement that 12 suspects had been detained.", "detained", None),
    ],
)
def test_participles_describe_their_noun(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A toll or siege over a long span is a trend: this year, since a month, since a clause
        # naming an older past (the span may hang on the last of coordinated verbs).
        ("Bandits have killed more than 900 herders across the state this year.", "killed", "trend"),
        ("The militia has besieged the border town since March.", "besieged", "trend"),
        (
            "Over 300 villagers have been killed and 9,000 displaced since the clashes began in June last year.",
            "killed",
            "trend",
        ),
        # A recent span is the toll of the event being reported.
        ("At least 40 people have been killed since the clashes began on Saturday.", "killed", None),
        ("Gunmen have killed seven farmers in the district, police said on Tuesday.", "killed", None),
    ],
)
def test_tolls_over_a_long_span_are_trends(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A war's toll, also through a verb coordinated with the one that has the war as subject.
        (
            "The rebellion erupted in 2012 and has killed about 8,000 people and displaced a million.",
            "killed",
            "cumulative",
        ),
        ("The conflict has displaced more than two million people.", "displaced", "cumulative"),
        ("Floods have displaced 4,000 families in the delta, officials said.", "displaced", None),
    ],
)
def test_a_wars_toll_and_displacement_are_cumulative(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # The reporter's own request for comment is no REQUEST event.
        ("The ministry did not reply to a request for comment.", "request", "boilerplate"),
        ("Repeated requests for comment went unanswered.", "requests", "boilerplate"),
        ("The families renewed their request for an inquiry into the killings.", "request", None),
        # A danger something poses or is names no threat made by anyone.
        ("Officials said the armed drones posed an immediate threat to shipping.", "threat", "descriptive"),
        ("The rebels issued a threat to shell the airport.", "threat", None),
    ],
)
def test_boilerplate_and_dangers_are_not_events(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("body", "triggers"),
    [
        # An undated clause beside a clause placed in an older past shares its time.
        ("Rebels seized the port in 2016 before government troops recaptured it months later.", []),
        # A future date elsewhere in the sentence leaves the statement dated by its report.
        (
            "On Monday the government said it was suspending talks with the rebels that had been "
            "due to resume next week.",
            ["suspending", "talks"],
        ),
    ],
)
def test_an_undated_clause_shares_its_sentences_past(enricher: Enricher, body: str, triggers: list[str]) -> None:
    assert _triggers_of_events(enricher, body) == triggers


@pytest.mark.parametrize(
    ("body", "triggers"),
    [
        # A count of munitions or blasts in a clause with its own event verb is one event.
        ("Two guided bombs struck a hardware store in Kharkiv on Saturday, killing 16 people.", ["bombs"]),
        (
            "Suicide bombers carried out a series of attacks in the town on Saturday, killing 18 people.",
            ["Suicide bombers"],
        ),
        # A summary with no other event word still only joins events reported elsewhere.
        ("One of the two attacks killed a soldier.", []),
    ],
)
def test_a_count_of_munitions_is_no_summary(enricher: Enricher, body: str, triggers: list[str]) -> None:
    assert _triggers_of_events(enricher, body) == triggers


@pytest.mark.parametrize(
    ("body", "triggers"),
    [
        # A plan for the coming weeks is future, not news.
        ("A delegation could travel to Kano in the coming weeks for talks, a spokesman said.", []),
        ("The two sides held talks in Kano on Monday, a spokesman said.", ["held talks"]),
    ],
)
def test_the_coming_weeks_are_future(enricher: Enricher, body: str, triggers: list[str]) -> None:
    assert _triggers_of_events(enricher, body) == triggers


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A standing agreement named as the frame of something else.
        ("Rival militias clashed near the port despite a ceasefire agreed in March.", "ceasefire", "background"),
        ("The two factions signed a ceasefire in Doha on Friday.", "ceasefire", None),
        # A statement in the present perfect with no day is a standing position ...
        ("Rights groups have accused the police of torturing detainees.", "accused", "background"),
        ("Tehran has warned that any strike on its soil would meet a harsh response.", "warned", "background"),
        # ... but not when it names the story's event or has a day of its own.
        ("The governor has condemned the attack on the market.", "condemned", None),
        ("Rights groups said on Monday they have accused the police of torture.", "accused", None),
    ],
)
def test_frames_and_standing_positions_are_background(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # Present tenses that state a standing situation.
        ("Some 2,000 French soldiers are deployed in the region.", "deployed", "state"),
        ("The army is fighting several insurgencies in the north.", "fighting", "state"),
        ("The army is fighting insurgents in the north, where a bomb killed four people in May.", "fighting", "state"),
        # A dated or past report is an event.
        ("Some 2,000 soldiers were deployed to the region on Monday.", "deployed", None),
        ("Soldiers are fighting insurgents in the town on Monday, residents said.", "fighting", None),
        # A doer who marches someone is not protesting; a crowd that marches is.
        ("The kidnappers marched their hostages into the hills.", "marched", "causative"),
        ("Thousands of students marched through the capital on Friday.", "marched", None),
        # A conflict reaching a span is a trend.
        ("The fighting between the two factions entered its third week.", "fighting", "trend"),
    ],
)
def test_standing_situations_and_causatives(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # The event an attack "came after" or "came amid" is recalled as its setting.
        (
            "The shelling came two days after rebels stormed the airport, killing nine guards.",
            "stormed",
            "aside",
        ),
        ("The raid came amid a months-long siege of the town.", "siege", "aside"),
        # The reported event itself, and a plain "after" clause, are not asides.
        ("The shelling came two days after rebels stormed the airport.", "shelling", None),
        ("Troops withdrew from the town after rebels stormed the airport on Monday.", "stormed", None),
    ],
)
def test_what_an_event_came_after_is_an_aside(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # An agreement a verb ends or keeps is a standing one, not one reached now.
        ("The junta scrapped a defence agreement with France on Friday.", "agreement", "background"),
        ("The two sides reached an agreement in Doha on Friday.", "agreement", None),
        # A gathering an attack targeted, or a visit to a place, is no consultation.
        ("The group said it had bombed a meeting of tribal elders.", "meeting", "setting"),
        ("The governor visited the village on Sunday.", "visited", "setting"),
        ("The French president visited Kyiv on Sunday.", "visited", None),
        ("Tribal elders held a meeting with the governor on Sunday.", "meeting", None),
        # "rarely" is habitual like "often"; a span may hang on the verb over the trigger's phrase.
        ("The army rarely comments on attacks and has expelled two reporters.", "expelled", "habitual"),
        ("The town has been under a blockade by militants for two years.", "blockade", "trend"),
        (
            "Djibo, a town swollen by displaced people, has been under a blockade by rebels for more than two years.",
            "blockade",
            "trend",
        ),
    ],
)
def test_frames_settings_and_spans(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # The deed in a present relative clause on a bare plural defines a kind of doer.
        ("Kabul is accused of harbouring militants who launch attacks across the border.", "attacks", "habitual"),
        ("Police arrested the militants who launched the attack on Monday.", "attack", None),
    ],
)
def test_a_deed_that_defines_a_kind_is_habitual(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("text", "word", "reason"),
    [
        # A clause whose truth the copula says is not known.
        ("It was unclear who had ordered the raid on the depot.", "raid", "irrealis"),
        ("It is not known who attacked the convoy.", "attacked", "irrealis"),
        ("It was clear that the convoy had been attacked.", "attacked", None),
        # The subject of a raised passive of expectation: "are expected to resume".
        ("Negotiations between the two armies are expected to resume in Geneva.", "Negotiations", "irrealis"),
        ("The rival factions held talks in Geneva on Monday.", "held talks", None),
        # A running total of the story's fighting in the present perfect with "so far".
        ("The violence, which flared on Friday, has so far killed 16 people, medics said.", "killed", "cumulative"),
        ("The violence killed 16 people on Friday, medics said.", "killed", None),
        # A purpose adjunct of an implicative verb is an aim ("went on strike to demand").
        ("Teachers went on strike on Monday to demand higher pay.", "demand", "irrealis"),
        ("Teachers continued to demand higher pay from the ministry on Monday.", "demand", None),
        # A warning of what is at risk is a forecast.
        ("Aid agencies warned that the region risked sliding into famine.", "warned", "forecast"),
        # A toll summed over a span, told in reported speech.
        ("The army said it had killed 40 insurgents over the past month.", "killed", "trend"),
        ("The army said it had killed 40 insurgents on Sunday.", "killed", None),
        # What an accusation alleges, when it is backing or aid, is not reported as done.
        ("Kinshasa accused Kigali on Monday of backing the rebels in North Kivu.", "backing", "background"),
        ("Kigali backed the rebels in North Kivu with troops, a UN report said.", "backed", None),
        # A verb whose object counts events sums them up.
        ("The two clans fought three wars over the grazing land.", "fought", "summary"),
        ("The two clans fought over the grazing land on Sunday.", "fought", None),
        # An actor halting its own work sanctions no one; a measure with a target does.
        ("Medical charities suspended operations in the district on Monday.", "suspended", "own-work"),
        ("The European Union suspended aid to the junta on Monday.", "suspended", None),
        # A deployment in the present perfect with no day is a standing presence.
        ("Kenya has deployed 1,000 police officers to Haiti to fight the gangs.", "deployed", "background"),
        ("Kenya deployed 400 more police officers to Haiti on Monday.", "deployed", None),
        # A perfect over an era opened by an event ("since the coup") is a toll to date.
        ("At least 80 people have been killed in protests since the coup, rights groups say.", "killed", "trend"),
        ("At least 80 people have been killed since the attack on Monday, rights groups say.", "killed", None),
        # A participle on a plural counted as one of a kind says what the actors are.
        ("The Mai-Mai are one of several militias fighting for control of the mines.", "fighting", "habitual"),
        ("Many groups fighting in the hills of Kivu are funded by gold.", "fighting", "habitual"),
        ("Militiamen fighting for the mines in Kivu on Monday killed two soldiers.", "fighting", None),
        # A progressive that goes on ("still") tells what an event left behind.
        ("Fires were still burning in the market of Bunia on Thursday.", "burning", "state"),
        ("Fires were burning in the market of Bunia on Thursday.", "burning", None),
        # A standing position in the simple present.
        ("The opposition accuses the governor of rigging the vote.", "accuses", "background"),
        ("The opposition accused the governor of rigging the vote on Monday.", "accused", None),
        # What has happened since an earlier event, told in the perfect with "since".
        ("The junta has since turned to Turkey for military assistance.", "assistance", "recalled"),
        ("The group has since carried out a string of attacks on police posts.", "attacks", "recalled"),
        ("The junta turned to Turkey for military assistance on Monday.", "assistance", None),
        # A process said to go on is no event reported.
        ("Talks on a prisoner swap were under way in Doha on Monday.", "Talks", "state"),
        ("Negotiations with the kidnappers are ongoing, police said.", "Negotiations", "state"),
        ("Talks on a prisoner swap opened in Doha on Monday.", "Talks", None),
        # Rejecting a figure disputes a count (the confidence flag's business), no political rejection.
        ("The ministry rejected the toll given by the rebels.", "rejected", "count-dispute"),
        ("The ministry rejected the proposal made by the rebels.", "rejected", None),
    ],
)
def test_unknown_expected_running_and_standing(nlp: Language, text: str, word: str, reason: str | None) -> None:
    assert _reason(nlp, text, word) == reason


@pytest.mark.parametrize(
    ("body", "triggers"),
    [
        # An agreement named as what a deed came after frames it.
        ("Shelling of the port resumed on Sunday after a two-week truce.", ["Shelling"]),
        # Talks named as what a deed came after frame it too.
        ("The hostages were freed on Sunday after talks between elders and the kidnappers.", ["freed"]),
        ("Elders held talks with the kidnappers in Gao on Sunday.", ["held talks"]),
        # Counted munitions are one attack's rounds.
        ("On Sunday, three mortar shells hit a police station in Kismayo, wounding two officers.", ["shells"]),
        # A statement of intent made as a standing position is no statement of the day.
        ("The president has said he will never resign.", []),
    ],
)
def test_frames_munitions_and_standing_statements(enricher: Enricher, body: str, triggers: list[str]) -> None:
    assert _triggers_of_events(enricher, body) == triggers
