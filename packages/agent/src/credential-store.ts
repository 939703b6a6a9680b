import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What an agent keeps after exchanging its join token: its only identity. */
export type StoredCredential = {
  agentId: string;
  name: string;
  credential: string;
  manager: string;
};

const FILE_NAME = 'credential.json';

/**
 * The agent's credential on disk: one JSON file in the state folder, written 0600 in a 0700
 * folder and replaced atomically, so the secret is never readable by others nor left half written.
 */
export class CredentialStore {
  /** Where the credential file is (or will be). */
  readonly path: string;
  readonly #dir: string;

  constructor(stateDir: string) {
    this.#dir = stateDir;
    this.path = join(stateDir, FILE_NAME);
  }

  /** The stored credential, `undefined` when there is none; throws on a file that is not one. */
  async load(): Promise<StoredCredential | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isStoredCredential(parsed)) {
      throw new Error(`${this.path} is not a bosun credential file; remove it to join again`);
    }
    return parsed;
  }

  /** Written to a 0600 temp file and renamed, so a crash never leaves half a secret. */
  async save(value: StoredCredential): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }
}

function isStoredCredential(v: unknown): v is StoredCredential {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.agentId === 'string' &&
    typeof o.name === 'string' &&
    typeof o.credential === 'string' &&
    typeof o.manager === 'string'
  );
}
