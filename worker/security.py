"""Kafka security settings (SASL / TLS) for the clients this project creates."""

from __future__ import annotations

import ssl
from typing import Any

import faust

from worker.config import Settings


def _ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if "SSL" not in settings.security_protocol:
        return None
    return ssl.create_default_context(cafile=settings.ssl_cafile)


def aiokafka_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for aiokafka producers, consumers and admin clients."""
    options: dict[str, Any] = {"security_protocol": settings.security_protocol}
    context = _ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    if "SASL" in settings.security_protocol:
        options["sasl_mechanism"] = settings.sasl_mechanism
        options["sasl_plain_username"] = settings.sasl_username
        options["sasl_plain_password"] = settings.sasl_password.get_secret_value() if settings.sasl_password else None
    return options


def faust_credentials(settings: Settings) -> faust.types.auth.CredentialsT | None:
    """The Faust ``broker_credentials`` matching the settings, or None for plaintext."""
    context = _ssl_context(settings)
    if "SASL" in settings.security_protocol:
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password.get_secret_value() if settings.sasl_password else None,
            mechanism=settings.sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None
