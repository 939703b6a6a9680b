import { experimental_readRawConfig } from 'wrangler';
import { z } from 'zod';
import { runWrangler } from './wrangler.ts';

/** The D1 binding wrangler.jsonc declares for the manager's store. */
export type D1Binding = { databaseName: string; databaseId: string | undefined };

const bindingSchema = z.object({
  binding: z.string(),
  database_name: z.string().min(1),
  database_id: z.string().min(1).optional(),
});
const configSchema = z.object({ d1_databases: z.array(bindingSchema) });
const listSchema = z.array(z.object({ name: z.string(), uuid: z.string() }));

/** The `DB` binding of the Cloudflare package's wrangler.jsonc. */
export function readD1Binding(configPath: string): D1Binding {
  const { rawConfig } = experimental_readRawConfig({ config: configPath });
  const db = configSchema.parse(rawConfig).d1_databases.find((entry) => entry.binding === 'DB');
  if (!db) throw new Error(`${configPath} has no D1 binding named DB`);
  return { databaseName: db.database_name, databaseId: db.database_id };
}

/**
 * Makes sure the database exists before migrations run. A binding with a database_id names one
 * that exists; one with a name only is found by that name (as wrangler finds it), and created
 * when the account has none of that name.
 */
export async function ensureD1Database(binding: D1Binding): Promise<void> {
  if (binding.databaseId !== undefined) return;
  let listed: string;
  try {
    listed = await runWrangler(['d1', 'list', '--json'], 'capture');
  } catch (error) {
    throw new Error(
      'cannot list your D1 databases: log in with `npx wrangler login` ' +
        '(or set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID), then run `npm run deploy:cloudflare` again',
      { cause: error },
    );
  }
  const databases = listSchema.parse(JSON.parse(listed));
  if (databases.some((db) => db.name === binding.databaseName)) return;
  process.stdout.write(`bosun: creating the D1 database ${binding.databaseName}\n`);
  await runWrangler(['d1', 'create', binding.databaseName, '--no-update-config']);
}

const executeSchema = z.array(z.object({ results: z.array(z.object({ n: z.number() })) }));

/** How many users the deployed manager's database holds (0 before its first start). */
export async function remoteUserCount(): Promise<number> {
  const out = await runWrangler(
    ['d1', 'execute', 'DB', '--remote', '--json', '--command', 'SELECT count(*) AS n FROM users'],
    'capture',
  );
  return executeSchema.parse(JSON.parse(out))[0]?.results[0]?.n ?? 0;
}
