import { describe, expect, it } from 'vitest';
import { stampAt, viewLine, viewMarker } from '../testing/view-entries.ts';
import { downloadFileName, formatForDownload } from './download.ts';

const items = [
  viewLine('h1/web', 1, 0, { text: '\x1b[32mok\x1b[0m', plain: 'ok' }),
  viewMarker('restart', 'h1/web', 1, 'Container restarted'),
  viewLine('h2/db', 1, 2, { text: 'ready' }),
];

describe('formatForDownload', () => {
  it('writes plain text and markers, one per line', () => {
    expect(formatForDownload(items, { timestamps: false, sourcePrefix: false })).toBe(
      'ok\n--- Container restarted ---\nready\n',
    );
  });

  it('prefixes the timestamp and the source when asked', () => {
    expect(formatForDownload(items, { timestamps: true, sourcePrefix: true })).toBe(
      `${stampAt(0)} [h1/web] ok\n--- Container restarted ---\n${stampAt(2)} [h2/db] ready\n`,
    );
  });

  it('is empty for nothing', () => {
    expect(formatForDownload([], { timestamps: true, sourcePrefix: true })).toBe('');
  });
});

describe('downloadFileName', () => {
  const now = new Date(2026, 10, 25, 6, 30, 0);

  it('names a single source by its container', () => {
    expect(downloadFileName(['host-1/web'], now)).toBe('bosun-web-2026-11-25T06-30-00.log');
  });

  it('calls several sources merged', () => {
    expect(downloadFileName(['a/web', 'b/db'], now)).toBe('bosun-merged-2026-11-25T06-30-00.log');
  });

  it('keeps the name safe for any file system', () => {
    expect(downloadFileName(['a/..'], now)).toBe('bosun-logs-2026-11-25T06-30-00.log');
    expect(downloadFileName(['weird name'], now)).toBe('bosun-weird-name-2026-11-25T06-30-00.log');
  });
});
