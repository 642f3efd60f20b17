"""The compiled attribute table gives every token exactly what the model's attribute ruler gives."""

from __future__ import annotations

import orjson
import pytest
import spacy
from spacy.language import Language

from tests.conftest import MODEL, ROOT, SEED_TEXT
from worker.core.nlp.attribute_table import NAME, compile_attribute_ruler
from worker.core.pipeline import load_pipeline

pytestmark = pytest.mark.model

# Shapes the ruler's rarer patterns are about: contractions of two tokens, expletive "there",
# pronoun case by dependency, determiners used as pronouns, whitespace tokens.
TRICKY = (
    "I ain't gonna sign it, and we're not gonna let 'em go. Let's wait, y'all.\n\n  \n"
    "There were 40 dead. It is what it is: you gotta see it to believe it, he told me.\n"
    "That was the last one; those who did it have done it before, but nothing's changed."
)


def _texts() -> list[str]:
    texts = [SEED_TEXT.read_text(encoding="utf-8"), TRICKY]
    for path in sorted((ROOT / "tests" / "data").glob("events_gold_*.jsonl")):
        texts += [orjson.loads(line)["body"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


def _attributes(nlp: Language, texts: list[str]) -> list[tuple[str, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_iob_ + t.ent_type_)
        for doc in nlp.pipe(texts)
        for t in doc
    ]


def test_every_token_gets_the_rulers_attributes() -> None:
    shipped = spacy.load(MODEL)
    compiled = spacy.load(MODEL)
    assert compile_attribute_ruler(compiled)
    assert NAME in compiled.pipe_names and "attribute_ruler" not in compiled.pipe_names
    texts = _texts()
    expected = _attributes(shipped, texts)
    assert len(expected) > 10_000  # the gold articles, not just the tricky lines
    assert _attributes(compiled, texts) == expected


def test_a_pattern_the_table_cannot_model_keeps_the_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "who"}, {"IS_PUNCT": True, "OP": "?"}]], {"LEMMA": "whom"})
    assert not compile_attribute_ruler(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


def test_the_pipeline_swaps_the_ruler_unless_asked_for_the_model_as_shipped() -> None:
    assert NAME in load_pipeline(MODEL).pipe_names
    assert "attribute_ruler" in load_pipeline(MODEL, as_shipped=True).pipe_names


def test_pipeline_order_is_kept(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("parser") < names.index(NAME) < names.index("lemmatizer")
