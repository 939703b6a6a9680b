import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLogStoreContract } from '@bosun/hub/testing';
import { afterAll } from 'vitest';
import { openSqliteLogStore } from './sqlite-log-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'bosun-log-store-'));
let opened = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeLogStoreContract('SqliteLogStore', (options) => {
  opened += 1;
  return openSqliteLogStore(
    join(dir, `logs-${opened}.db`),
    options.retention ?? { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 },
    options.queueBytes === undefined ? {} : { queueBytes: options.queueBytes },
  );
});
