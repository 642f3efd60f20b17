"""Source confidence on hand-built sentences through the real small model.

The sentences here are written for these tests (none is taken from the gold set): the article
fallback (no events) scores the whole text as one report; the seed tests build events by hand.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.conftest import MODEL, SEED_TEXT
from worker.core.article import Article
from worker.core.confidence import assess_confidence
from worker.core.context import ArticleContext
from worker.core.dateline import Dateline
from worker.core.enrich import Enriched, Enricher
from worker.core.geo import default_gazetteer
from worker.core.records import ExtractedEvent

pytestmark = pytest.mark.model

CASES = [
    # confirmed: the wire's plain statement, an authority, two independent sources
    ("Gunmen shot dead six farmers in a village in Benue state on Tuesday.", "confirmed", None),
    (
        "The regional police chief said eight people died when a bomb exploded at a bus station.",
        "confirmed",
        "police",
    ),
    (
        "Nine people were killed in the blast, according to the provincial governor.",
        "confirmed",
        "official",
    ),
    (
        "Doctors at the district hospital said 17 wounded people had been brought in.",
        "confirmed",
        "medical",
    ),
    ("Police and medics said four people were killed in the stampede.", "confirmed", "police"),
    (
        "The army said two of its soldiers were killed when their convoy hit a landmine.",
        "confirmed",
        "military",
    ),
    # attributed: one named non-authoritative source
    (
        "Militiamen burned a health centre in Ituri overnight, the local rights group CRDH said.",
        "attributed",
        "monitor",
    ),
    (
        "Soldiers fired on a wedding party near Gao, killing three guests, a villager told AFP.",
        "attributed",
        "witness",
    ),
    (
        "A car bomb killed 11 people in Mogadishu, the Somali broadcaster Garowe Online reported.",
        "attributed",
        "media",
    ),
    (
        ("Rebels overran two army posts near Bunia, said Pierre Boisselet, an analyst at the Kivu Security Tracker."),
        "attributed",
        "monitor",
    ),
    (
        ("Settlers torched three cars in a village near Nablus, the monitoring group Peace Now said."),
        "attributed",
        "monitor",
    ),
    # claimed: a party speaks
    (
        "Al-Shabaab claimed responsibility for the hotel siege, which killed 21 people.",
        "claimed",
        "armed_group",
    ),
    ("The militants said they had killed 14 soldiers in the raid.", "claimed", "armed_group"),
    ("The air force said it destroyed five rebel vehicles near the border.", "claimed", "military"),
    (
        "The army said 45 insurgents were killed in air strikes on their hideouts.",
        "claimed",
        "military",
    ),
    ("Police said officers shot dead three armed robbers after a car chase.", "claimed", "police"),
    # unconfirmed: hedges, anonymity, unnamed reports
    (
        "Dozens of people were reportedly killed in clashes near the border.",
        "unconfirmed",
        "unknown",
    ),
    ("Unconfirmed reports said the rebels had taken the airport.", "unconfirmed", "unknown"),
    (
        "A security source said three guards were killed, speaking on condition of anonymity.",
        "unconfirmed",
        "anonymous",
    ),
    (
        "Seven soldiers died in the ambush, an officer told Reuters, asking not to be named.",
        "unconfirmed",
        "anonymous",
    ),
    (
        ("The monitor said 30 fighters were killed, a toll that could not be independently verified."),
        "unconfirmed",
        "monitor",
    ),
    # disputed: denials, contradictions
    (
        "The army denied that its troops had killed any civilians in the operation.",
        "disputed",
        "military",
    ),
    (
        "Residents said soldiers killed 12 men, but the military said all of them were militants.",
        "disputed",
        "military",
    ),
    (
        "Officials said three people died, while hospital staff put the toll at 19.",
        "disputed",
        "medical",
    ),
    (
        "The group said it shot down a helicopter, a claim the defence ministry rejected.",
        "disputed",
        "military",
    ),
    # who backs a source is not the source; a name's "for ..." phrase is part of it
    (
        "Militiamen torched 30 homes in a village near Djugu, the UN-funded broadcaster Radio Maendeleo reported.",
        "attributed",
        "media",
    ),
    (
        "Soldiers shot dead four men at a checkpoint in Rakhine, the Arakan Project for Human Rights said.",
        "attributed",
        "monitor",
    ),
    # "X and Y both said": two sources, not a source called "both"
    (
        "Seven people died when a shell hit a bus in Donetsk, the regional police and the emergency service both said.",
        "confirmed",
        "police",
    ),
    # "not possible to confirm" hedges; nobody confirms
    (
        "Residents of Djibo said 30 people were killed in the raid, but it was not possible to confirm the toll.",
        "unconfirmed",
        "witness",
    ),
    # a toll against a figure: the army's losses against the rebels' count of dead soldiers
    (
        "The rebels said they killed 40 soldiers in the assault on the garrison, but the army put its losses at five.",
        "disputed",
        "military",
    ),
]


def enrich_text(enricher: Any, text: str, published_at: str = "2024-05-02T10:00:00Z") -> dict[str, Any]:
    outcome = enricher.enrich(orjson.dumps({"id": "t", "body": text, "published_at": published_at}))
    assert isinstance(outcome, Enriched)
    return orjson.loads(outcome.value)  # type: ignore[no-any-return]


def article_flag(nlp: Any, text: str) -> tuple[str, str | None]:
    """The article-level flag with no events: the whole text as one report."""
    doc = nlp(text)
    _, article = assess_confidence(doc, [], _context(text))
    sources = article.get("sources") or []
    return article["flag"], sources[0]["type"] if sources else None


def _context(text: str) -> ArticleContext:
    return ArticleContext(
        article=Article(id="t", body=text, source="AFP"),
        text=text,
        dateline=Dateline(agencies=("AFP",)),
        reference_date=None,
        language="en",
        gazetteer=default_gazetteer(),
    )


@pytest.mark.parametrize(("text", "flag", "source_type"), CASES)
def test_flag_and_source_type(nlp: Any, text: str, flag: str, source_type: str | None) -> None:
    assert article_flag(nlp, text) == (flag, source_type)


def test_speculation_is_not_evidence(nlp: Any) -> None:
    text = (
        "A suicide bomber killed 12 people at a market in Kabul on Monday. "
        "Analysts said the attack suggested the group was regaining strength."
    )
    assert article_flag(nlp, text) == ("confirmed", None)


def test_hedge_on_a_detail_does_not_hedge_the_event(nlp: Any) -> None:
    text = "Police said 30 people were arrested after the riot, which reportedly began over a land dispute."
    assert article_flag(nlp, text) == ("confirmed", "police")


def test_evidence_carries_offsets_and_cues(nlp: Any) -> None:
    text = "Five civilians were killed in shelling, the Syrian Observatory for Human Rights said."
    doc = nlp(text)
    _, article = assess_confidence(doc, [], _context(text))
    source = article["sources"][0]
    assert source["name"] == "Syrian Observatory for Human Rights"
    assert source["type"] == "monitor"
    assert source["cue"] == "said"
    assert text[source["start"] : source["end"]].endswith("Syrian Observatory for Human Rights")
    assert any("publisher AFP" in reason for reason in article["reasons"])
    assert 0 < article["score"] <= 1


# ------------------------------------------------------------ the seed, with events built by hand


def _event(
    text: str,
    trigger: str,
    sentence_start: str,
    *,
    actors: list[dict[str, Any]] | None = None,
    killed: bool = True,
) -> ExtractedEvent:
    s_start = text.index(sentence_start)
    s_end = text.index(".", s_start + len(sentence_start) // 2) + 1
    t_start = text.index(trigger, s_start)
    trig = {"text": trigger, "start": t_start, "end": t_start + len(trigger)}
    sent = {"text": text[s_start:s_end], "start": s_start, "end": s_end}
    count = {"text": "x", "min": 1, "max": None, "best": 1}
    return {  # type: ignore[typeddict-item]
        "id": "seed#1", "plover": {"type": "ASSAULT", "mode": None, "context": []},
        "acled": {"event_type": None, "sub_event_type": None}, "trigger": trig, "sentence": sent,
        "mentions": [{"trigger": trig, "sentence": sent}], "actors": actors or [], "targets": [],
        "location": None, "date": None,
        "casualties": {
            "killed": count if killed else None,
            "injured": None, "abducted": None, "arrested": None,
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def seed(nlp: Any) -> tuple[Any, str]:
    raw = SEED_TEXT.read_text(encoding="utf-8")
    text = raw.split(":", 1)[1].split("\nFollow the PNI")[0]
    return nlp(text), text


IS = {
    "text": "The Islamic State group",
    "name": "Islamic State",
    "kind": "armed_group",
    "country": None,
}


def test_seed(seed: tuple[Any, str]) -> None:
    doc, text = seed
    events = [
        _event(text, "killed", "In Syria, the ongoing assault", actors=[IS]),
        _event(text, "killed", "The war monitor, providing figures"),
        _event(text, "killed", "The brazen IS operation"),
        _event(text, "killed", "\u201cIS fighters killed four"),
    ]
    flags, article = assess_confidence(doc, events, _context(text))
    prison, fighting, civilians, witness = flags
    # The Observatory figures are attributed; IS claimed the attack (Amaq).
    assert prison["casualties_status"] == "attributed"
    assert prison["perpetrator_status"] == "claimed"
    assert prison["flag"] == "claimed"
    assert {"monitor", "armed_group"} <= {s["type"] for s in prison["sources"]}
    # "nearly 40 ... not immediately confirmed" is unconfirmed, and still the Observatory's.
    assert fighting["flag"] == "unconfirmed"
    assert "Observatory" in fighting["sources"][0]["name"]
    assert fighting["sources"][0]["type"] == "monitor"
    assert any("not immediately confirmed" in c["text"] for c in fighting["cues"])
    assert civilians["flag"] == "attributed"
    assert civilians["sources"][0]["type"] == "monitor"
    # Umm Ibrahim is a witness.
    assert witness["flag"] == "attributed"
    assert witness["sources"][0] == {
        **witness["sources"][0],
        "name": "Umm Ibrahim",
        "type": "witness",
    }
    assert article["flag"] in {"attributed", "claimed"}


def test_scope_a_later_sentence_of_the_paragraph_carries_the_source(nlp: Any) -> None:
    text = (
        "A roadside bomb killed four soldiers near Kirkuk. The toll could not be "
        "independently verified.\nPolice said a market reopened."
    )
    doc = nlp(text)
    event = _event(text, "killed", "A roadside bomb", killed=True)
    other = _event(text, "reopened", "Police said a market")
    flags, _ = assess_confidence(doc, [event, other], _context(text))
    assert flags[0]["flag"] == "unconfirmed"  # the hedge follows in the same paragraph
    assert flags[1]["flag"] == "confirmed"  # the next paragraph has its own source
    assert flags[1]["sources"][0]["type"] == "police"


def test_scope_a_source_does_not_leak_into_another_event(nlp: Any) -> None:
    text = "Gunmen killed two guards in Kano, a witness said. Separately, a fire destroyed a market in Lagos."
    doc = nlp(text)
    first = _event(text, "killed", "Gunmen killed")
    second = _event(text, "destroyed", "Separately, a fire")
    flags, _ = assess_confidence(doc, [first, second], _context(text))
    assert flags[0]["flag"] == "attributed"
    assert flags[1]["flag"] == "confirmed"
    assert flags[1]["sources"] == []


def test_record_through_the_enricher_is_valid(enricher: Any) -> None:
    from jsonschema import Draft202012Validator

    from worker.core.schemas import load_schema

    record = enrich_text(enricher, SEED_TEXT.read_text(encoding="utf-8"), "2022-01-21T12:00:00Z")
    Draft202012Validator(load_schema("enriched")).validate(record)
    article = record["source_confidence"]
    # hasakeh-afp.expected.md: mostly attributed (the Observatory's figures); IS claimed the attacks.
    assert article["flag"] == "attributed"
    assert any("claimed" in reason for reason in article["reasons"])


def test_what_the_wires_own_journalist_saw_is_confirmed(enricher: Any) -> None:
    body = "An AFP photographer saw at least nine bodies in a street of Bukavu after a night of shelling."
    article = {"id": "w", "body": body, "source": "AFP", "published_at": "2025-02-16T10:00:00Z"}
    outcome = enricher.enrich(orjson.dumps(article))
    assert isinstance(outcome, Enriched)
    [event] = orjson.loads(outcome.value)["events"]
    assert event["confidence"]["flag"] == "confirmed"
    assert event["confidence"]["sources"][0]["type"] == "media"
    # The same words from another publisher's story rest on that outlet: attributed.
    outcome = enricher.enrich(orjson.dumps({**article, "source": "Reuters"}))
    assert isinstance(outcome, Enriched)
    [event] = orjson.loads(outcome.value)["events"]
    assert event["confidence"]["flag"] == "attributed"


def test_a_name_of_more_than_six_words_is_matched_whole(enricher: Any) -> None:
    text = "Jama'at Nusrat al-Islam wal-Muslimin said its fighters killed 12 soldiers near Djibo on Sunday."
    [event] = enrich_text(enricher, text)["events"]
    [source] = event["confidence"]["sources"]
    assert (source["name"], source["type"]) == ("Jama'at Nusrat al-Islam wal-Muslimin", "armed_group")


def test_a_source_citing_its_own_source_is_one_source(nlp: Any) -> None:
    text = "Taliban agents detained six ex-officers in Herat, the broadcaster Amu TV reported, citing their families."
    assert article_flag(nlp, text) == ("attributed", "media")


# ------------------------------------------------------------ rules found on blind batch D
# One sentence per rule, written for these tests; each fails without its rule.
GENERAL_RULES = [
    pytest.param(
        "An AFP correspondent counted 14 bodies in the morgue of Goma's main hospital.",
        "confirmed",
        "media",
        id="wire-journalist-with-no-event",
    ),
    pytest.param(
        "The Nigeria Security Tracker recorded 32 villagers killed in bandit raids in Katsina in June.",
        "attributed",
        "monitor",
        id="tally-verb-with-a-count-of-victims",
    ),
    pytest.param(
        "Soldiers killed nine bandits in a raid on a forest camp in Katsina, "
        "the army's spokesman, Major General Edward Buba, said.",
        "claimed",
        "military",
        id="comma-set-source-before-the-verb",
    ),
    pytest.param(
        "Gunmen torched a school in Kumba, the regional governor, Bernard Okalia Bilai, told state radio.",
        "confirmed",
        "official",
        id="comma-set-source-description-and-name",
    ),
    pytest.param(
        "Two pupils were abducted from a school in Kebbi, a teacher at the school, Amina Bello, "
        "was quoted by the Daily Trust as saying.",
        "attributed",
        "witness",
        id="passive-quoted-by-the-speaker-not-the-outlet",
    ),
    pytest.param(
        "The monitor's toll of 50 dead was rejected by the interior ministry.",
        "disputed",
        "official",
        id="passive-denial-with-agent",
    ),
    pytest.param(
        "The police account of the shooting was challenged by the dead man's family.",
        "disputed",
        "witness",
        id="challenge-an-account",
    ),
    pytest.param(
        "It was unclear how many people died when the ferry capsized, "
        "though fishermen said they had pulled 12 bodies from the lake.",
        "unconfirmed",
        "witness",
        id="unclear-how-many",
    ),
    pytest.param(
        "Gunmen kidnapped a Chinese mining engineer in Niger state, a person familiar with the investigation said.",
        "unconfirmed",
        "anonymous",
        id="familiar-with-the-matter",
    ),
    pytest.param(
        "Police shot dead two protesters in Mombasa, the civil society group Haki Africa said.",
        "attributed",
        "monitor",
        id="civil-society-group",
    ),
    pytest.param(
        "Gunmen killed a judge in Quetta, the Balochistan Bar Association said.",
        "attributed",
        "monitor",
        id="bar-association",
    ),
    pytest.param(
        "Floods killed 16 people in Bauchi state, the National Emergency Management Agency said.",
        "confirmed",
        "official",
        id="agency-is-official-unless-news-agency",
    ),
    pytest.param(
        "The attorney general's office announced the arrest of a former army general over the massacre in Mapiripan.",
        "confirmed",
        "official",
        id="attorney-general",
    ),
    pytest.param(
        "The Kachin Independence Army said its fighters had seized a junta outpost near Bhamo.",
        "claimed",
        "armed_group",
        id="non-state-army",
    ),
    pytest.param(
        "The Houthi forces said they had shot down a US drone over Marib.",
        "claimed",
        "armed_group",
        id="armed-group-name-over-forces",
    ),
    pytest.param(
        "According to unconfirmed local reports, gunmen burned a church in Plateau state.",
        "unconfirmed",
        "unknown",
        id="role-word-as-adjective-types-nothing",
    ),
    pytest.param(
        "Posts on social media by residents of Goma said shells hit a displacement camp, "
        "but the reports could not be verified.",
        "unconfirmed",
        "witness",
        id="platform-gives-way-to-the-poster",
    ),
    pytest.param(
        "Posts on several Telegram channels said a drone had hit an ammunition depot in Bryansk.",
        "unconfirmed",
        "unknown",
        id="platform-channels-stay-unknown",
    ),
    pytest.param(
        "The Committee to Protect Journalists said a photographer was shot dead in Port-au-Prince.",
        "attributed",
        "monitor",
        id="name-that-reads-like-a-clause",
    ),
    pytest.param(
        "Israel's military said Hamas lost hundreds of fighters in the battle for Khan Younis.",
        "claimed",
        "military",
        id="the-other-sides-losses",
    ),
    pytest.param(
        "The Ukrainian army said Ukrainian forces lost three soldiers near Bakhmut.",
        "confirmed",
        "military",
        id="own-losses-stay-confirmed",
    ),
    pytest.param(
        "The Nashr news outlet, which is affiliated with al-Shabaab, said fighters had overrun a base in Lower "
        "Shabelle.",
        "claimed",
        "armed_group",
        id="outlet-tied-to-an-armed-group",
    ),
    pytest.param(
        "The ELN-run radio station said a soldier was captured near Saravena.",
        "claimed",
        "armed_group",
        id="outlet-run-by-an-armed-group",
    ),
    pytest.param(
        "Police in Kaduna said Ansaru gunmen abducted 20 worshippers from a church; the group denied it was involved.",
        "disputed",
        "armed_group",
        id="the-group-is-the-armed-group-named-before",
    ),
    pytest.param(
        "Community leaders in Kasai said militiamen killed nine villagers.",
        "attributed",
        "witness",
        id="community-leaders",
    ),
    pytest.param(
        "Pirates seized four sailors off Sao Tome, one crew member told Reuters.",
        "attributed",
        "witness",
        id="crew-member-is-a-witness",
    ),
    pytest.param(
        '"They burned the market," said Aye Aye Mon, 29, who fled the fighting in Lashio.',
        "attributed",
        "witness",
        id="a-name-with-an-age-is-a-person",
    ),
    pytest.param(
        "Students said riot officers beat a classmate in Marseille, "
        "but the police prefecture denied that any officer had struck him.",
        "disputed",
        "police",
        id="police-prefecture",
    ),
    pytest.param(
        "Al-Shabaab said it had overrun a base near Baidoa, but the African Union mission rejected the claim.",
        "disputed",
        "military",
        id="african-union-mission-is-military",
    ),
    pytest.param(
        "Rebels claimed to have captured the town of Ngaoundal, but the army said it remained in control.",
        "disputed",
        "military",
        id="claimed-to-have-is-a-claim-not-a-casualty",
    ),
    pytest.param(
        "The police chief branded the accusations of torture a fabrication.",
        "disputed",
        "police",
        id="naming-a-statement-false",
    ),
    pytest.param(
        'The military rejected as "baseless" the rights group report that soldiers killed 40 villagers.',
        "disputed",
        "military",
        id="rejected-as-baseless-the-report",
    ),
    pytest.param(
        "Authorities insisted that no civilians were harmed in the operation, contrary to accounts from residents.",
        "disputed",
        "official",
        id="contrary-to-accounts",
    ),
    pytest.param(
        "Police put the death toll at 3, but medics at the scene counted at least 11 bodies.",
        "disputed",
        "medical",
        id="any-named-source-can-count",
    ),
    pytest.param(
        "There was no immediate comment from the army on the reported killing of nine villagers in Borno.",
        "unconfirmed",
        "unknown",
        id="the-reported-killing",
    ),
    pytest.param(
        "Gunmen killed 12 villagers in Zamfara, local councillor Bello Sani told Reuters, "
        "adding that the attackers fled with cattle.",
        "confirmed",
        "official",
        id="comma-set-source-after-the-storys-subject-and-its-participle",
    ),
    pytest.param(
        "The provincial government said nine people died in the landslide, "
        "contradicting the toll of 30 given earlier by the Red Cross.",
        "disputed",
        "official",
        id="a-participle-speaks-for-the-cue-verb-before-it",
    ),
    pytest.param(
        "Troops killed 14 insurgents in a raid on a camp near Kidal, "
        "the army's communications office, DIRPA, said in a statement.",
        "claimed",
        "military",
        id="comma-set-source-of-a-conjunct-verb",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        "Jihadists said they had killed 30 soldiers in an ambush near Djibo, "
        "a toll the Burkinabe army said was inflated.",
        "The two armies blamed each other for the shelling of a border village that killed two soldiers.",
    ],
    ids=["said-the-figure-was-inflated-is-a-denial", "blamed-each-other"],
)
def test_disputes_through_the_enricher(enricher: Any, text: str) -> None:
    [event] = enrich_text(enricher, text)["events"]
    assert event["confidence"]["flag"] == "disputed"
    assert event["confidence"]["sources"][0]["type"] == "military"


def test_an_anonymity_cue_with_no_source_in_reach_rests_on_an_anonymous_source(nlp: Any) -> None:
    from worker.core.confidence import _sources
    from worker.core.flagging import Decision

    doc = nlp("Two guards died in the blast at the depot, a militia commander said on condition of anonymity.")
    cues = [s for s in doc.spans["eventwire_hedges"] if s.label_ == "ANONYMITY"]
    assert cues
    [source] = _sources(Decision("unconfirmed", [], cues))
    assert source["type"] == "anonymous"


# Rules found by the blind batch E (tests/data/confidence_gold_e.jsonl); new sentences, one per rule.
BATCH_E_RULES = [
    pytest.param(
        "The interior ministry said photographs of the burned market in Gedaref had been staged.",
        "disputed",
        "official",
        id="said-the-images-were-staged",
    ),
    pytest.param(
        "A police spokesman said the video of officers beating a student in Lahore was old.",
        "disputed",
        "police",
        id="said-the-video-was-old",
    ),
    pytest.param(
        "The air force said the dead in the strike near Maiduguri were insurgents, not farmers.",
        "disputed",
        "military",
        id="recasting-the-victims-as-fighters",
    ),
    pytest.param(
        "The interior minister rebuffed allegations that police tortured detainees in Bamako.",
        "disputed",
        "official",
        id="rebuffed-allegations",
    ),
    pytest.param(
        "Residents said 20 villagers died in the bombardment; the army maintained that only militants were targeted.",
        "disputed",
        "military",
        id="a-second-source-maintained",
    ),
    pytest.param(
        "Russia said its air defences had shot down 12 drones over Crimea; "
        "the Ukrainian navy said all its drones had returned.",
        "disputed",
        "military",
        id="a-party-claim-and-another-account-across-a-semicolon",
    ),
    pytest.param(
        "A police spokesman said officers fired only into the air, "
        "contradicting students who said two classmates were shot.",
        "disputed",
        "police",
        id="contradicting-people-who-said",
    ),
    pytest.param(
        "Three herders died in a clash at the border, with Kyrgyz and Tajik border guards "
        "each saying the other had opened fire.",
        "disputed",
        "military",
        id="each-saying-the-other",
    ),
    pytest.param(
        "The defence ministry insisted no civilians were killed in the strikes on Idlib.",
        "disputed",
        "military",
        id="insisted-no-civilians-were-killed",
    ),
    pytest.param(
        "The governor said six people died in the flooding in Kano, "
        "far fewer than the 40 deaths recorded by the state emergency agency.",
        "disputed",
        "official",
        id="far-fewer-than-the-other-figure",
    ),
    pytest.param(
        "Figures compiled by the Kivu Security Tracker show 31 civilians were killed in Beni territory in March.",
        "attributed",
        "monitor",
        id="figures-compiled-by",
    ),
    pytest.param(
        "Two gendarmes were killed near Fada N'Gourma, according to a communique issued by the army general staff.",
        "confirmed",
        "military",
        id="a-statement-issued-by-is-its-issuers",
    ),
    pytest.param(
        "No group has claimed responsibility for the grenade attack on a bar in Bujumbura, "
        "which wounded 14 people, police said.",
        "confirmed",
        "police",
        id="no-group-has-claimed-is-no-claim",
    ),
    pytest.param(
        "The navy accepted responsibility for the collision that sank a fishing boat off Mindanao, "
        "killing three fishermen.",
        "confirmed",
        None,
        id="a-state-body-accepting-responsibility-admits",
    ),
    pytest.param(
        "Peru's interior ministry said the 5 police officers killed in the attack in Vizcatan "
        "were ambushed by a Shining Path faction.",
        "confirmed",
        "official",
        id="a-bare-participle-is-no-deed",
    ),
    pytest.param(
        "The national police said officers freed six kidnapped engineers in Zamfara on Friday.",
        "confirmed",
        "police",
        id="police-freeing-hostages-is-no-claim",
    ),
    pytest.param(
        "Jama'at Nusrat al-Islam wal-Muslimin said its fighters attacked a convoy near Timbuktu.",
        "claimed",
        "armed_group",
        id="jnim-by-its-full-name",
    ),
]


# `claimed` narrowed: a party claims the other side's losses or gains, not its routine acts.
CLAIM_NARROWED = [
    pytest.param(
        "Activists claimed that security forces killed 12 protesters in Zahedan.",
        "attributed",
        "monitor",
        id="claimed-by-no-party-is-a-report",
    ),
    pytest.param(
        "Police said officers fired tear gas at protesters outside parliament in Nairobi.",
        "confirmed",
        "police",
        id="police-firing-tear-gas-is-their-report",
    ),
    pytest.param(
        "The army said its troops launched an operation against bandits in Katsina on Monday.",
        "confirmed",
        "military",
        id="launching-an-operation-is-no-claim",
    ),
    pytest.param(
        "Police said officers seized 300 kilograms of heroin in a raid in Karachi.",
        "confirmed",
        "police",
        id="seizing-drugs-is-no-claim",
    ),
    pytest.param(
        "Police said they arrested 14 suspected militants in raids in Peshawar.",
        "confirmed",
        "police",
        id="arrests-are-no-claim",
    ),
    pytest.param(
        "The army said its troops had taken control of the village of Dibate.",
        "claimed",
        "military",
        id="taking-a-place-is-still-a-claim",
    ),
    pytest.param(
        "A UN spokesman said Russian forces lost about 300 troops in the assault on Vuhledar.",
        "confirmed",
        "official",
        id="losses-given-by-no-side",
    ),
    pytest.param(
        "Taliban spokesman Zabihullah Mujahid said the earthquake in Herat killed more than 1,000 people.",
        "attributed",
        "armed_group",
        id="an-armed-group-on-a-disaster-claims-nothing",
    ),
    pytest.param(
        "The governor said 12 bandits were killed by local hunters in Birnin Gwari.",
        "confirmed",
        "official",
        id="enemies-killed-by-a-third-party-are-no-claim",
    ),
    pytest.param(
        "The army said 12 bandits were killed in an air strike.",
        "claimed",
        "military",
        id="enemies-killed-with-no-doer-are-still-a-claim",
    ),
    pytest.param(
        "Officials said the death toll rose to 40, adding to the lives claimed by last year's cyclone in Beira.",
        "confirmed",
        "official",
        id="lives-claimed-by-a-cyclone-is-no-claim",
    ),
    pytest.param(
        "Police said they arrested three alleged members of the gang behind the kidnapping of 20 pupils in Kaduna.",
        "confirmed",
        "police",
        id="alleged-before-a-person-is-no-hedge",
    ),
]


MORE_DISPUTES = [
    pytest.param(
        "The ministry said the allegations of mass graves near Bucha were absurd.",
        "disputed",
        "official",
        id="said-the-allegations-were-absurd",
    ),
    pytest.param(
        "Accounts differed over who opened fire first at the market in Kidal, where nine people died.",
        "disputed",
        None,
        id="accounts-differed",
    ),
    pytest.param(
        "Both sides claimed to have repelled attacks along the front near Bakhmut on Tuesday.",
        "disputed",
        "unknown",
        id="both-sides-claimed",
    ),
    pytest.param(
        "The PKK distanced itself from the bombing in Ankara that killed two people.",
        "disputed",
        "armed_group",
        id="distanced-itself-from",
    ),
    pytest.param(
        "The ELN said it played no part in the killing of four soldiers near Saravena.",
        "disputed",
        "armed_group",
        id="played-no-part-in",
    ),
    pytest.param(
        "Hamas disavowed the stabbing attack in Tel Aviv that wounded three people.",
        "disputed",
        "armed_group",
        id="disavowed-the-attack",
    ),
]


SOURCE_TYPES_E = [
    pytest.param(
        "Doctors Without Borders said its teams treated 40 people wounded in the shelling of Kharkiv.",
        "confirmed",
        "medical",
        id="a-medical-charity-is-medical",
    ),
    pytest.param(
        "Police blamed the Ambazonia Defence Forces for the ambush near Bamenda, "
        "but a spokesman for the group said its fighters were not in the area.",
        "disputed",
        "armed_group",
        id="a-spokesman-for-the-group-speaks-for-the-group-named-before",
    ),
    pytest.param(
        "The mayor said four people were killed in the mudslide, "
        "far fewer than the 19 bodies received by the morgue in Bukavu.",
        "disputed",
        "medical",
        id="bodies-received-by-a-morgue-are-its-figure",
    ),
    pytest.param(
        "Hengaw said security forces shot dead two porters near Baneh, citing sources in the region.",
        "attributed",
        "monitor",
        id="a-named-source-citing-its-sources-stands-behind-them",
    ),
    pytest.param(
        "Reuters reported that 12 soldiers were killed near Diffa, citing security sources.",
        "unconfirmed",
        "anonymous",
        id="citing-described-anonymous-sources-still-hedges",
    ),
    pytest.param(
        "The Free Syrian Army said its fighters shelled a regime position near Azaz.",
        "claimed",
        "armed_group",
        id="a-non-state-army-by-name",
    ),
    pytest.param(
        "A village chief in Djugu said attackers killed nine people overnight.",
        "confirmed",
        "official",
        id="a-village-chief-is-an-official",
    ),
]


NEGATED_DISPUTES = [
    pytest.param(
        "Residents said 14 people died in the raid on Kumba. The defence ministry said that toll was wrong.",
        "disputed",
        "military",
        id="said-the-toll-was-wrong",
    ),
    pytest.param(
        "The governor said reports that soldiers had burned a village near Kajo Keji were not true.",
        "disputed",
        "official",
        id="said-the-reports-were-not-true",
    ),
    pytest.param(
        "The army said there had been no such attack on the camp at Tillia.",
        "disputed",
        "military",
        id="no-such-attack",
    ),
    pytest.param(
        "A spokesman for the ADF said the group had not carried out the massacre in Lubero.",
        "disputed",
        "armed_group",
        id="had-not-carried-out-is-a-denial",
    ),
    pytest.param(
        "Police said officers did not fire on the protesters in Conakry, where two people died.",
        "disputed",
        "police",
        id="did-not-fire-is-a-denial",
    ),
    pytest.param(
        "Residents said soldiers shot dead three fishermen near Lake Chad. "
        "The army, however, said the men were smugglers who had attacked a patrol.",
        "disputed",
        "military",
        id="however-inside-the-next-sentence",
    ),
    pytest.param(
        "Hospital officials in Kassala said 12 people were killed in the clashes. "
        "Police put the number of dead at four.",
        "disputed",
        "police",
        id="put-the-number-of-dead-at",
    ),
    pytest.param(
        "Police said three people died in the stampede; organisers said the toll was at least 11.",
        "disputed",
        "witness",
        id="the-toll-was-n-and-figures-on-each-side-of-a-semicolon",
    ),
    pytest.param(
        "The foreign ministry described the report of a massacre in Tigray as one-sided and biased.",
        "disputed",
        "official",
        id="described-the-report-as-biased",
    ),
    pytest.param(
        "Tribal elders said a drone strike killed six people in Datta Khel. "
        "Pakistan's military said it had no information about any strike in the area.",
        "disputed",
        "military",
        id="it-had-no-information-about",
    ),
    pytest.param(
        "Kurdish officials said Turkish drones killed four fighters near Qamishli, "
        "a version of events Ankara contradicted.",
        "disputed",
        "official",
        id="a-version-of-events-x-contradicted",
    ),
    pytest.param(
        "Local officials said 25 people were killed; the UN said at least 40 had died.",
        "disputed",
        "official",
        id="a-count-with-no-noun-is-of-people",
    ),
]


# Batch F: two sources that give different accounts with no dispute word.
DIFFERING_ACCOUNTS = [
    pytest.param(
        "One villager said the soldiers came at dawn; another said they arrived after dark.",
        "disputed",
        "witness",
        id="one-x-said-another-said",
    ),
    pytest.param(
        "One shopkeeper said the fire started in a generator. A second said it was set by looters.",
        "disputed",
        "witness",
        id="one-x-said-a-second-said",
    ),
    pytest.param(
        "Five people were killed in a bomb blast at a market in Kano on Friday, police said. "
        "A hospital official said the dead were all women.",
        "confirmed",
        "police",
        id="a-second-source-adding-who-the-victims-were-is-no-dispute",
    ),
    pytest.param(
        "Rights group Halvash said border guards shot five smugglers near Saravan. "
        "A local imam also said the five were smugglers.",
        "confirmed",
        "monitor",
        id="a-second-source-that-agrees-is-no-dispute",
    ),
]


# Batch F: a second source giving the same figure confirms; source types in new words.
AGREEING_AND_TYPES_F = [
    pytest.param(
        "Rights group Halvash said three porters were shot dead near Sardasht, "
        "a toll also given by the local news site Kurdpa.",
        "confirmed",
        "monitor",
        id="a-toll-also-given-by",
    ),
    pytest.param(
        "A waiter at the cafe told Reuters that two men opened fire on customers in Ciudad Juarez.",
        "attributed",
        "witness",
        id="a-waiter-is-a-witness",
    ),
    pytest.param(
        "The bomb squad said the device that exploded outside the court in Quetta weighed 5 kg.",
        "confirmed",
        "police",
        id="a-bomb-squad-is-police",
    ),
    pytest.param(
        "The provincial search and rescue office said 14 people died when the ferry sank off Sulawesi.",
        "confirmed",
        "official",
        id="a-search-and-rescue-office-is-official",
    ),
]


# Batch G: differing accounts with no dispute word: one count of the dead against another
# source's count of anyone dead, a new source introduced by its owner and name, different causes
# or perpetrators.
DIFFERING_ACCOUNTS_G = [
    pytest.param(
        (
            "Officials said nine prisoners died in the fire at the jail in Comayagua. A doctor at the regional "
            "hospital said 14 bodies were brought to the morgue."
        ),
        "disputed",
        "medical",
        id="one-count-of-the-dead-against-a-count-of-bodies",
    ),
    pytest.param(
        (
            "Police said four people were killed in a shooting at a tavern in Soweto on Friday. The tavern's owner, "
            "John Dlamini, told the Sowetan that six people died."
        ),
        "disputed",
        "witness",
        id="a-definite-source-with-an-owner-and-a-name-is-new",
    ),
    pytest.param(
        (
            "Port officials said a faulty electrical cable started the fire that gutted the ferry terminal in Dar es "
            "Salaam. Residents told the Citizen newspaper that youths had thrown petrol bombs at the building."
        ),
        "disputed",
        "witness",
        id="two-sources-giving-different-causes",
    ),
    pytest.param(
        (
            "Police blamed bandits for the killing of five traders near Gusau. A local chief said the attackers were "
            "vigilantes."
        ),
        "disputed",
        "official",
        id="two-sources-naming-different-perpetrators",
    ),
]


# Batch G: source types in words the lexicon did not hold (roles, bodies, UN agencies, anonymity
# by description, a platform tied to an armed group).
SOURCE_TYPES_G = [
    pytest.param(
        "The harbour master of Mombasa said two crew members died when fire broke out on a tanker.",
        "confirmed",
        "official",
        id="a-harbour-master-is-official",
    ),
    pytest.param(
        "A midwife at the health centre in Rutshuru said five women were wounded in the shelling.",
        "confirmed",
        "medical",
        id="a-midwife-is-medical",
    ),
    pytest.param(
        "Uganda's Criminal Investigations Directorate said three bodies were recovered from a swamp near Mukono.",
        "confirmed",
        "police",
        id="criminal-investigations-are-police",
    ),
    pytest.param(
        "Ukraine's 47th Mechanised Brigade said its units destroyed three Russian armoured vehicles near Pokrovsk.",
        "claimed",
        "military",
        id="a-brigade-is-military",
    ),
    pytest.param(
        "The fire brigade in Naples said three firefighters were injured when a gas cylinder exploded in a flat.",
        "confirmed",
        "official",
        id="a-fire-brigade-is-official",
    ),
    pytest.param(
        "The Emergency Response Rooms in El Obeid said shelling killed seven people at a bakery.",
        "attributed",
        "monitor",
        id="emergency-response-rooms-are-monitors",
    ),
    pytest.param(
        "The World Food Programme said gunmen looted two of its trucks and killed a driver in Jonglei.",
        "attributed",
        "monitor",
        id="a-un-agency-is-a-monitor",
    ),
    pytest.param(
        "Workers at the sawmill told AFP that a boiler exploded in Kisangani, killing two men.",
        "attributed",
        "witness",
        id="workers-are-witnesses",
    ),
    pytest.param(
        "Aid workers said gunmen abducted four nurses from a clinic outside Maiduguri.",
        "attributed",
        "monitor",
        id="aid-workers-are-monitors",
    ),
    pytest.param(
        "Three people briefed on the inquiry said guards had beaten the prisoner to death in Mandalay.",
        "unconfirmed",
        "anonymous",
        id="people-briefed-on-are-anonymous",
    ),
    pytest.param(
        "A teacher in the town, who did not want his name published, said soldiers shot two pupils in Bambari.",
        "unconfirmed",
        "anonymous",
        id="a-name-kept-back-is-anonymous",
    ),
    pytest.param(
        "Voice notes circulating among residents of Kitchanga said rebels had burned the market.",
        "unconfirmed",
        "unknown",
        id="messages-circulating-on-any-platform-are-unconfirmed",
    ),
    pytest.param(
        (
            "Black Sun, a Telegram blog linked to the Wagner group, said Russian instructors had killed 15 rebels "
            "near Anefis."
        ),
        "claimed",
        "armed_group",
        id="a-platform-tied-to-an-armed-group-is-its-outlet",
    ),
]


# Batch H: sources the lexicon does not list, typed by the shape of their names.
SOURCE_TYPES_H = [
    pytest.param(
        "The mining inspectorate said three men died when a shaft flooded at a gold mine near Obuasi.",
        "confirmed",
        "official",
        id="a-generic-body-is-official",
    ),
    pytest.param(
        "The regional gendarmerie command in Batna said a bomb went off beside a patrol, wounding two gendarmes.",
        "confirmed",
        "police",
        id="a-body-takes-the-type-of-what-it-is-a-body-of",
    ),
    pytest.param(
        "The county pathologist's office said a woman found in a burnt car near Eldoret had been strangled.",
        "confirmed",
        "medical",
        id="an-office-is-its-holders",
    ),
    pytest.param(
        "The national union of dockworkers said a crane crushed two of its members to death at the port of Tema.",
        "attributed",
        "monitor",
        id="a-union-of-workers-is-a-trade-union",
    ),
    pytest.param(
        "The Sagaing Defence Brotherhood said its fighters had ambushed a convoy near Kalay, killing nine soldiers.",
        "claimed",
        "armed_group",
        id="a-body-is-what-its-members-are",
    ),
    pytest.param(
        "The National Investigation Agency said it arrested six men over the bombing of a temple in Kerala.",
        "confirmed",
        "police",
        id="an-investigation-agency-is-police",
    ),
    pytest.param(
        "Katiba Serma claimed the ambush near Boni that killed four soldiers on Sunday.",
        "claimed",
        "armed_group",
        id="a-katiba-is-an-armed-group",
    ),
]


# Victims put in different classes: one source's dead are combatants, another's civilians, and
# one of them says what the dead were. Guards: detail added, both classes from one source, the
# same source twice, two sources agreeing.
VICTIM_IDENTITY = [
    pytest.param(
        (
            "The army said its jets killed 16 terrorists in a strike on a hideout near Tessit. Residents said the "
            "dead were gold miners."
        ),
        "disputed",
        "witness",
        id="enemies-killed-against-the-dead-as-civilians",
    ),
    pytest.param(
        "Police said the three men shot dead in Kisumu were armed robbers; relatives said they were unarmed traders.",
        "disputed",
        "witness",
        id="the-dead-as-criminals-against-them-as-unarmed",
    ),
    pytest.param(
        (
            "The rebels' radio station said its fighters killed 40 soldiers near Kalehe. The provincial governor "
            "said most of the dead were civilians."
        ),
        "disputed",
        "official",
        id="soldiers-killed-against-most-of-the-dead-as-civilians",
    ),
    pytest.param(
        (
            "A police statement said four kidnappers were killed in a gunfight near Kaduna. Relatives said the men "
            "were students and had been shot at a checkpoint."
        ),
        "disputed",
        "witness",
        id="the-men-who-were-shot-as-students",
    ),
    pytest.param(
        (
            "The defence ministry said nine guerrillas died in the bombing of a camp in Cauca. A local rights group "
            "said those killed were labourers, not fighters."
        ),
        "disputed",
        "monitor",
        id="those-killed-as-labourers-not-fighters",
    ),
    pytest.param(
        (
            "The army said it killed 12 militants in an air strike near Tessit. A hospital official said the dead "
            "included two women."
        ),
        "claimed",
        "military",
        id="detail-added-to-the-dead-disputes-nothing",
    ),
    pytest.param(
        ("The army said it killed 20 militants near Tessit. Residents said three civilians were also killed."),
        "claimed",
        "military",
        id="civilians-also-killed-add-to-the-dead",
    ),
    pytest.param(
        "A local official said the dead were five soldiers and three civilians.",
        "confirmed",
        "official",
        id="one-source-naming-soldiers-and-civilians",
    ),
    pytest.param(
        (
            "Police said the three men shot dead in Kisumu were armed robbers. The police commander said they were "
            "students at a local college."
        ),
        "confirmed",
        "police",
        id="the-same-source-twice-is-no-dispute",
    ),
    pytest.param(
        "Residents said soldiers killed nine farmers near Djibo. A local official said the dead were civilians.",
        "confirmed",
        "witness",
        id="two-sources-agreeing-the-dead-were-civilians",
    ),
    pytest.param(
        (
            "The army said five soldiers died in the ambush near Tessit. A local official said three civilians "
            "were killed."
        ),
        "confirmed",
        "military",
        id="dead-on-both-sides-without-a-recast",
    ),
    pytest.param(
        "The army said its jets destroyed a weapons depot near Gao. Residents said the strike killed four herdsmen.",
        "disputed",
        "witness",
        id="a-depot-destroyed-against-herdsmen-killed",
    ),
    pytest.param(
        (
            "The defence ministry said the drone struck a rebel base outside Kidal. Villagers said the drone hit a "
            "wedding party and the dead were civilians."
        ),
        "disputed",
        "witness",
        id="a-rebel-base-struck-against-a-wedding-hit",
    ),
    pytest.param(
        "The air force said it targeted a militant hideout in Zamfara. A local official said the dead were villagers.",
        "disputed",
        "official",
        id="a-hideout-targeted-against-the-dead-as-villagers",
    ),
    pytest.param(
        "The army said its jets struck a rebel base near Kidal, killing three civilians nearby.",
        "claimed",
        "military",
        id="a-base-struck-and-civilians-killed-by-one-source",
    ),
    pytest.param(
        "The army said its jets struck a rebel base near Kidal. A local official said the strike hit the rebel camp.",
        "claimed",
        "military",
        id="two-sources-agreeing-a-camp-was-hit",
    ),
    pytest.param(
        "The army said its jets struck a rebel base near Kidal. The army spokesman said the dead were civilians.",
        "claimed",
        "military",
        id="a-base-struck-and-civilian-dead-from-the-same-source",
    ),
    pytest.param(
        "The army said its jets struck a rebel base near Kidal. A hospital official said 12 people were killed.",
        "claimed",
        "military",
        id="a-base-struck-and-a-toll-without-a-class",
    ),
    pytest.param(
        "The army said its jets struck a refugee camp near Kidal. Residents said the dead were civilians.",
        "claimed",
        "military",
        id="a-refugee-camp-is-no-combatant-target",
    ),
]


# Batch I: sources in constructions a parser loses, disputes in fresh shapes, source types by
# fresh names (each fails without its rule; the guards pass either way).
BATCH_I_RULES = [
    pytest.param(
        (
            "The governor of Zaporizhzhia, Ivan Fedorov, posted on Telegram that a missile had hit a bus, killing"
            " four passengers."
        ),
        "confirmed",
        "official",
        id="a-sentence-parsed-as-a-noun-phrase-that-opens-with-its-source",
    ),
    pytest.param(
        (
            "In comments aired on Monday by the public broadcaster RTS, Senegal's interior minister said two "
            "students had died in clashes with police in Thies."
        ),
        "confirmed",
        "official",
        id="a-phrase-before-the-comma-does-not-type-the-source",
    ),
    pytest.param(
        (
            "Fighters of the Kachin Independence Army seized a police post near Bhamo on Tuesday, the group's "
            "spokesman, Naw Bu, said."
        ),
        "claimed",
        "armed_group",
        id="the-groups-spokesman-speaks-for-the-group-named-before",
    ),
    pytest.param(
        ("Major Salif Traore, who leads the garrison at Boni, said his men had killed 11 jihadists during the night."),
        "claimed",
        "military",
        id="a-commanders-men-are-his-side",
    ),
    pytest.param(
        "A teacher said his men had killed 11 jihadists during the night.",
        "attributed",
        "witness",
        id="his-men-from-a-witness-are-no-side",
    ),
    pytest.param(
        (
            "Police said three people died in the fire. A doctor who treated the wounded said the real figure was"
            " closer to 12."
        ),
        "disputed",
        "medical",
        id="a-figure-closer-to-another-number",
    ),
    pytest.param(
        (
            "The district officer said 22 people drowned when the boat sank. The coast guard later corrected the "
            "toll to 14."
        ),
        "disputed",
        "military",
        id="a-toll-corrected-by-a-second-source",
    ),
    pytest.param(
        (
            "Villagers said soldiers shot dead five herders near Mopti. The army said no troops had been deployed"
            " in the area."
        ),
        "disputed",
        "military",
        id="a-party-saying-no-troops-of-its-own-were-there",
    ),
    pytest.param(
        (
            "Villagers said gunmen shot dead five herders near Mopti. The army said no soldiers were wounded in "
            "the fighting."
        ),
        "confirmed",
        "witness",
        id="no-soldiers-wounded-is-no-denial",
    ),
    pytest.param(
        (
            "A local official said an air strike killed nine civilians in the village. The air force said it had "
            "no indication of civilian casualties."
        ),
        "disputed",
        "military",
        id="no-indication-of-civilian-casualties",
    ),
    pytest.param(
        (
            "The company said four miners were killed in the blast. Union officials disagreed, saying at least 15"
            " workers had been underground."
        ),
        "disputed",
        "monitor",
        id="a-source-disagreeing-without-an-object",
    ),
    pytest.param(
        "Contrary to the army's account of a rebel ambush, residents said soldiers had opened fire on a bus.",
        "disputed",
        "witness",
        id="contrary-to-a-sources-account",
    ),
    pytest.param(
        "Contrary to expectations, police said the march ended peacefully after 12 arrests.",
        "confirmed",
        "police",
        id="contrary-to-no-statement-is-no-dispute",
    ),
    pytest.param(
        ("Five soldiers were killed in the ambush. The figure, given by a military source, could not be verified."),
        "unconfirmed",
        "anonymous",
        id="the-giver-of-a-figure-is-its-source",
    ),
    pytest.param(
        ("The transport workers' federation said two men were crushed to death when a crane collapsed at the port."),
        "attributed",
        "monitor",
        id="a-workers-federation-is-civil-society",
    ),
    pytest.param(
        "Odhikar, a Dhaka-based rights organisation, said 11 people had been killed in clashes since Friday.",
        "attributed",
        "monitor",
        id="a-rights-organisation",
    ),
    pytest.param(
        "The Kenya Broadcasting Corporation reported that three people were killed in the clashes in Marsabit.",
        "attributed",
        "media",
        id="a-broadcasting-corporation",
    ),
    pytest.param(
        "The national emergency operations centre said 40 people had died in the floods.",
        "confirmed",
        "official",
        id="an-emergency-operations-centre",
    ),
    pytest.param(
        "A pro-Kremlin blogger said Ukrainian drones had hit a fuel depot in Bryansk, killing two guards.",
        "attributed",
        "media",
        id="a-pro-kremlin-blogger-is-not-the-kremlin",
    ),
    pytest.param(
        "A government doctor at the district hospital said 14 bodies had been brought in after the clashes.",
        "confirmed",
        "medical",
        id="a-government-doctor-is-a-doctor",
    ),
    pytest.param(
        "The Jakarta Globe reported that seven people were killed when a bomb exploded at a market in Poso.",
        "attributed",
        "media",
        id="a-newspaper-by-its-masthead",
    ),
    pytest.param(
        (
            "Sarah Dubois, an analyst at a Paris risk consultancy, said satellite images showed the strike had "
            "destroyed three hangars at the airfield."
        ),
        "attributed",
        "analyst",
        id="images-a-named-source-cites",
    ),
    pytest.param(
        "Satellite images showed the strike had destroyed three hangars at the airfield.",
        "unconfirmed",
        "unknown",
        id="images-alone-stay-hedged",
    ),
    pytest.param(
        (
            "A police officer speaking on condition of anonymity said eight people were killed in the attack, a "
            "toll later confirmed by the regional governor."
        ),
        "confirmed",
        "official",
        id="an-anonymous-account-confirmed-by-an-authority",
    ),
    pytest.param(
        (
            "A police officer speaking on condition of anonymity said eight people were killed, and a second "
            "officer who asked not to be named confirmed the toll."
        ),
        "unconfirmed",
        "anonymous",
        id="an-anonymous-confirmer-stays-hedged",
    ),
    pytest.param(
        "Messages shared in neighbourhood WhatsApp groups said gunmen had killed four traders at the market.",
        "unconfirmed",
        "unknown",
        id="a-platform-group-with-no-owner-names-nobody",
    ),
    pytest.param(
        "Several Facebook pages reported that 15 people were killed in the clashes.",
        "unconfirmed",
        "unknown",
        id="platform-pages-with-no-owner-name-nobody",
    ),
    pytest.param(
        (
            "Fighters of the Karen National Union overran an army camp near Myawaddy, the group's spokesman said."
            " He added that 12 soldiers had been killed and others had fled."
        ),
        "claimed",
        "armed_group",
        id="he-after-a-groups-spokesman-is-the-spokesman",
    ),
    pytest.param(
        (
            "Police said two people were killed in the riot, and doctors at the city hospital said seven bodies "
            "had been brought in."
        ),
        "disputed",
        "medical",
        id="the-figures-of-each-source-in-one-sentence",
    ),
    pytest.param(
        (
            "Police said two people were killed in the riot, and doctors at the city hospital said two bodies had"
            " been brought in."
        ),
        "confirmed",
        "police",
        id="the-figures-of-two-sources-agreeing-in-one-sentence",
    ),
    pytest.param(
        (
            "The Ugandan government said two people died in post-election clashes in Kampala, but the opposition "
            "party NUP said at least 30 of its supporters were killed."
        ),
        "disputed",
        "official",
        id="a-name-parsed-as-a-second-subject",
    ),
    pytest.param(
        (
            "A group calling itself the Free Delta Brigade claimed responsibility for the attack on the pipeline "
            "that killed three guards."
        ),
        "claimed",
        "armed_group",
        id="a-group-calling-itself-a-brigade",
    ),
    pytest.param(
        (
            "A group calling itself the Delta Human Rights Forum said 12 people had been killed in the raid on "
            "the village."
        ),
        "attributed",
        "monitor",
        id="a-group-calling-itself-a-rights-forum",
    ),
]


# Batch J: the misses of the blind batch confidence_gold_j.jsonl, one hand-written sentence per rule.
BATCH_J_RULES = [
    pytest.param(
        (
            "District officials said seven people drowned when a ferry capsized on Lake Kivu. A regional "
            "legislator, Jean-Paul Habimana, put the number of dead at 19."
        ),
        "disputed",
        "official",
        id="a-person-named-in-apposition-is-not-one-more-unnamed-official",
    ),
    pytest.param(
        (
            "District officials said seven people drowned when a ferry capsized on Lake Kivu. Provincial officials "
            "put the number of dead at 19."
        ),
        "confirmed",
        "official",
        id="guard-two-unnamed-officials-of-one-type-stay-one-source",
    ),
    pytest.param(
        (
            "Police said the teacher was stabbed outside the school gate on Monday. Her husband told reporters she "
            "had been shot in the chest."
        ),
        "disputed",
        "witness",
        id="a-knife-against-a-gun-is-a-different-means",
    ),
    pytest.param(
        (
            "Police said the teacher was shot outside the school gate on Monday. Her husband told reporters she "
            "had been shot in the chest."
        ),
        "confirmed",
        "police",
        id="guard-the-same-means-twice-agrees",
    ),
    pytest.param(
        (
            "At least 30 people were killed in attacks on three villages in North Darfur, the UN Office for the "
            "Coordination of Humanitarian Affairs said."
        ),
        "attributed",
        "monitor",
        id="the-un-humanitarian-office-by-its-full-name-is-a-monitor",
    ),
    pytest.param(
        "Two firefighters died when a warehouse collapsed in Ibadan, the Oyo State Fire and Rescue Service said.",
        "confirmed",
        "official",
        id="a-fire-and-rescue-service-is-a-state-body",
    ),
    pytest.param(
        (
            "Officials said a lone attacker threw a grenade into the crowd at the rally in Kandy, killing four "
            "people. A police officer at the scene, Sunil Perera, told reporters that at least three masked men had "
            "taken part."
        ),
        "disputed",
        "police",
        id="one-attacker-against-three-masked-men",
    ),
    pytest.param(
        (
            "Officials said a lone attacker threw a grenade into the crowd at the rally in Kandy, killing four "
            "people. A police officer at the scene, Sunil Perera, told reporters that the attacker had fled on foot."
        ),
        "confirmed",
        "official",
        id="guard-the-attacker-with-no-number",
    ),
    pytest.param(
        (
            "Police said six gunmen stormed the bank in Ngozi and killed two guards. A local official, Eric "
            "Ndayishimiye, said three gunmen were arrested near the border on Tuesday."
        ),
        "confirmed",
        "police",
        id="guard-attackers-arrested-are-not-how-many-attacked",
    ),
    pytest.param(
        (
            "Police said two gunmen stormed the bank in Ngozi and killed two guards. A witness, Eric Ndayishimiye, "
            "said two gunmen waited outside on motorbikes."
        ),
        "confirmed",
        "police",
        id="guard-the-same-number-of-attackers",
    ),
    pytest.param(
        (
            "Residents of Kumbo said soldiers had shot dead four young men at a roadblock on Friday. The regional "
            "governor said the four had been killed by separatists who attacked the roadblock."
        ),
        "disputed",
        "official",
        id="doers-of-different-sides-soldiers-against-separatists",
    ),
    pytest.param(
        (
            "A local radio station reported that rebels had executed nine traders near Beni. A rebel spokesman said "
            "the traders had been killed by pro-government militiamen."
        ),
        "disputed",
        "armed_group",
        id="militiamen-called-pro-government-are-the-state-side",
    ),
    pytest.param(
        (
            "Residents of Kumbo said separatists had shot dead four young men at a roadblock on Friday. The regional "
            "governor said the four had been killed by separatists who attacked the roadblock."
        ),
        "confirmed",
        "witness",
        id="guard-doers-of-one-side-agree",
    ),
    pytest.param(
        (
            "Police said gunmen killed five villagers in Bokkos on Sunday. The army said troops later killed three "
            "of the gunmen in a forest nearby."
        ),
        "claimed",
        "military",
        id="guard-one-sources-doers-are-the-others-victims-two-deeds",
    ),
    pytest.param(
        (
            "The army said its soldiers returned fire after gunmen attacked a patrol near Ghazni, killing two "
            "soldiers. Villagers said the soldiers had shot first."
        ),
        "disputed",
        "witness",
        id="a-second-source-saying-who-shot-first",
    ),
    pytest.param(
        (
            "Police said the gunmen fired first when officers stopped their car near Matamoros, and two of them "
            "were killed."
        ),
        "confirmed",
        "police",
        id="guard-one-source-saying-who-fired-first",
    ),
    pytest.param(
        "Police killed three demonstrators in Kisumu on Monday, an opposition senator, Mary Atieno, told reporters.",
        "attributed",
        "official",
        id="an-opposition-politician-is-no-party-and-no-independent-authority",
    ),
    pytest.param(
        (
            "Four people were injured when a wall collapsed at a campaign rally in Gweru, a ruling party spokesman, "
            "Chris Mutsvangwa, said."
        ),
        "attributed",
        "official",
        id="a-party-spokesman-is-one-sides-voice",
    ),
    pytest.param(
        "Seven peacekeepers were killed in an ambush near Beni, the African Union said.",
        "confirmed",
        "official",
        id="guard-a-union-of-states-by-its-name-is-a-body",
    ),
    pytest.param(
        "Police killed three gunmen in Kisumu on Monday, the interior minister told reporters.",
        "claimed",
        "official",
        id="guard-a-government-minister-speaks-for-the-states-forces",
    ),
]


# Batch K: source-type data, hedges and denials as whole phrases, a cited source after the
# report, and deaths told in exclusive circumstances.
BATCH_K_RULES = [
    pytest.param(
        "Inter-Services Public Relations said three soldiers died when militants attacked a checkpoint in Khyber.",
        "confirmed",
        "military",
        id="the-military-media-wing-by-name",
    ),
    pytest.param(
        "The Darfur Lawyers group said 40 people were killed in the attack on Misterei.",
        "attributed",
        "monitor",
        id="a-lawyers-group-without-apostrophe",
    ),
    pytest.param(
        "Her classmates said the student was stabbed outside the school gate in Soweto.",
        "attributed",
        "witness",
        id="classmates-are-witnesses",
    ),
    pytest.param(
        (
            "Officials in Kasai said 23 people drowned when a boat capsized on the river, adding that the toll "
            "was still being verified."
        ),
        "unconfirmed",
        "official",
        id="a-toll-still-being-verified",
    ),
    pytest.param(
        "A spokesman for the Sudanese army said there was no truth in reports that its aircraft had bombed a market.",
        "disputed",
        "military",
        id="no-truth-in-reports",
    ),
    pytest.param(
        (
            "Amnesty International said soldiers killed at least 30 villagers in Tillia in March, citing testimony "
            "from 12 survivors and relatives."
        ),
        "attributed",
        "monitor",
        id="the-sources-a-monitor-cites-after-its-report-are-its-own",
    ),
    pytest.param(
        (
            "Philippine police said the drug suspect died in a shootout with officers in Caloocan. Witnesses said "
            "he was handcuffed when he was shot."
        ),
        "disputed",
        "witness",
        id="a-shootout-against-a-handcuffed-man",
    ),
    pytest.param(
        (
            "Kenyan police said the student was killed in crossfire between officers and robbers. His classmates "
            "said officers shot him in custody at the Kayole station."
        ),
        "disputed",
        "witness",
        id="crossfire-against-custody",
    ),
    pytest.param(
        (
            "Police said the suspect was shot in a firefight after escaping custody. Residents said they heard "
            "gunfire for an hour."
        ),
        "confirmed",
        "police",
        id="guard: one source naming both circumstances disputes nothing",
    ),
    pytest.param(
        (
            "The army said the transport plane crashed near Gao because of a technical fault. Rebels said they "
            "had shot it down."
        ),
        "disputed",
        "armed_group",
        id="a-technical-fault-against-a-shooting",
    ),
    pytest.param(
        (
            "Officials said the fire at the fuel depot in Kassala was an accident. A separatist group claimed it "
            "had attacked the depot with drones."
        ),
        "disputed",
        "armed_group",
        id="an-accident-against-a-claimed-drone-attack",
    ),
    pytest.param(
        "Police said three farmers were killed in the raid on Kpanda. A local chief said 11 villagers died.",
        "disputed",
        "official",
        id="two-counts-of-civilian-dead-by-different-nouns",
    ),
    pytest.param(
        "The army said two soldiers were killed in the raid on Kpanda. Residents said five villagers died.",
        "confirmed",
        "military",
        id="guard: soldiers and villagers are different dead",
    ),
    pytest.param(
        "The army said it killed 40 jihadists near Djibo. Amnesty said most of the 60 dead were farmers.",
        "disputed",
        "monitor",
        id="most-of-the-60-dead-were-civilians",
    ),
    pytest.param(
        (
            "Officials in Odesa said the drone hit an apartment block, killing six. Russia's defence ministry said "
            "it had struck a military depot."
        ),
        "disputed",
        "military",
        id="an-apartment-block-against-a-depot",
    ),
    pytest.param(
        "The ministry said the Amnesty report was full of falsehoods.",
        "disputed",
        "official",
        id="a-report-full-of-falsehoods",
    ),
    pytest.param(
        "Police said the rally in Lilongwe turned violent. Organisers said the march had been peaceful.",
        "disputed",
        "witness",
        id="a-violent-rally-against-a-peaceful-march",
    ),
    pytest.param(
        "Police said a peaceful march in Lilongwe turned violent. Residents said officers fired tear gas.",
        "confirmed",
        "police",
        id="guard: one source telling both the peaceful march and the violence disputes nothing",
    ),
    pytest.param(
        "Police in Kaduna said no shooting occurred at the market on Friday.",
        "disputed",
        "police",
        id="no-event-took-place",
    ),
    pytest.param(
        "Gunmen killed four traders in Kaduna on Friday. Police said no arrests had taken place.",
        "confirmed",
        "police",
        id="guard: no arrests taking place denies no event",
    ),
    pytest.param(
        "Firefighters said nine people died when a fire swept through a hostel in Johannesburg.",
        "confirmed",
        "official",
        id="firefighters-are-a-state-service",
    ),
    pytest.param(
        "Eleven miners were killed in the collapse, a mine manager who declined to give his name told AFP.",
        "unconfirmed",
        "anonymous",
        id="declined-to-give-his-name",
    ),
    pytest.param(
        "A shopkeeper in Gao, speaking by phone and fearing reprisals, said soldiers executed four men at the market.",
        "unconfirmed",
        "anonymous",
        id="a-name-kept-back-for-fear-of-reprisals",
    ),
    pytest.param(
        "Floods swept through villages near Derna overnight, and the number of dead remains unclear.",
        "unconfirmed",
        "unknown",
        id="the-number-of-dead-remains-unclear",
    ),
    pytest.param(
        "The army said the strike hit a rebel camp near Mweso. Residents said the dead were women and children.",
        "disputed",
        "witness",
        id="women-and-children-against-a-rebel-camp",
    ),
]


# Batch K: source types by names and titles the lexicon lacked (probed on sentences written
# for this, not taken from the gold).
SOURCE_TYPES_K = [
    pytest.param(
        "The UN refugee agency said 60 people drowned when a boat carrying migrants sank off Djibouti.",
        "attributed",
        "monitor",
        id="a-un-agency-by-its-descriptive-name",
    ),
    pytest.param(
        "The Guardia Civil said two officers died when a drug boat rammed their patrol in Barbate.",
        "confirmed",
        "police",
        id="a-national-police-force-by-its-own-name",
    ),
    pytest.param(
        "The Tatmadaw said 14 soldiers were killed in an ambush in Sagaing.",
        "confirmed",
        "military",
        id="an-army-by-its-own-name",
    ),
    pytest.param(
        "The Border Security Force said two smugglers were shot dead near the border in Punjab.",
        "confirmed",
        "military",
        id="a-border-paramilitary-under-military-command",
    ),
    pytest.param(
        "The Sinaloa cartel said in a banner that six rivals were killed in Culiacan.",
        "claimed",
        "armed_group",
        id="a-cartel-is-a-party",
    ),
    pytest.param(
        "The Ansar al-Sharia group said an army post near Derna was destroyed.",
        "claimed",
        "armed_group",
        id="an-armed-group-by-name",
    ),
    pytest.param(
        "The Kurdistan Workers' Party said Turkish drones killed four of its fighters in northern Iraq.",
        "claimed",
        "armed_group",
        id="a-party-by-name-not-its-workers",
    ),
    pytest.param(
        "The church leader said 30 people died in the clashes.",
        "attributed",
        "witness",
        id="a-church-leader",
    ),
    pytest.param(
        "The Economic Community of West African States said three peacekeepers were killed in Guinea-Bissau.",
        "confirmed",
        "official",
        id="a-regional-bloc-by-its-full-name",
    ),
    pytest.param(
        "Ukraine's State Emergency Service said rescuers pulled 11 bodies from the rubble in Dnipro.",
        "confirmed",
        "official",
        id="a-state-emergency-service",
    ),
    pytest.param(
        "The regional health director, Amina Bello, said 18 people died of cholera after the floods.",
        "confirmed",
        "official",
        id="a-health-director",
    ),
    pytest.param(
        "The High Court in Lahore said the two men were killed in custody.",
        "confirmed",
        "official",
        id="a-court",
    ),
]


# Issue 4: one event set on different days, times of day or places by two independent sources.
SETTINGS = [
    pytest.param(
        (
            "Police said gunmen stormed a mosque in Garoua on Friday, killing six worshippers. A local imam, "
            "Ibrahim Bello, said the attack happened on Thursday."
        ),
        "disputed",
        "witness",
        id="the-attack-on-another-day",
    ),
    pytest.param(
        (
            "Police said the two aid workers were kidnapped on Saturday near the border. Their organisation said "
            "they had been missing since Wednesday."
        ),
        "disputed",
        "unknown",
        id="missing-since-an-earlier-day",
    ),
    pytest.param(
        (
            "Fire officials said the blaze broke out at the textile factory at dawn and killed nine workers. A "
            "security guard, Samuel Osei, said he saw the fire in the late evening."
        ),
        "disputed",
        "witness",
        id="the-fire-seen-at-another-time-of-day",
    ),
    pytest.param(
        (
            "Soldiers said the convoy was ambushed outside Mopti, killing eight soldiers. A regional official, "
            "Amadou Traore, said the ambush happened near Djenne."
        ),
        "disputed",
        "official",
        id="the-ambush-near-another-town",
    ),
    pytest.param(
        (
            "Police said gunmen stormed a mosque in Garoua on Friday, killing six worshippers. A local imam, "
            "Ibrahim Bello, said the attack happened at dawn."
        ),
        "confirmed",
        "police",
        id="guard-a-time-of-day-added-to-the-day",
    ),
    pytest.param(
        (
            "Police said gunmen stormed a mosque in Garoua on Friday, killing six worshippers. A local imam, "
            "Ibrahim Bello, said gunmen attacked a church in Maroua on Sunday."
        ),
        "confirmed",
        "police",
        id="guard-another-attack-on-another-day-and-place",
    ),
    pytest.param(
        (
            "Police said the two aid workers were kidnapped on Saturday near the border. Their organisation said "
            "they had been working in the area since Wednesday."
        ),
        "confirmed",
        "police",
        id="guard-since-an-earlier-day-of-something-else",
    ),
    pytest.param(
        (
            "Fire officials said the blaze broke out at the textile factory at dawn and killed nine workers. A "
            "security guard, Samuel Osei, said he saw the fire at about six in the morning."
        ),
        "confirmed",
        "official",
        id="guard-an-hour-within-dawn",
    ),
    pytest.param(
        (
            "Fire officials said the blaze broke out at the textile factory at dawn and killed nine workers. A "
            "security guard, Samuel Osei, said the owners had left the site in the evening."
        ),
        "confirmed",
        "official",
        id="guard-the-evening-of-another-act",
    ),
    pytest.param(
        (
            "Soldiers said the convoy was ambushed outside Mopti, killing eight soldiers. A regional official, "
            "Amadou Traore, said the ambush happened in the Mopti region of Mali."
        ),
        "confirmed",
        "military",
        id="guard-the-region-around-the-town",
    ),
    pytest.param(
        (
            "Soldiers said the convoy was ambushed outside Mopti, killing eight soldiers. A regional official, "
            "Amadou Traore, said the wounded were taken to a hospital in Sevare."
        ),
        "confirmed",
        "military",
        id="guard-a-place-of-another-act",
    ),
    pytest.param(
        (
            "Soldiers said the convoy was ambushed outside Mopti, killing eight soldiers. A regional official, "
            "Amadou Traore, said another convoy was ambushed near Djenne."
        ),
        "confirmed",
        "military",
        id="guard-another-ambush-near-another-town",
    ),
]


# One rule, one sentence: the cases above, grouped by the gold batch whose misses prompted them.
RULE_SENTENCES = [
    *GENERAL_RULES,
    *BATCH_E_RULES,
    *CLAIM_NARROWED,
    *MORE_DISPUTES,
    *SOURCE_TYPES_E,
    *NEGATED_DISPUTES,
    *DIFFERING_ACCOUNTS,
    *AGREEING_AND_TYPES_F,
    *DIFFERING_ACCOUNTS_G,
    *SOURCE_TYPES_G,
    *SOURCE_TYPES_H,
    *VICTIM_IDENTITY,
    *BATCH_I_RULES,
    *BATCH_J_RULES,
    *SETTINGS,
    *BATCH_K_RULES,
    *SOURCE_TYPES_K,
]


@pytest.mark.parametrize(("text", "flag", "source_type"), RULE_SENTENCES)
def test_rule_sentences(nlp: Any, text: str, flag: str, source_type: str | None) -> None:
    assert article_flag(nlp, text) == (flag, source_type)


@pytest.fixture(scope="module")
def prefiltered(nlp: Any) -> Enricher:
    """The worker's default: the accounts below need the prefilter to keep their second sentence."""
    return Enricher(nlp, model_name=MODEL, max_bytes=2 * 1024 * 1024, prefilter=True)


def test_a_target_hit_in_the_sentence_before_the_event_disputes(prefiltered: Enricher) -> None:
    """The first source's sentence holds no event; its combatant target counts against the event's civilian dead."""
    text = (
        "The army said its jets destroyed a weapons depot near Gao. Residents said the strike killed four herdsmen "
        "and that no fighters had been there."
    )
    events = enrich_text(prefiltered, text)["events"]
    assert [e["confidence"]["flag"] for e in events] == ["disputed"]
    assert events[0]["confidence"]["sources"][0]["type"] == "witness"


@pytest.mark.parametrize(
    ("text", "flag", "source_type"),
    [
        pytest.param(
            "Two truck drivers were killed in South Kordofan on Tuesday. The UN mission said their lorries "
            "were hit by drone strikes. The Sudanese army said the trucks had run over a landmine planted by the "
            "SPLM-N.",
            "disputed",
            "military",
            id="a different cause in the next sentence, read as another event",
        ),
        pytest.param(
            "Officials said nine people died when police opened fire on striking miners in Marikana. "
            "Organisers of the strike put the number of dead at 34.",
            "disputed",
            "witness",
            id="a toll in the next sentence ('put the number of dead at') refers back to the dead",
        ),
        pytest.param(
            "Officials said nine people died when police opened fire on striking miners in Marikana. "
            "In a separate strike on Tuesday, the army said five soldiers were killed.",
            "confirmed",
            None,
            id="guard: the next sentence's own count of soldiers may be another event's",
        ),
        pytest.param(
            "Nigeria's army said 12 soldiers died when ISWAP fighters attacked a base near Marte. ISWAP said its "
            "fighters killed 40 soldiers and took the base. Residents said troops had returned by evening.",
            "disputed",
            "armed_group",
            id="the party named as the attacker gives another count of the same dead",
        ),
        pytest.param(
            "The police said the demonstration in Nakuru was violent. Organisers said it was peaceful until officers "
            "charged.",
            "disputed",
            "witness",
            id="a circumstance in the sentence before, held by no event, against the event's own",
        ),
        pytest.param(
            "Israeli officials said the rocket that hit the clinic was fired by Islamic Jihad. Hamas said it was an "
            "Israeli air strike.",
            "disputed",
            "armed_group",
            id="a cause in the sentence before, held by no event, against the event's own",
        ),
        pytest.param(
            "Indian police said Maoist rebels ambushed a patrol in Bijapur, killing five officers. A rebel spokesman "
            "said the police had fired first.",
            "disputed",
            "armed_group",
            id="who fired first, in a next sentence with no event word, is kept by the prefilter",
        ),
        pytest.param(
            "Police said the three engineers were kidnapped on Friday near Port Harcourt. Their families said they "
            "had been missing since Tuesday.",
            "disputed",
            "witness",
            id="missing since another day, in a next sentence with no event word, is kept by the prefilter",
        ),
        pytest.param(
            "Nigeria's army said 12 soldiers died when jihadist fighters attacked a base near Marte. ISWAP said its "
            "fighters killed 40 soldiers and took the base. Residents said troops had returned by evening.",
            "confirmed",
            None,
            id="guard: a group the first account does not name may speak of another attack",
        ),
    ],
)
def test_an_account_in_the_next_sentence(prefiltered: Enricher, text: str, flag: str, source_type: str | None) -> None:
    first = enrich_text(prefiltered, text)["events"][0]
    assert first["confidence"]["flag"] == flag
    if source_type is not None:
        assert first["confidence"]["sources"][0]["type"] == source_type


def test_an_event_answering_the_account_of_the_event_before_it_is_disputed(prefiltered: Enricher) -> None:
    """One death told as two events by two sources: the second event's source answers the first's account."""
    text = (
        "Philippine police said the drug suspect died in a shootout with officers in Caloocan. Witnesses said he "
        "was handcuffed when he was shot."
    )
    events = enrich_text(prefiltered, text)["events"]
    assert len(events) == 2
    assert [e["confidence"]["flag"] for e in events] == ["disputed", "disputed"]
    assert events[1]["confidence"]["sources"][0]["type"] == "witness"
