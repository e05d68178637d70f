# linkwatch web app. Neo4j runs as its own service (see docker-compose.yml), reached through
# NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD; the embedded launcher (Java) is not used here.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (the MAPPA review pack's PDF) needs Pango and a font.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# Only what the package needs: never the local database, its password (.linkwatch/),
# the virtualenv or build output.
COPY pyproject.toml ./
COPY app ./app
COPY graph ./graph
COPY ingest ./ingest
RUN pip install . \
    && rm -rf /src \
    && useradd --system --create-home --home-dir /home/linkwatch --shell /usr/sbin/nologin linkwatch

USER linkwatch
WORKDIR /home/linkwatch
EXPOSE 5000
CMD ["linkwatch", "serve", "--host", "0.0.0.0", "--port", "5000"]
