import {
  type ApiTokenListQuery,
  agentNameSchema,
  apiTokenListResponseSchema,
  type JoinCommands,
  type JoinTokenCreateBody,
  joinTokenCreatedSchema,
  joinTokenListResponseSchema,
  recordIdSchema,
} from '@bosun/protocol';
import { parseTtlFlag } from '../client/duration.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { formatApiTokensTable, formatJoinTokensTable } from '../client/token-tables.ts';
import { UsageError } from '../exit-codes.ts';

/** The options of `bosun token create`, as Commander parsed them. */
export type CreateOptions = ConnectionOptions & { name?: string; ttl?: string };
/** The options of `bosun token list`, as Commander parsed them. */
export type ListOptions = ConnectionOptions & { all?: boolean; join?: boolean; format: 'table' | 'json' };

// Join tokens' ids are made with this prefix (`jt_…`); API tokens' with `tok_`.
const JOIN_TOKEN_ID_PREFIX = 'jt_';

/** What `bosun token list` does, loaded only when it runs. */
export async function runTokenList(options: ListOptions): Promise<void> {
  const { manager, token } = await loadConnection(options);
  const client = new ManagerClient(manager, { token });
  const lines = (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  if (options.join) {
    const { tokens } = await client.json('/api/join-tokens', joinTokenListResponseSchema);
    process.stdout.write(options.format === 'json' ? lines(tokens) : formatJoinTokensTable(tokens));
    return;
  }
  const query: ApiTokenListQuery = options.all ? { all: '1' } : {};
  const { tokens } = await client.json(
    `/api/api-tokens${options.all ? `?${new URLSearchParams(query)}` : ''}`,
    apiTokenListResponseSchema,
  );
  process.stdout.write(options.format === 'json' ? lines(tokens) : formatApiTokensTable(tokens));
}

/** What `bosun token revoke ID` does, loaded only when it runs. */
export async function runTokenRevoke(id: string, options: ConnectionOptions): Promise<void> {
  if (!recordIdSchema.safeParse(id).success) {
    throw new UsageError('the token id is malformed (copy it from bosun token list)');
  }
  const { manager, token } = await loadConnection(options);
  const kind = id.startsWith(JOIN_TOKEN_ID_PREFIX) ? 'join' : 'api';
  await new ManagerClient(manager, { token }).send(
    `/api/${kind === 'join' ? 'join-tokens' : 'api-tokens'}/${encodeURIComponent(id)}`,
    { method: 'DELETE', timeoutMs: 30_000 },
  );
  process.stderr.write(`Revoked ${kind === 'join' ? 'join' : 'API'} token ${id}.\n`);
}

/** What `bosun token create` does, loaded only when it runs. */
export async function runTokenCreate(options: CreateOptions): Promise<void> {
  const body: JoinTokenCreateBody = {};
  if (options.name !== undefined) {
    if (!agentNameSchema.safeParse(options.name).success) {
      throw new UsageError('--name must be 1-64 characters of letters, digits, ".", "_" or "-"');
    }
    body.name = options.name;
  }
  if (options.ttl !== undefined) body.ttl = parseTtlFlag('--ttl', options.ttl);
  const { manager, token } = await loadConnection(options);
  const created = await new ManagerClient(manager, { token }).json(
    '/api/join-tokens',
    joinTokenCreatedSchema,
    {
      method: 'POST',
      body,
    },
  );
  process.stdout.write(
    `Join token: ${created.token}\nExpires:    ${new Date(created.expiresAt).toISOString()}\n` +
      joinLines(created.command, created.commands),
  );
}

// A manager from before `commands` sends the `bosun agent` line alone.
function joinLines(command: string, commands: JoinCommands | undefined): string {
  if (!commands) return `Run this on the Docker host (the token works once):\n\n  ${command}\n\n`;
  return (
    'Paste one of these lines on the Docker host, as root (the token works once):\n\n' +
    `Container (any Docker host; runs the agent as the container bosun-agent, pasting again replaces it):\n  ${commands.container}\n\n` +
    `Native (a systemd host with Node.js 20.6 or newer; installs the service bosun-agent, pasting again upgrades it):\n  ${commands.native}\n\n` +
    `Or, where the bosun command is installed:\n  ${command}\n\n`
  );
}
