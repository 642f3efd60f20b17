"""eventwire: wire-news articles in, source-checked event records out."""

__version__ = "0.1.0"
