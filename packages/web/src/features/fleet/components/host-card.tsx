import { type AgentView, CONTAINER_STATES, PROTOCOL_VERSION } from '@bosun/protocol';
import { Link } from 'react-router';
import { formatAgo, formatBytes } from '../../../lib/format.ts';

/**
 * One host of the fleet page: online or when last seen, an outdated agent's upgrade notice, its
 * machine and Docker, and its containers counted by state.
 */
export function HostCard({ agent, now }: { agent: AgentView; now: number }) {
  const { host, docker, containers } = agent;
  const headingId = `host-${agent.id}`;
  return (
    <article className="card host-card" aria-labelledby={headingId}>
      <header className="host-card-head">
        <h2 id={headingId}>{agent.name}</h2>
        <span className={`pill ${agent.online ? 'pill-ok' : 'pill-bad'}`}>
          <span className="dot" aria-hidden="true" />
          {agent.online ? 'Online' : 'Offline'}
        </span>
      </header>
      <p className="muted small">
        {agent.online
          ? 'Connected now'
          : agent.lastSeenAt === null
            ? 'Never connected'
            : `Last seen ${formatAgo(agent.lastSeenAt, now)}`}
      </p>
      {agent.outdated && (
        <p>
          <OutdatedBadge agent={agent} />
        </p>
      )}
      {host && (
        <dl className="facts">
          <dt>Host</dt>
          <dd>{host.hostname}</dd>
          <dt>System</dt>
          <dd>
            {host.os} · {host.arch}
          </dd>
          <dt>CPU / memory</dt>
          <dd>
            {host.cpus} cores · {formatBytes(host.memoryBytes)}
          </dd>
          <dt>Docker</dt>
          <dd>{dockerText(agent)}</dd>
          <dt>Agent</dt>
          <dd>{agent.agentVersion ?? 'unknown'}</dd>
        </dl>
      )}
      {agent.online && docker && !docker.available && (
        <p className="notice notice-warn small">Docker is not answering: {docker.message ?? 'unavailable'}</p>
      )}
      <p className="counts">
        {containers.total === 0 && <span className="muted">No containers</span>}
        {CONTAINER_STATES.filter((state) => (containers.byState[state] ?? 0) > 0).map((state) => (
          <span key={state} className={`count count-${state}`}>
            {containers.byState[state]} {state}
          </span>
        ))}
      </p>
      <footer>
        <Link className="btn" to={`/containers?host=${encodeURIComponent(agent.name)}`}>
          Containers
        </Link>
      </footer>
    </article>
  );
}

// The manager serves this UI, so this build's protocol is the manager's.
function OutdatedBadge({ agent }: { agent: AgentView }) {
  const detail = `its agent speaks protocol ${agent.protocol ?? 'unknown'}, the manager ${PROTOCOL_VERSION}`;
  return (
    <span
      className="pill pill-warn"
      role="note"
      aria-label={`Outdated agent — upgrade: ${detail}`}
      title={detail}
    >
      Outdated agent — upgrade
    </span>
  );
}

function dockerText(agent: AgentView): string {
  const version = agent.docker?.version ?? agent.host?.dockerVersion;
  if (!agent.online) return version ?? 'unknown';
  if (agent.docker && !agent.docker.available) return 'unavailable';
  return version ?? 'unknown';
}
