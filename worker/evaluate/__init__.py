"""Scoring the pipeline against hand-annotated gold files (``eventwire eval``)."""
