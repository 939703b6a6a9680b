import type { ContainerSummary } from './container.ts';
import { rfc3339ToMillis } from './timestamps.ts';

/**
 * What `describeStatus` reads. The state is any string so that clients holding loosely checked
 * rows (a newer manager may name a state this version does not know) can pass them as they are.
 */
export type StatusFacts = Pick<
  ContainerSummary,
  'status' | 'health' | 'startedAt' | 'finishedAt' | 'exitCode'
> & {
  state: string;
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Docker's wording for how long ago something happened (go-units `HumanDuration`), so a status
 * aged here reads exactly like the one `docker ps` prints. Seconds and minutes are truncated,
 * hours rounded to the nearest (so 1 h 31 min is "2 hours"), and days, weeks and months are
 * whole parts of those rounded hours. Years come from truncated hours, as Docker does.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // Go's Duration.Round rounds halves away from zero; the duration is positive here.
  const hours = Math.floor((ms + HOUR / 2) / HOUR);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / (24 * 7))} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / (24 * 30))} months`;
  return `${Math.floor(Math.trunc(ms / HOUR) / (24 * 365))} years`;
}

// Docker's text for a health check result, after the uptime.
function healthSuffix(health: StatusFacts['health']): string {
  switch (health) {
    case 'healthy':
    case 'unhealthy':
      return ` (${health})`;
    case 'starting':
      return ' (health: starting)';
    default:
      return '';
  }
}

/**
 * The container's status as `docker ps` would word it at `nowMs`, built from its state and run
 * times, since the `status` text the agent read stops aging the moment it was read. Falls back
 * to that text whenever the times it needs are missing (an older agent, a container the agent
 * could not inspect) or contradict the state (a run time left over from before a state change
 * the viewer has heard of only in part): stale but Docker's own words beat invented ones.
 *
 * As in Docker, a paused container shows no health, and a running one shows health only when
 * it has a health check.
 */
export function describeStatus(summary: StatusFacts, nowMs: number): string {
  const started = summary.startedAt === undefined ? undefined : rfc3339ToMillis(summary.startedAt);
  const finished = summary.finishedAt === undefined ? undefined : rfc3339ToMillis(summary.finishedAt);
  const ago = (at: number) => humanDuration(nowMs - at);
  switch (summary.state) {
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'running':
    case 'paused':
      // A finish later than the start belongs to the run the viewer still thinks is up.
      if (started === undefined || (finished !== undefined && finished > started)) return summary.status;
      return summary.state === 'paused'
        ? `Up ${ago(started)} (Paused)`
        : `Up ${ago(started)}${healthSuffix(summary.health)}`;
    case 'restarting':
    case 'exited': {
      // A start later than the finish means the finish is from an earlier run.
      if (finished === undefined || summary.exitCode === undefined) return summary.status;
      if (started !== undefined && started > finished) return summary.status;
      const word = summary.state === 'exited' ? 'Exited' : 'Restarting';
      return `${word} (${summary.exitCode}) ${ago(finished)} ago`;
    }
    default:
      return summary.status;
  }
}
