import { type AgentView, BOSUN_VERSION, CONTAINER_STATES, PROTOCOL_VERSION } from '@bosun/protocol';
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
      {agent.outdated && <OutdatedNotice agent={agent} />}
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

// The manager serves this UI, so this build's version and protocol are the manager's. The badge
// says it in words, not by its colour alone; the note names both versions and what to do.
function OutdatedNotice({ agent }: { agent: AgentView }) {
  return (
    <p className="notice notice-warn small" role="note" aria-label="Outdated agent">
      <span className="pill pill-warn">Outdated</span> {outdatedText(agent)}: update the agent (see{' '}
      <cite>Run in production › Upgrade</cite> in bosun’s README).
    </p>
  );
}

// `agent 0.1.0, manager 0.2.0`, and the protocols when the agent's is older.
function outdatedText(agent: Pick<AgentView, 'agentVersion' | 'protocol'>): string {
  const versions = `agent ${agent.agentVersion ?? 'unknown'}, manager ${BOSUN_VERSION}`;
  if (agent.protocol === null || agent.protocol >= PROTOCOL_VERSION) return versions;
  return `${versions} (protocol ${agent.protocol}, manager’s ${PROTOCOL_VERSION})`;
}

function dockerText(agent: AgentView): string {
  const version = agent.docker?.version ?? agent.host?.dockerVersion;
  if (!agent.online) return version ?? 'unknown';
  if (agent.docker && !agent.docker.available) return 'unavailable';
  return version ?? 'unknown';
}
