import type { AuditEntryView } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { formatAuditTable } from './audit-table.ts';

function entry(overrides: Partial<AuditEntryView>): AuditEntryView {
  return {
    id: 1,
    at: Date.UTC(2025, 10, 25, 10, 39, 26, 500),
    actor: 'user:usr_1',
    actorName: 'ann',
    action: 'container.stop',
    target: 'agt_1/abc',
    outcome: 'ok',
    detail: null,
    source: '127.0.0.1',
    ...overrides,
  };
}

describe('formatAuditTable', () => {
  it('prints one line per entry under a header, in UTC, naming who acted and from where', () => {
    const text = formatAuditTable([
      entry({}),
      entry({
        actor: 'anonymous',
        actorName: 'root',
        action: 'session.login',
        outcome: 'denied',
        detail: { suppressed: 7 },
      }),
      entry({ actor: 'system', actorName: null, source: null, action: 'user.create' }),
    ]);
    expect(text.split('\n')).toEqual([
      'TIME                   USER                   ACTION           TARGET      OUTCOME            SOURCE',
      '2025-11-25 10:39:26Z   ann                    container.stop   agt_1/abc   ok                 127.0.0.1',
      '2025-11-25 10:39:26Z   root (not logged in)   session.login    agt_1/abc   denied (+7 more)   127.0.0.1',
      '2025-11-25 10:39:26Z   system                 user.create      agt_1/abc   ok                 -',
      '',
    ]);
  });
});
