"""eventwire's spaCy components, one per module, each registered as ``eventwire_<what>``.

Importing this package registers every factory, so ``nlp.add_pipe("eventwire_...")`` works.
"""

from worker.core.nlp import actors, attribute_table, attribution, hedging, triggers  # noqa: F401

__all__ = ["actors", "triggers"]
