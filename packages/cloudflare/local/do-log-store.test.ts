import { describeLogStoreContract } from '@bosun/hub/testing';
import { afterAll } from 'vitest';
import { DoLogStoreHost } from './testing/do-log-store-client.ts';

let host: DoLogStoreHost | undefined;
let opened = 0;
afterAll(() => host?.dispose());

describeLogStoreContract('DoLogStore (workerd)', (options) => {
  host ??= new DoLogStoreHost();
  opened += 1;
  return host.open(
    `store-${opened}`,
    options.retention ?? { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 },
    options.queueBytes,
  );
});
