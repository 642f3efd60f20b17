"""Every Prometheus metric eventwire exports, defined in one place.

Metrics are created against an injected registry (tests use their own) and are updated only
in the parent process: spaCy processes return timings, the parent records them. Names follow
Prometheus conventions: base units (seconds), ``_total`` on counters (``prometheus_client``
appends it), and labels drawn from small closed sets only: never an article id, a topic
chosen by a producer or free text.

Faust's own sensor (``faust_*`` metrics, see :mod:`worker.stream.web`) shares the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram

from worker import __version__
from worker.core.records import FLAGS
from worker.core.schemas import load_schema
from worker.errors import Reason

# Seconds; spaCy stages on a 2-core machine span ~1 ms to several seconds per article.
_STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Seconds from the raw record's timestamp to the output's acknowledgement; a backlog after
# an outage pushes this to minutes, which the upper buckets must still tell apart.
_LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0)
_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
# A healthy loop wakes within a millisecond; spaCy run inline would show up at 0.5-2 s.
_LOOP_LAG_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

STAGES = ("parse", "nlp", "extract", "publish")
# Where an exception can happen in the parent: the spaCy pool (crash, hang or an exception
# raised by enrichment), producing to Kafka, and the monitor's offset reads.
ERROR_STAGES = ("enrich", "publish", "monitor")
NO_ACLED_TYPE = "none"  # the label value of events ACLED does not code


@dataclass(frozen=True)
class Metrics:
    """The worker's metrics (field names are the Python handles; see each metric's name)."""

    consumed: Counter
    enriched: Counter
    dead_lettered: Counter
    stage_seconds: Histogram
    batch_size: Histogram
    end_to_end_seconds: Histogram
    consumer_lag: Gauge
    partitions_assigned: Gauge
    pool_queue_depth: Gauge
    pool_restarts: Counter
    event_loop_lag_seconds: Histogram
    events_extracted: Counter
    event_flags: Counter
    article_flags: Counter
    errors: Counter
    model_loaded: Gauge
    build_info: Gauge


def plover_types() -> tuple[str, ...]:
    """Return the 16 PLOVER event types, from the enriched-record schema."""
    event = load_schema("enriched")["$defs"]["event"]["properties"]
    return tuple(event["plover"]["properties"]["type"]["enum"])


def acled_event_types() -> tuple[str, ...]:
    """Return ACLED's event types as label values (``none`` for events ACLED does not code)."""
    event = load_schema("enriched")["$defs"]["event"]["properties"]
    return tuple(t or NO_ACLED_TYPE for t in event["acled"]["properties"]["event_type"]["enum"])


def create_metrics(registry: CollectorRegistry = REGISTRY) -> Metrics:
    """Register eventwire's metrics with ``registry``, every known label value at zero.

    Args:
        registry: Where to register; the process-wide default registry in the worker.

    Returns:
        The metrics, ready to update.

    """
    metrics = Metrics(
        consumed=Counter(
            "eventwire_messages_consumed",
            "Raw messages taken from the input topic.",
            registry=registry,
        ),
        enriched=Counter(
            "eventwire_messages_published",
            "Enriched records published to the output topic and acknowledged.",
            registry=registry,
        ),
        dead_lettered=Counter(
            "eventwire_messages_dead_lettered",
            "Messages sent to the dead-letter topic, by reason.",
            ["reason"],
            registry=registry,
        ),
        stage_seconds=Histogram(
            "eventwire_stage_duration_seconds",
            "Processing time per article, by stage (parse, nlp, extract, publish).",
            ["stage"],
            buckets=_STAGE_BUCKETS,
            registry=registry,
        ),
        batch_size=Histogram(
            "eventwire_batch_size_messages",
            "Messages per batch handed to the spaCy pool.",
            buckets=_BATCH_BUCKETS,
            registry=registry,
        ),
        end_to_end_seconds=Histogram(
            "eventwire_end_to_end_latency_seconds",
            "From the raw record's Kafka timestamp to the acknowledgement of its output.",
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        ),
        consumer_lag=Gauge(
            "eventwire_consumer_lag_messages",
            "Messages in an assigned input partition not yet committed: high watermark minus committed offset.",
            ["topic", "partition"],
            registry=registry,
        ),
        partitions_assigned=Gauge(
            "eventwire_partitions_assigned",
            "Input-topic partitions assigned to this worker.",
            registry=registry,
        ),
        pool_queue_depth=Gauge(
            "eventwire_pool_queue_depth_batches",
            "Batches submitted to the spaCy processes and not yet finished.",
            registry=registry,
        ),
        pool_restarts=Counter(
            "eventwire_pool_restarts",
            "spaCy process pools replaced after a crash or a hang.",
            registry=registry,
        ),
        event_loop_lag_seconds=Histogram(
            "eventwire_event_loop_lag_seconds",
            "How late a periodic timer on the worker's event loop woke up.",
            buckets=_LOOP_LAG_BUCKETS,
            registry=registry,
        ),
        events_extracted=Counter(
            "eventwire_events_extracted",
            "Events extracted, by PLOVER type and ACLED event type.",
            ["plover_type", "acled_event_type"],
            registry=registry,
        ),
        event_flags=Counter(
            "eventwire_event_flags",
            "Extracted events, by source-confidence flag.",
            ["flag"],
            registry=registry,
        ),
        article_flags=Counter(
            "eventwire_article_flags",
            "Enriched articles, by source-confidence roll-up flag.",
            ["flag"],
            registry=registry,
        ),
        errors=Counter(
            "eventwire_errors",
            "Exceptions caught in the worker, by stage (enrich, publish, monitor).",
            ["stage"],
            registry=registry,
        ),
        model_loaded=Gauge(
            "eventwire_model_loaded",
            "1 when every spaCy process has loaded its pipeline.",
            registry=registry,
        ),
        build_info=Gauge(
            "eventwire_build_info",
            "Always 1; the labels carry the running version.",
            ["version"],
            registry=registry,
        ),
    )
    _initialise(metrics)
    return metrics


def _initialise(metrics: Metrics) -> None:
    # Series that exist from the first scrape read as 0 rather than "no data", so rates,
    # ratios and alerts work before the first dead letter, error or event of a kind.
    for reason in Reason:
        metrics.dead_lettered.labels(reason.value)
    for stage in STAGES:
        metrics.stage_seconds.labels(stage)
    for stage in ERROR_STAGES:
        metrics.errors.labels(stage)
    for flag in FLAGS:
        metrics.event_flags.labels(flag)
        metrics.article_flags.labels(flag)
    for plover_type in plover_types():
        for acled_type in acled_event_types():
            metrics.events_extracted.labels(plover_type, acled_type)
    metrics.build_info.labels(__version__).set(1)
