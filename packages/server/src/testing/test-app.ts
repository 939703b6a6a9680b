import { FakeStoreHealth, TestRuntime } from '@bosun/api/testing';
import { ephemeralManagerKey, FakeClock, MemoryStore } from '@bosun/hub/testing';
import { scryptPasswordHasher } from '../auth/passwords.ts';
import { createApp } from '../http/app.ts';
import { DEFAULT_SERVER_LIMITS } from '../limits.ts';
import { silentLogger } from '../logger.ts';
import type { DownloadFiles } from '../routes/downloads.ts';
import { buildServerDeps } from '../server-deps.ts';

/** What a route test varies in the Node manager's app; the rest is an empty, quiet manager. */
export type TestAppOptions = {
  publicUrl?: string;
  webDir?: string;
  downloads?: DownloadFiles;
};

/** The Node manager's whole HTTP app over an in-memory store, for tests of its own routes. */
export function testServerApp(options: TestAppOptions = {}): ReturnType<typeof createApp> {
  return createApp(
    buildServerDeps({
      store: new MemoryStore(),
      storeHealth: new FakeStoreHealth(),
      clock: new FakeClock(),
      logger: silentLogger(),
      limits: DEFAULT_SERVER_LIMITS,
      passwords: scryptPasswordHasher(),
      publicUrl: options.publicUrl,
      webDir: options.webDir,
      downloads: options.downloads ?? {},
      hubOptions: undefined,
      runtime: new TestRuntime(),
      metricsToken: undefined,
      managerKey: ephemeralManagerKey(),
    }),
  );
}
