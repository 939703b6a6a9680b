import {
  type ContainerSummary,
  EXAMPLE_HOST_FACTS,
  type HostFacts,
  type LogLine,
  type Role,
} from '@bosun/protocol';
import type { AgentRecord } from '../ports/store.ts';
import type { Grant, Principal } from '../principal.ts';

/** Host facts every fake agent reports unless told otherwise. */
export const HOST_FACTS: HostFacts = EXAMPLE_HOST_FACTS;

/** A valid, deterministic 64-hex container id for a number or a short label. */
export function containerId(seed: number | string): string {
  let hex = '';
  for (const char of String(seed)) hex += char.charCodeAt(0).toString(16).padStart(2, '0');
  return `c0${hex}`.padEnd(64, '0').slice(0, 64);
}

/** A running container named `name`, with a deterministic id; `overrides` change any field. */
export function containerSummary(name: string, overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: containerId(name),
    name,
    image: 'busybox:latest',
    state: 'running',
    status: 'Up 1 minute',
    createdAt: 1_764_040_000,
    ports: [],
    labels: {},
    ...overrides,
  };
}

/** A user with `role` (and `grants` on single hosts), as the adapter would authenticate one. */
export function principal(role: Role, userId = `u-${role}`, grants: Grant[] = []): Principal {
  return { kind: 'user', userId, username: role, role, grants };
}

/** A Docker log timestamp `ms` milliseconds after a fixed instant (millisecond precision). */
export function dockerTs(ms: number): string {
  return new Date(Date.UTC(2026, 10, 25, 3, 0, 0) + ms).toISOString();
}

/**
 * `count` stdout lines numbered from `fromSeq`, stamped by `tsOf` (by default one millisecond
 * apart).
 */
export function logLines(
  fromSeq: number,
  count: number,
  text = (seq: number) => `line ${seq}`,
  tsOf: (seq: number) => string = dockerTs,
): LogLine[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'line',
    seq: fromSeq + i,
    ts: tsOf(fromSeq + i),
    stream: 'stdout',
    text: text(fromSeq + i),
  }));
}

/** An agent row as the store holds it: named `host-<id>`, never seen, not revoked. */
export function agentRecord(id: string): AgentRecord {
  return {
    id,
    name: `host-${id}`,
    credentialHash: `cred-${id}`,
    createdAt: 1_000,
    lastSeenAt: null,
    revokedAt: null,
    host: null,
  };
}
