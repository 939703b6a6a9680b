import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import type { AuditRecord } from '../ports/store.ts';
import { FakeClock } from '../testing/fake-clock.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { BoundedAuditStore } from './bounded-audit-store.ts';

function row(overrides: Partial<Omit<AuditRecord, 'id'>> = {}): Omit<AuditRecord, 'id'> {
  return {
    at: 0,
    actor: 'user:u1',
    actorName: 'vic',
    action: 'container.stop',
    target: 'a/web',
    outcome: 'denied',
    detail: null,
    source: '192.0.2.1',
    ...overrides,
  };
}

function bounded(
  options: { maxRows?: number; maxAgeMs?: number; perWindow?: number; maxKeys?: number } = {},
) {
  const clock = new FakeClock();
  const store = new MemoryStore();
  const audit = new BoundedAuditStore(store.audit, {
    clock,
    logger: silentLogger,
    bounds: { maxAgeMs: options.maxAgeMs ?? 86_400_000, maxRows: options.maxRows ?? 1_000 },
    refusals: { perWindow: options.perWindow ?? 3, windowMs: 60_000, maxKeys: options.maxKeys ?? 100 },
  });
  return { clock, rows: () => store.audit.rows, audit };
}

describe('BoundedAuditStore', () => {
  it('writes every action that was done, however many', async () => {
    const { audit, rows, clock } = bounded();
    for (let i = 0; i < 50; i++) await audit.append(row({ at: clock.now(), outcome: 'ok' }));
    expect(rows()).toHaveLength(50);
  });

  it('writes a few refusals per source, actor and action a minute, then one row saying how many more', async () => {
    const { audit, rows, clock } = bounded({ perWindow: 3 });
    const start = clock.now();
    for (let i = 0; i < 100; i++) await audit.append(row({ at: start + i }));
    await audit.append(row({ at: start, source: '192.0.2.2' }));
    await audit.append(row({ at: start, action: 'container.start' }));
    expect(rows()).toHaveLength(5);
    await clock.advance(60_000);
    expect(rows()).toHaveLength(6);
    expect(rows().at(-1)).toMatchObject({ action: 'container.stop', source: '192.0.2.1', outcome: 'denied' });
    expect(JSON.parse(rows().at(-1)?.detail ?? '')).toEqual({
      suppressed: 97,
      from: start + 3,
      to: start + 99,
    });
    // A new window writes again.
    await audit.append(row({ at: clock.now() }));
    expect(rows()).toHaveLength(7);
  });

  it('counts refusals under keys past its bound in one tally, and writes owed counts on close', async () => {
    const { audit, rows } = bounded({ perWindow: 1, maxKeys: 2 });
    for (let i = 0; i < 10; i++) await audit.append(row({ source: `10.0.0.${i}` }));
    expect(rows()).toHaveLength(2);
    await audit.close();
    expect(rows().at(-1)).toMatchObject({ actor: 'system', action: 'audit.suppressed' });
    expect(JSON.parse(rows().at(-1)?.detail ?? '').suppressed).toBe(8);
  });

  it('prunes down to the newest rows in batches of appends, not on every append', async () => {
    const { audit, rows, clock } = bounded({ maxRows: 1_000 });
    for (let i = 0; i < 1_099; i++)
      await audit.append(row({ at: clock.now(), outcome: 'ok', action: `a${i}` }));
    expect(rows()).toHaveLength(1_099);
    await audit.append(row({ at: clock.now(), outcome: 'ok', action: 'a1099' }));
    expect(rows()).toHaveLength(1_000);
    expect(rows()[0]?.action).toBe('a100');
  });

  it('prunes rows past their age on a timer a minute after an append', async () => {
    const { audit, rows, clock } = bounded({ maxAgeMs: 3_600_000 });
    await audit.append(row({ at: clock.now(), outcome: 'ok', action: 'old' }));
    await clock.advance(3_600_000);
    await audit.append(row({ at: clock.now(), outcome: 'ok', action: 'new' }));
    expect(rows()).toHaveLength(2);
    await clock.advance(60_000);
    expect(rows().map((r) => r.action)).toEqual(['new']);
    // Nothing appended since: no timer is left armed.
    expect(clock.pending).toBe(0);
  });
});
