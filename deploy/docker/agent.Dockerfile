# The bosun agent: the single-file agent on Node 24. Built by scripts/build-images.sh from a
# staged context holding only the files below, with COPY steps alone, so it builds on an engine
# with no network and with Docker's legacy builder.
ARG BASE=node:24-slim
FROM ${BASE}

ARG VERSION=0.0.0
LABEL org.opencontainers.image.title="bosun-agent" \
      org.opencontainers.image.description="bosun's agent: dials the manager and serves this host's Docker Engine" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"

COPY bosun-agent.mjs agent-health.mjs /opt/bosun/

ENV BOSUN_STATE_DIR=/var/lib/bosun/agent
VOLUME /var/lib/bosun/agent

# Root, on purpose: the agent needs the host's Docker socket (mounted at /var/run/docker.sock),
# whose group differs from host to host, and access to that socket is root on the host anyway,
# so a lesser user inside the container would protect nothing.
USER 0:0

# Healthy only while the agent is connected to its manager: the agent keeps its link's status in
# the state folder, and a status it stopped refreshing counts as disconnected.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/opt/bosun/agent-health.mjs"]

ENTRYPOINT ["node", "/opt/bosun/bosun-agent.mjs"]
