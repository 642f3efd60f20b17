"""The thin Faust shell around the pure core: app, agents, spaCy process pool, dead-letter."""
