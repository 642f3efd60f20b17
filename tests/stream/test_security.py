"""SASL/TLS settings reach every Kafka client the worker creates (real clusters need them)."""

from __future__ import annotations

import ssl

import faust
from prometheus_client import CollectorRegistry

from worker.config import Settings
from worker.security import aiokafka_options, faust_credentials
from worker.stream.app import EventwireApp


def _settings() -> Settings:
    return Settings(
        broker_url="kafka://broker-1.example:9093,kafka://broker-2.example:9093",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="eventwire",
        sasl_password="s3cret",
        processes=1,
    )


def test_plain_clients_get_sasl_and_tls() -> None:
    options = aiokafka_options(_settings())
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("eventwire", "s3cret")
    assert isinstance(options["ssl_context"], ssl.SSLContext)


def test_the_faust_app_and_the_ledger_use_the_same_credentials() -> None:
    settings = _settings()
    app = EventwireApp(settings, registry=CollectorRegistry())
    credentials = app.app.conf.broker_credentials
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.mechanism.value == "SCRAM-SHA-512"
    assert credentials.username == "eventwire"
    assert isinstance(credentials.ssl_context, ssl.SSLContext)
    assert app.ledger._client_options["sasl_plain_username"] == "eventwire"
    assert app.ledger._bootstrap_servers == "broker-1.example:9093,broker-2.example:9093"


def test_plaintext_has_no_credentials() -> None:
    settings = Settings(processes=1)
    assert faust_credentials(settings) is None
    assert aiokafka_options(settings) == {"security_protocol": "PLAINTEXT"}
