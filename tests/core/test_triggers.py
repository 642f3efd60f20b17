"""Trigger and party components on small-model Docs, and the lexicons they are built from."""

from __future__ import annotations

import pytest
from spacy.language import Language

from worker.core.definitions import PLOVER_TYPES, actor_defs, cues, kind_defs, trigger_defs
from worker.core.nlp.actors import SPANS_KEY as ACTORS
from worker.core.nlp.triggers import SPANS_KEY as TRIGGERS
from worker.core.pipeline import COMPONENTS


def test_lexicons_load_and_are_consistent() -> None:
    defs = trigger_defs()
    assert len(defs) > 40
    assert {d.plover for d in defs.values()} == set(PLOVER_TYPES)
    for d in defs.values():
        assert d.lemmas or d.phrases or d.deps, d.id
        assert d.id.split(".")[0] in PLOVER_TYPES or d.id.startswith("COERCE"), d.id
    assert {c.plover for c in cues()} <= set(PLOVER_TYPES)
    assert any(a.name == "Islamic State" and "IS" in a.aliases for a in actor_defs())
    assert {k.kind for k in kind_defs()} >= {"armed_group", "military", "police", "civilians", "protesters"}


def test_components_are_registered_in_order() -> None:
    assert COMPONENTS[:2] == ("eventwire_triggers", "eventwire_actors")


def _triggers(nlp: Language, text: str) -> dict[str, str]:
    doc = nlp(text)  # spans die with their Doc: keep it alive while reading them
    return {s.text: s.label_ for s in doc.spans[TRIGGERS]}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "word", "trigger"),
    [
        ("Gunmen killed five villagers on Monday.", "killed", "ASSAULT.kill"),
        ("A suicide bomber blew himself up at a checkpoint.", "suicide bomber", "ASSAULT.suicide"),
        ("An air strike hit the market.", "air strike", "ASSAULT.aerial"),
        ("Troops clashed with rebels near the border.", "clashed", "ASSAULT.clash"),
        ("Police arrested 12 people in the capital.", "arrested", "COERCE.arrest"),
        ("Thousands of workers went on strike.", "went on strike", "PROTEST.strike"),
        ("The militants set the hostages free.", "set", "RETREAT.release"),
        ("The minister condemned the attack.", "condemned", "ACCUSE.accuse"),
        ("The two sides agreed on a ceasefire.", "agreed", "AGREE.agree"),
        ("The union called for a general strike.", "called for", "REQUEST.request"),
        ("Police retook control of the prison on Monday.", "retook", "ASSAULT.regain"),
        ("The president sacked the defence minister on Friday.", "sacked", "COERCE.remove"),
        ("The ministry said governor Musa Bello had been removed.", "removed", "COERCE.remove"),
        ("The army dismissed the claims as propaganda.", "dismissed", "REJECT.reject"),
        ("The government dispatched 300 more troops to the province.", "dispatched", "MOBILIZE.send"),
        ("Two police companies were airlifted to the valley.", "airlifted", "MOBILIZE.send"),
        ("The warring sides swapped 40 prisoners on Friday.", "swapped", "RETREAT.release"),
        # Aircraft firing on the ground.
        ("Army helicopters strafed a rebel column near Kidal.", "strafed", "ASSAULT.strafe"),
        # Naming an act of violence as something condemns it.
        ("The governor called the bombing an act of cowardice.", "called", "ACCUSE.accuse"),
        ("Church leaders branded the killings a massacre of innocents.", "branded", "ACCUSE.accuse"),
        ("The governor called the families of the victims on Monday.", "called", None),
        # "hit" codes with an aerial weapon as its subject only; dropped munitions are an air attack.
        ("Ukrainian drones hit a power station in the Kursk region.", "hit", "ASSAULT.weapon_hit"),
        ("A helicopter hit the rebel camp at dawn.", "hit", "ASSAULT.weapon_hit"),
        ("The floods hit three villages in the valley.", "hit", None),
        ("The price rise hit poor families hardest.", "hit", None),
        ("Militants dropped grenades on a checkpoint from a drone.", "dropped", "ASSAULT.aerial_drop"),
        ("Aircraft dropped barrel bombs on the market.", "dropped", "ASSAULT.aerial_drop"),
        ("The army dropped leaflets over the town.", "dropped", None),
    ],
)
def test_trigger_words(nlp: Language, text: str, word: str, trigger: str) -> None:
    assert _triggers(nlp, text).get(word) == trigger


@pytest.mark.model
def test_dependency_patterns_match_in_any_sentence_at_document_offsets(nlp: Language) -> None:
    # The dependency matcher runs sentence by sentence: its matches must land on the doc's tokens.
    doc = nlp("Talks resumed in Geneva on Monday. Hours later, the rebels fired rockets at the airport.")
    spans = [(s.text, s.label_, s.start) for s in doc.spans[TRIGGERS]]
    fired = next(t for t in doc if t.text == "fired")
    assert ("fired", "ASSAULT.heavy", fired.i) in spans
    assert _triggers(nlp, "The rebels fired their commander. Rockets were seen.").get("fired") != "ASSAULT.heavy"


@pytest.mark.model
def test_a_hearing_is_a_noun_never_the_verb(nlp: Language) -> None:
    assert _triggers(nlp, "A court hearing in the case opened on Monday.").get("hearing") == "ACCUSE.hearing"
    assert "hearing" not in _triggers(nlp, "Residents reported hearing heavy gunfire overnight.")


@pytest.mark.model
def test_modifiers_are_not_triggers(nlp: Language) -> None:
    found = _triggers(nlp, "Guards at the detention facility in the war-torn country were armed.")
    assert "detention" not in found
    assert "war" not in found


@pytest.mark.model
def test_named_actor_takes_following_noun(nlp: Language) -> None:
    doc = nlp("IS fighters stormed the town, and the Islamic State group later claimed the raid.")
    spans = [(s.text, s.label_, s.kb_id_) for s in doc.spans[ACTORS]]
    assert ("IS fighters", "armed_group", "Islamic State") in spans
    assert ("Islamic State group", "armed_group", "Islamic State") in spans


@pytest.mark.model
def test_a_province_named_with_in_is_the_groups_name(nlp: Language) -> None:
    # "Islamic State in the Sahel" is the group, so "the Sahel" is no place of the story.
    doc = nlp("Fighters of Islamic State in the Sahel attacked the camp.")
    assert ("Islamic State in the Sahel", "Islamic State Sahel Province") in [
        (s.text, s.kb_id_) for s in doc.spans[ACTORS]
    ]


@pytest.mark.model
def test_common_noun_parties_keep_their_modifiers(nlp: Language) -> None:
    doc = nlp("Iraqi soldiers and riot police fired on protesters; the group denied it.")
    spans = {s.text: s.label_ for s in doc.spans[ACTORS]}
    assert spans["Iraqi soldiers"] == "military"
    assert spans["riot police"] == "police"
    assert spans["protesters"] == "protesters"
    assert spans["group"] == "anaphor"
