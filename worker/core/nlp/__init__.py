"""eventwire's spaCy components, one per module, each registered as ``eventwire_<what>``.

Importing this package registers every factory, so ``nlp.add_pipe("eventwire_...")`` works.
"""
