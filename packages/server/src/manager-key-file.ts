import { chmod, link, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createManagerKeyPkcs8, importManagerKey, type ManagerKey } from '@bosun/hub';
import type { Logger } from './logger.ts';

/** The manager key's file in the data folder. */
export const MANAGER_KEY_FILE = 'manager-key.pem';

const PEM_LABEL = 'PRIVATE KEY';

/**
 * The manager's key on Node: an Ed25519 private key (PKCS #8 PEM, which `openssl pkey` reads) in a
 * 0600 file in the data folder, made on the first start. Agents keep its public half from their
 * enrolment and refuse a manager that cannot sign with it, so losing this file means enrolling
 * every agent again: it goes with the database in backups.
 */
export async function loadManagerKey(dataDir: string, logger: Logger): Promise<ManagerKey> {
  const path = join(dataDir, MANAGER_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    pem = await createKeyFile(path);
    logger.info({ path }, 'created the manager key; agents bind their credentials to it');
  }
  const der = pemToDer(pem);
  if (!der) throw new Error(`${path} is not a PEM private key; restore it from a backup`);
  try {
    return await importManagerKey(der);
  } catch (error) {
    throw new Error(`${path} is not an Ed25519 private key (${String(error)}); restore it from a backup`);
  }
}

// Written to a temp file first and linked into place only if no key is there yet: a crash leaves
// no half key, and two managers starting on one folder cannot each keep a different one.
async function createKeyFile(path: string): Promise<string> {
  const pem = derToPem(await createManagerKeyPkcs8());
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.chmod(0o600);
      await file.writeFile(pem);
      await file.sync();
    } finally {
      await file.close();
    }
    await linkNew(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  const kept = await readFile(path, 'utf8');
  await chmod(path, 0o600);
  return kept;
}

async function linkNew(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    // Another manager on the same folder made it first: keep that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    // A file system without hard links: a rename is atomic too, only not exclusive.
    if ((error as NodeJS.ErrnoException).code === 'EPERM') await rename(from, to);
    else throw error;
  }
}

function derToPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${PEM_LABEL}-----\n${lines.join('\n')}\n-----END ${PEM_LABEL}-----\n`;
}

function pemToDer(pem: string): Uint8Array<ArrayBuffer> | undefined {
  const match = new RegExp(`-----BEGIN ${PEM_LABEL}-----([A-Za-z0-9+/=\\s]+)-----END ${PEM_LABEL}-----`).exec(
    pem,
  );
  if (!match?.[1]) return undefined;
  return new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
}
