import { describe, expect, it } from 'vitest';
import { auditFromRow, auditKeepRows, auditListStatement, auditValues } from './audit-rows.ts';

describe('auditListStatement', () => {
  it('asks for nothing when the limit is below one or not a number', () => {
    for (const limit of [0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(auditListStatement({ limit }), String(limit)).toBeUndefined();
    }
  });

  it('lists newest first without a WHERE when there is no filter', () => {
    expect(auditListStatement({ limit: 2.9 })).toEqual({
      sql: 'SELECT id, at, actor, actor_name, action, target, outcome, detail, source FROM audit_log  ORDER BY id DESC LIMIT ?',
      values: [2],
    });
  });

  it('binds every filter value, in the order of its terms, the limit last', () => {
    const statement = auditListStatement({
      limit: 10,
      beforeId: 9,
      since: 1,
      until: 2,
      actor: 'alice',
      actionPrefix: 'user.',
      target: 't',
      outcome: 'denied',
      source: '127.0.0.1',
    });
    expect(statement?.sql).toContain(
      'WHERE id < ? AND at >= ? AND at <= ? AND (actor = ? OR lower(actor_name) = lower(?)) AND ' +
        'substr(action, 1, length(?)) = ? AND target = ? AND outcome = ? AND source = ? ORDER BY',
    );
    expect(statement?.values).toEqual([
      9,
      1,
      2,
      'alice',
      'alice',
      'user.',
      'user.',
      't',
      'denied',
      '127.0.0.1',
      10,
    ]);
  });
});

describe('audit rows', () => {
  it('read back as the record written', () => {
    const record = {
      id: 3,
      at: 1,
      actor: 'user:u1',
      actorName: 'alice',
      action: 'user.create',
      target: 'user:u2',
      outcome: 'ok' as const,
      detail: null,
      source: '::1',
    };
    expect(auditValues(record)).toEqual([1, 'user:u1', 'alice', 'user.create', 'user:u2', 'ok', null, '::1']);
    const { actorName, ...rest } = record;
    expect(auditFromRow({ ...rest, actor_name: actorName })).toEqual(record);
  });

  it('keeps a whole, non-negative number of rows', () => {
    expect([auditKeepRows(-3), auditKeepRows(2.7), auditKeepRows(5)]).toEqual([0, 2, 5]);
  });
});
