"""Helpers the tests share: running workers against the embedded broker, reading topics."""
