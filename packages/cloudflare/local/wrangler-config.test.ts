import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { experimental_readRawConfig } from 'wrangler';
import { COMPATIBILITY_DATE } from './start-local.ts';

const CONFIG = fileURLToPath(new URL('../wrangler.jsonc', import.meta.url));
const { rawConfig: config } = experimental_readRawConfig({ config: CONFIG });

describe('wrangler.jsonc', () => {
  it('names the compatibility date the local runner gives workerd, without nodejs_compat', () => {
    expect(config.compatibility_date).toBe(COMPATIBILITY_DATE);
    expect(config.compatibility_flags ?? []).not.toContain('nodejs_compat');
  });

  it('binds what the Worker reads: MANAGER on SQLite storage, DB with its migrations, ASSETS first through the Worker', () => {
    expect(config.main).toBe('src/index.ts');
    expect(config.durable_objects?.bindings).toEqual([{ name: 'MANAGER', class_name: 'ManagerObject' }]);
    expect(
      (config.migrations ?? []).flatMap((m: { new_sqlite_classes?: string[] }) => m.new_sqlite_classes ?? []),
    ).toEqual(['ManagerObject']);
    expect(config.d1_databases).toEqual([
      expect.objectContaining({ binding: 'DB', database_name: 'bosun', migrations_dir: 'migrations' }),
    ]);
    expect(config.assets).toMatchObject({
      binding: 'ASSETS',
      run_worker_first: true,
      not_found_handling: 'single-page-application',
    });
  });

  it('keeps the secrets out of its vars', () => {
    expect(Object.keys(config.vars ?? {})).not.toContain('BOSUN_ADMIN_PASSWORD');
    expect(Object.keys(config.vars ?? {})).not.toContain('BOSUN_METRICS_TOKEN');
  });
});
