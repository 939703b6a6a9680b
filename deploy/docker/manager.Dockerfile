# The bosun manager: the single-file `bosun` command on Node 24, the web UI, and what the manager
# hands out to new hosts (the single-file agent and the agent image). Built by
# scripts/build-images.sh from a staged context holding only the files below, with COPY steps
# alone, so it builds on an engine with no network and with Docker's legacy builder.
ARG BASE=node:24-slim
FROM ${BASE}

ARG VERSION=0.0.0
LABEL org.opencontainers.image.title="bosun-manager" \
      org.opencontainers.image.description="bosun's manager: web UI, HTTP API and the endpoint agents dial" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"

COPY bosun.mjs bosun-agent.mjs bosun-agent-image.tar.gz manager-health.mjs /opt/bosun/
COPY web/ /opt/bosun/web/
# An empty folder owned by the manager's user: a new named volume mounted here takes its owner,
# and no RUN step (which would need a shell in the base) is needed to make it.
COPY --chown=1000:1000 data/ /var/lib/

# No Docker socket in this container: the manager serves the hosts whose agents dial it, and
# none of its own.
ENV BOSUN_DATA_DIR=/var/lib/bosun \
    BOSUN_LISTEN=0.0.0.0:7070 \
    BOSUN_WEB_DIR=/opt/bosun/web \
    BOSUN_LOCAL_AGENT=0
VOLUME /var/lib/bosun
EXPOSE 7070
USER 1000:1000

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "/opt/bosun/manager-health.mjs"]

ENTRYPOINT ["node", "/opt/bosun/bosun.mjs", "manager"]
