import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** What an agent keeps after exchanging its join token: its only identity. */
export type StoredCredential = {
  agentId: string;
  name: string;
  credential: string;
  manager: string;
  /**
   * The public key the manager proved when the agent enrolled (raw Ed25519, base64url): the
   * credential goes to no manager that cannot prove it. Absent in files written before managers
   * proved a key; bound on the first proof then (`ManagerBinding`).
   */
  managerKey?: string;
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
  readonly #saving = new Set<Promise<void>>();

  constructor(stateDir: string) {
    this.#dir = stateDir;
    this.path = join(stateDir, FILE_NAME);
  }

  /** Whether a credential file is there (the agent then needs no join token to connect). */
  async exists(): Promise<boolean> {
    try {
      await access(this.path);
      return true;
    } catch {
      return false;
    }
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

  /**
   * Written to a 0600 temp file, fsynced, renamed over the old one, and the folder fsynced: a
   * crash or power cut leaves the old credential or the new one, never half a secret nor an
   * empty file (a rename can reach the disk before the data it names unless the data is synced
   * first, and the rename itself lives in the folder, which is synced after).
   */
  save(value: StoredCredential): Promise<void> {
    const saving = this.#write(value);
    this.#saving.add(saving);
    const forget = () => this.#saving.delete(saving);
    saving.then(forget, forget);
    return saving;
  }

  /** Resolves once no save is under way, so a stopped agent's folder can be removed or moved. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#saving]);
  }

  async #write(value: StoredCredential): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const file = await open(tmp, 'w', 0o600);
      try {
        // An existing temp file keeps its old mode through open(), so tighten it as well.
        await file.chmod(0o600);
        await file.writeFile(`${JSON.stringify(value, null, 2)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncFolder(this.#dir);
  }
}

async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

function isStoredCredential(v: unknown): v is StoredCredential {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.agentId === 'string' &&
    typeof o.name === 'string' &&
    typeof o.credential === 'string' &&
    typeof o.manager === 'string' &&
    (o.managerKey === undefined || typeof o.managerKey === 'string')
  );
}
