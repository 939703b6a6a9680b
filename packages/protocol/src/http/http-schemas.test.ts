import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  EXAMPLE_AGENT_VIEW,
  EXAMPLE_CONTAINER_LIST_ITEM,
  EXAMPLE_FLEET_EVENTS,
  EXAMPLE_USER_VIEW,
  parseExact,
} from '../testing/index.ts';
import { userViewSchema } from './account-views.ts';
import { auditEntryViewSchema } from './audit-views.ts';
import { errorBodySchema } from './error-body.ts';
import { fleetEventSchema } from './fleet-events.ts';
import { agentViewSchema, containerListItemSchema } from './fleet-views.ts';
import { logReadRecordSchema } from './log-read-records.ts';
import { auditQuerySchema, logReadQuerySchema } from './query-params.ts';
import { containerActionBodySchema, userCreateBodySchema, userPatchBodySchema } from './request-bodies.ts';
import { ROLES, roleSchema } from './roles.ts';

/** The first issue of a failed parse as `path: message`, as a person would read it. */
function refusal(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('views', () => {
  it('take an agent, a container row and a user as the manager writes them', () => {
    expect(parseExact(agentViewSchema, EXAMPLE_AGENT_VIEW)).toEqual(EXAMPLE_AGENT_VIEW);
    expect(parseExact(containerListItemSchema, EXAMPLE_CONTAINER_LIST_ITEM)).toEqual(
      EXAMPLE_CONTAINER_LIST_ITEM,
    );
    expect(parseExact(userViewSchema, EXAMPLE_USER_VIEW)).toEqual(EXAMPLE_USER_VIEW);
  });

  it('drop the fields a newer manager adds, so clients go on working', () => {
    const newer = { ...EXAMPLE_USER_VIEW, lastLoginAt: 1_764_040_766_123 };
    expect(userViewSchema.parse(newer)).toEqual(EXAMPLE_USER_VIEW);
  });

  it('refuse what is wrong, naming the field', () => {
    expect(
      refusal(agentViewSchema, { ...EXAMPLE_AGENT_VIEW, containers: { total: -1, byState: {} } }),
    ).toMatch(/^containers\.total: .*>=0/);
    expect(refusal(agentViewSchema, { ...EXAMPLE_AGENT_VIEW, name: 'web 1' })).toBe(
      'name: expected 1-64 characters of A-Z a-z 0-9 . _ -',
    );
    expect(refusal(userViewSchema, { ...EXAMPLE_USER_VIEW, role: 'owner' })).toMatch(/^role: /);
    expect(
      refusal(containerListItemSchema, { ...EXAMPLE_CONTAINER_LIST_ITEM, agentName: undefined }),
    ).toMatch(/^agentName: /);
    expect(
      refusal(auditEntryViewSchema, {
        id: 1,
        at: 0,
        actor: 'system',
        action: 'x',
        target: 'y',
        outcome: 'maybe',
        detail: null,
      }),
    ).toMatch(/^outcome: /);
  });

  it('keep an audit entry’s detail whatever its shape', () => {
    const entry = {
      id: 7,
      at: 1,
      actor: 'system',
      actorName: null,
      action: 'user.update',
      target: 'user:usr_1',
      outcome: 'ok',
      detail: { role: 'viewer', nested: { list: [1, 'two'] } },
      source: null,
    };
    expect(parseExact(auditEntryViewSchema, entry)).toEqual(entry);
  });
});

describe('fleet events', () => {
  it('take one event of every type', () => {
    for (const event of Object.values(EXAMPLE_FLEET_EVENTS)) {
      expect(parseExact(fleetEventSchema, event)).toEqual(event);
    }
  });

  it('refuse an event of an unknown type, or one without its payload', () => {
    expect(refusal(fleetEventSchema, { type: 'agent.renamed', agentId: 'agt_1' })).toMatch(/^type: /);
    expect(refusal(fleetEventSchema, { type: 'agent.online' })).toMatch(/^agent: /);
    expect(
      refusal(fleetEventSchema, { type: 'container.removed', agentId: 'agt_1', containerId: 'web' }),
    ).toBe('containerId: expected a full container id (64 lowercase hex digits)');
  });
});

describe('errors and log records', () => {
  it('take an error body with a protocol code, and refuse one without', () => {
    const body = { error: { code: 'not_found', message: 'no user "usr_1"' } };
    expect(parseExact(errorBodySchema, body)).toEqual(body);
    expect(refusal(errorBodySchema, { error: { code: 'teapot', message: 'short and stout' } })).toMatch(
      /^error\.code: /,
    );
  });

  it('read a log read record as a line or as the error that ended the read', () => {
    const line = { kind: 'line', seq: 0, ts: '2026-11-25T03:19:26.1Z', stream: 'stdout', text: 'hi' };
    expect(parseExact(logReadRecordSchema, line)).toEqual(line);
    const trailer = { error: { code: 'agent_offline', message: 'the agent went away' } };
    expect(parseExact(logReadRecordSchema, trailer)).toEqual(trailer);
    expect(
      logReadRecordSchema.safeParse({ kind: 'gap', fromSeq: 1, toSeq: 2, reason: 'ring_evicted' }).success,
    ).toBe(false);
  });
});

describe('requests', () => {
  it('know the roles, most rights first', () => {
    expect(ROLES).toEqual(['admin', 'operator', 'viewer', 'none']);
    expect(roleSchema.safeParse('owner').success).toBe(false);
  });

  it('refuse a new user with a short password or a spaced name, saying why', () => {
    expect(refusal(userCreateBodySchema, { username: 'ada', password: 'short', role: 'viewer' })).toBe(
      'password: expected at least 8 characters',
    );
    expect(refusal(userCreateBodySchema, { username: 'a b', password: 'long enough', role: 'viewer' })).toBe(
      'username: expected 1-64 characters of A-Z a-z 0-9 . _ @ -',
    );
  });

  it('want a user patch to change something', () => {
    expect(refusal(userPatchBodySchema, {})).toBe(': expected password or role');
    expect(userPatchBodySchema.parse({ role: 'admin' })).toEqual({ role: 'admin' });
  });

  it('bound the stop grace period at ten minutes', () => {
    expect(containerActionBodySchema.parse({})).toEqual({});
    expect(refusal(containerActionBodySchema, { timeoutSeconds: 601 })).toMatch(/^timeoutSeconds: /);
  });

  it('read query strings into numbers and defaults', () => {
    expect(logReadQuerySchema.parse({ agent: 'web-1', container: 'api' }).tail).toBe('all');
    expect(logReadQuerySchema.parse({ agent: 'web-1', container: 'api', tail: '20' }).tail).toBe(20);
    expect(refusal(logReadQuerySchema, { agent: 'web-1', container: 'api', tail: 'lots' })).toMatch(
      /^tail: /,
    );
    expect(auditQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(auditQuerySchema.parse({ limit: '5', before: '9' })).toEqual({ limit: 5, before: 9 });
    expect(refusal(auditQuerySchema, { limit: '0' })).toMatch(/^limit: /);
    expect(auditQuerySchema.parse({ since: '1h', action: 'container.', outcome: 'denied' })).toEqual({
      limit: 100,
      since: '1h',
      action: 'container.',
      outcome: 'denied',
    });
    expect(refusal(auditQuerySchema, { outcome: 'maybe' })).toMatch(/^outcome: /);
  });
});
