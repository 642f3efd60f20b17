"""The prefilter keeps event sentences, blanks the rest, and never moves a character."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from spacy.language import Language

from tests.conftest import SEED_TEXT
from worker.core.definitions import trigger_defs
from worker.core.nlp.triggers import SPANS_KEY
from worker.core.prefilter import Prefilter, Window

DATA = Path(__file__).parents[1] / "data"
STORY = (
    "KABUL, May 12 (AFP) - Gunmen stormed a school in Kabul on Friday, police said.\n\n"
    "The city has grown quickly in recent decades and is home to millions of people. "
    "Its economy depends on trade with neighbouring countries.\n\n"
    "A suicide bomber blew himself up near a mosque, killing 12 worshippers. "
    "The figures could not be independently verified. "
    "Traffic in the capital was heavy on Saturday morning.\n\n"
    "Mr. Karimi, a shopkeeper, said the market reopened later. "
    "Gen. Ahmadi opened fire on nobody."
)


@pytest.fixture(scope="module")
def prefilter() -> Prefilter:
    return Prefilter.for_pipeline()


def kept_sentences(prefilter: Prefilter, text: str) -> list[str]:
    blanked = prefilter.apply(text).text
    return [blanked[s:e] for s, e in prefilter.sentences(text) if blanked[s:e].strip()]


def test_blanking_keeps_length_offsets_and_newlines(prefilter: Prefilter) -> None:
    blanked = prefilter.apply(STORY)
    assert len(blanked.text) == len(STORY)
    assert [m.start() for m in re.finditer("\n", blanked.text)] == [m.start() for m in re.finditer("\n", STORY)]
    for original, new in zip(STORY, blanked.text, strict=True):
        assert new in (original, " ")
    for start, end in prefilter.sentences(STORY):
        piece = blanked.text[start:end]
        assert piece == STORY[start:end] or not piece.strip(), "a sentence is kept whole or not at all"


def test_event_sentences_lede_and_follow_up_are_kept(prefilter: Prefilter) -> None:
    kept = kept_sentences(prefilter, STORY)
    assert kept[0].startswith("KABUL, May 12 (AFP) - Gunmen stormed")
    assert "A suicide bomber blew himself up near a mosque, killing 12 worshippers." in kept
    assert "The figures could not be independently verified." in kept, "an attribution follow-up"
    assert "Gen. Ahmadi opened fire on nobody." in kept, "a trigger phrase; 'Gen.' ends nothing"


def test_a_follow_up_naming_a_cause_is_kept(prefilter: Prefilter) -> None:
    # A second source's cause or attacker may dispute the event before it (docs/confidence.md).
    text = (
        "Fire swept through a textile depot in Gazipur on Monday, killing nine workers. "
        "The owner said faulty wiring was to blame. "
        "The depot had opened in 2015."
    )
    kept = kept_sentences(prefilter, text)
    assert "The owner said faulty wiring was to blame." in kept
    assert "The depot had opened in 2015." not in kept


def test_a_follow_up_naming_an_attacker_is_kept(prefilter: Prefilter) -> None:
    text = "Gunmen killed four traders near Gusau on Friday. A village chief said the assailants wore uniforms."
    assert "A village chief said the assailants wore uniforms." in kept_sentences(prefilter, text)


def test_background_is_blanked(prefilter: Prefilter) -> None:
    kept = " ".join(kept_sentences(prefilter, STORY))
    assert "economy depends on trade" not in kept
    assert "grown quickly in recent decades" not in kept
    assert "Traffic in the capital" not in kept, "two sentences after the event, no trigger"
    blanked = prefilter.apply(STORY)
    assert 0 < blanked.kept_share < 1
    assert blanked.kept_sentences < blanked.sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "Three soldiers were killed.",
        "A man stabbed two passers-by.",
        "Two hostages died in captivity.",
        "Fighters seized the town.",
        "Protesters marched on parliament.",
        "Rebels opened fire on a convoy.",
        "The car-bomb attacks continued.",
    ],
)
def test_inflections_phrases_and_compounds_are_candidates(prefilter: Prefilter, sentence: str) -> None:
    assert prefilter.is_candidate(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["The weather was mild for the season.", "Its economy depends on trade with its neighbours."],
)
def test_plain_background_is_not_a_candidate(prefilter: Prefilter, sentence: str) -> None:
    assert not prefilter.is_candidate(sentence)


def test_every_trigger_lemma_is_a_candidate(prefilter: Prefilter) -> None:
    for trigger in trigger_defs().values():
        for lemma in trigger.lemmas:
            assert prefilter.is_candidate(f"They said {lemma} today."), (trigger.id, lemma)


def test_sentence_split_respects_abbreviations_and_initials(prefilter: Prefilter) -> None:
    text = "U.S. envoy Mr. John W. Smith arrived. He met Gen. Ali at 5 p.m. local time. Talks ended."
    spans = [text[s:e] for s, e in prefilter.sentences(text)]
    assert spans == [
        "U.S. envoy Mr. John W. Smith arrived.",
        "He met Gen. Ali at 5 p.m. local time.",
        "Talks ended.",
    ]


def test_window_settings() -> None:
    wide = Prefilter(["killed"], window=Window(before=1, after=1, follow=0, lede=0))
    text = "Alpha one. Beta two. Gamma killed. Delta four. Epsilon five."
    kept = [s for s in wide.apply(text).text.split("  ") if s.strip()]
    assert " ".join(k.strip() for k in kept) == "Beta two. Gamma killed. Delta four."


def test_seed_article_is_nearly_all_kept(prefilter: Prefilter) -> None:
    # A dense conflict report: almost every sentence reports the event or its sources.
    assert prefilter.apply(SEED_TEXT.read_text()).kept_share > 0.9


@pytest.mark.model
def test_parse_of_blanked_text_indexes_the_original(nlp) -> None:  # type: ignore[no-untyped-def]
    prefilter = Prefilter.for_pipeline(nlp)
    doc = nlp(prefilter.apply(STORY).text)
    words = [t for t in doc if not t.is_space]
    assert words, "the kept sentences are parsed"
    for token in words:
        assert STORY[token.idx : token.idx + len(token.text)] == token.text
    assert "economy" not in {t.lower_ for t in doc}
    assert any(t.lemma_ == "kill" for t in doc)


def test_a_word_is_inflected_only_as_its_trigger_part_of_speech(nlp: Language) -> None:
    # "accord" is a noun trigger (AGREE): "accords" is one, "according to" never is.
    tagged = Prefilter.for_pipeline(nlp)
    assert tagged.is_candidate("The two sides signed accords in Doha.")
    assert not tagged.is_candidate("The economy shrank by 4 percent, according to the World Bank.")
    assert Prefilter.for_pipeline().is_candidate("The economy shrank, according to the World Bank.")


def test_every_trigger_the_pipeline_finds_is_in_a_candidate_sentence(nlp: Language) -> None:
    # The prefilter is a cheap superset of the trigger component: never a trigger in a blanked
    # sentence. Checked on every gold article.
    tagged = Prefilter.for_pipeline(nlp)
    texts = [
        orjson.loads(line)["body"]
        for path in sorted(DATA.glob("events_gold_*.jsonl"))
        for line in path.read_text().splitlines()
    ]
    checked = 0
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=16), strict=True):
        spans = tagged.sentences(text)
        for trigger in doc.spans[SPANS_KEY]:
            sentence = next(text[s:e] for s, e in spans if s <= trigger.start_char < e)
            assert tagged.is_candidate(sentence), (trigger.text, sentence)
            checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Volunteers said they had recovered 26 bodies.", True),
        ("Rescuers pulled 1,200 people from the rubble.", True),
        ("The economy shrank by 38 percent last year.", False),
        ("The town was retaken by the army in 2019.", False),
        ("The fund pledged $5 million.", False),
        ("The road reopened at 9 a.m., 12 km from the camp.", False),
    ],
)
def test_a_follow_up_count_is_a_number_of_people_not_a_year_or_a_sum(
    prefilter: Prefilter, sentence: str, counts: bool
) -> None:
    assert prefilter.is_follow_up(sentence) is counts


@pytest.mark.parametrize(
    "follow_up",
    [
        "The army denied the account.",
        "Their relatives insisted they were herders.",
        "A spokesman said the video was old.",
        "A rebel spokesman said the police had fired first.",
        "Their families said they had been missing since Sunday.",
        "Rights groups said the men were in custody at the time.",
        "Organisers said it had been peaceful until then.",
    ],
)
def test_a_follow_up_setting_a_source_against_the_event_is_kept(prefilter: Prefilter, follow_up: str) -> None:
    text = f"Soldiers shot dead six men near Djibo on Monday, a local official said. {follow_up}"
    assert follow_up in kept_sentences(prefilter, text)
