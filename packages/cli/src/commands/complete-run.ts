import { agentListResponseSchema, containerListResponseSchema } from '@bosun/protocol';
import { readConfig } from '../client/config-file.ts';
import { ManagerClient } from '../client/http-client.ts';
import { configPathOf, resolveConnection } from '../client/settings.ts';

// A shell waits for a completion with the person's cursor frozen: better no names than a slow one.
const ANSWER_TIMEOUT_MS = 1500;

/**
 * The body of `bosun __complete`: host names, or HOST/CONTAINER names (of one host once the
 * prefix names it, `db-1/`), starting with `prefix`. The saved token is used as it is, never
 * renewed here (that is a write and another request). Prints nothing on any error.
 */
export async function runComplete(kind: string, prefix: string): Promise<void> {
  try {
    const names = await completeNames(kind, prefix);
    process.stdout.write(names.map((name) => `${name}\n`).join(''));
  } catch {
    // On purpose: whatever went wrong, the shell shows no names rather than an error in the prompt.
  }
}

async function completeNames(kind: string, prefix: string): Promise<string[]> {
  const options = { manager: process.env.BOSUN_MANAGER, config: process.env.BOSUN_CONFIG };
  const { manager, token } = resolveConnection(options, await readConfig(configPathOf(options)));
  const client = new ManagerClient(manager, { token });
  const request = { timeoutMs: ANSWER_TIMEOUT_MS };
  let names: string[];
  if (kind === 'hosts') {
    const { agents } = await client.json('/api/agents', agentListResponseSchema, request);
    names = agents.map((agent) => agent.name);
  } else if (kind === 'containers') {
    const slash = prefix.indexOf('/');
    const query = slash === -1 ? '' : `?${new URLSearchParams({ agent: prefix.slice(0, slash) })}`;
    const { containers } = await client.json(`/api/containers${query}`, containerListResponseSchema, request);
    names = containers.map((container) => `${container.agentName}/${container.name}`);
  } else {
    return [];
  }
  return [...new Set(names.filter((name) => name.startsWith(prefix)))].sort();
}
