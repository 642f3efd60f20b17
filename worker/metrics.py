"""Every Prometheus metric eventwire exports, defined in one place.

Metrics are created against an injected registry (tests use their own) and are updated only
in the parent process: spaCy processes return timings, the parent records them.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram

# Seconds; spaCy stages on a 2-core machine span ~1 ms to several seconds per batch.
_STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)
_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
STAGES = ("parse", "nlp", "extract", "publish")


@dataclass(frozen=True)
class Metrics:
    """The worker's metrics."""

    consumed: Counter
    enriched: Counter
    dead_lettered: Counter
    stage_seconds: Histogram
    batch_size: Histogram
    end_to_end_seconds: Histogram
    consumer_lag: Gauge
    pool_queue_depth: Gauge
    pool_restarts: Counter
    event_loop_lag_seconds: Gauge
    events_extracted: Counter
    event_flags: Counter
    article_flags: Counter
    errors: Counter
    model_loaded: Gauge
    partitions_assigned: Gauge


def create_metrics(registry: CollectorRegistry = REGISTRY) -> Metrics:
    """Register eventwire's metrics with ``registry``."""
    return Metrics(
        consumed=Counter("eventwire_messages_consumed", "Raw messages consumed.", registry=registry),
        enriched=Counter("eventwire_messages_enriched", "Enriched records published.", registry=registry),
        dead_lettered=Counter(
            "eventwire_messages_dead_lettered", "Messages sent to the dead-letter topic.", ["reason"], registry=registry
        ),
        stage_seconds=Histogram(
            "eventwire_stage_duration_seconds", "Processing time per stage, per article.", ["stage"],
            buckets=_STAGE_BUCKETS, registry=registry,
        ),
        batch_size=Histogram(
            "eventwire_batch_size_articles", "Articles per batch.", buckets=_BATCH_BUCKETS, registry=registry
        ),
        end_to_end_seconds=Histogram(
            "eventwire_end_to_end_latency_seconds", "From the raw record's timestamp to the output's acknowledgement.",
            buckets=_LATENCY_BUCKETS, registry=registry,
        ),
        consumer_lag=Gauge(
            "eventwire_consumer_lag_messages", "High watermark minus committed offset.", ["partition"], registry=registry
        ),
        pool_queue_depth=Gauge(
            "eventwire_pool_queue_depth_batches", "Batches submitted to spaCy processes and not finished.", registry=registry
        ),
        pool_restarts=Counter(
            "eventwire_pool_restarts", "spaCy process pools replaced after a crash or a hang.", registry=registry
        ),
        event_loop_lag_seconds=Gauge(
            "eventwire_event_loop_lag_seconds", "Delay of a periodic timer on the event loop.", registry=registry
        ),
        events_extracted=Counter(
            "eventwire_events_extracted", "Events extracted, by PLOVER type and ACLED event type.",
            ["plover_type", "acled_event_type"], registry=registry,
        ),
        event_flags=Counter("eventwire_event_flags", "Events by source-confidence flag.", ["flag"], registry=registry),
        article_flags=Counter(
            "eventwire_article_flags", "Articles by source-confidence roll-up flag.", ["flag"], registry=registry
        ),
        errors=Counter("eventwire_errors", "Errors by stage.", ["stage"], registry=registry),
        model_loaded=Gauge("eventwire_model_loaded", "1 when every spaCy process has its model.", registry=registry),
        partitions_assigned=Gauge(
            "eventwire_partitions_assigned", "Input partitions assigned to this worker.", registry=registry
        ),
    )
