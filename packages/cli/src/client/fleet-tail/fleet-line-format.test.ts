import type { LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import {
  type FleetFormat,
  formatFleetLine,
  jsonRecord,
  prefixColour,
  prefixText,
} from './fleet-line-format.ts';
import { tailSource } from './tail-source.ts';

const source = tailSource({ agentName: 'vm', name: 'web-1', id: 'a'.repeat(64) });
const plain: FleetFormat = { json: false, prefix: true, colour: false, timestamps: false };

function line(text: string, extra: Partial<LogLine> = {}): LogLine {
  return { kind: 'line', seq: 7, ts: '2024-01-01T00:00:00.5Z', stream: 'stderr', text, ...extra };
}

const text = (parts: Buffer[]) => Buffer.concat(parts).toString('utf8');

describe('fleet line format', () => {
  it('prefixes host/container padded, as docker compose logs does', () => {
    expect(text(formatFleetLine(source, line('hello'), plain, 12))).toBe('vm/web-1     | hello\n');
  });

  it('prints docker logs bytes without a prefix', () => {
    const bytes = formatFleetLine(
      source,
      line('no newline', { partial: true }),
      { ...plain, prefix: false },
      0,
    );
    expect(text(bytes)).toBe('no newline');
  });

  it('ends a prefixed partial line so the next one starts on its own', () => {
    expect(text(formatFleetLine(source, line('half', { partial: true }), plain, 0))).toBe(
      'vm/web-1 | half\n',
    );
  });

  it('puts the timestamp after the prefix', () => {
    expect(text(formatFleetLine(source, line('x'), { ...plain, timestamps: true }, 0))).toBe(
      'vm/web-1 | 2024-01-01T00:00:00.500000000Z x\n',
    );
  });

  it('colours the prefix only, the same colour for the same container', () => {
    expect(prefixText('vm/web-1', 0, true)).toBe(`\x1b[${prefixColour('vm/web-1')}mvm/web-1 | \x1b[0m`);
    expect(prefixColour('vm/web-1')).toBe(prefixColour('vm/web-1'));
  });

  it('writes a JSON object per line with its level', () => {
    const record = JSON.parse(jsonRecord(source, line('ERROR: boom')));
    expect(record).toEqual({
      host: 'vm',
      container: 'web-1',
      id: 'a'.repeat(64),
      stream: 'stderr',
      ts: '2024-01-01T00:00:00.5Z',
      text: 'ERROR: boom',
      level: 'error',
    });
    expect(JSON.parse(jsonRecord(source, line('plain'))).level).toBeNull();
  });

  it('writes markers as their own objects', () => {
    const record = JSON.parse(
      jsonRecord(source, { kind: 'restart', afterSeq: 3, ts: '2024-01-01T00:00:01Z' }),
    );
    expect(record).toMatchObject({
      host: 'vm',
      container: 'web-1',
      kind: 'restart',
      ts: '2024-01-01T00:00:01Z',
    });
  });
});
