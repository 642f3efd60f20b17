"""The pure enrichment core: article in, record out. No Kafka, Faust, metrics or settings here."""
