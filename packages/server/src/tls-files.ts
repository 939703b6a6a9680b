import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { ProtocolError } from '@bosun/protocol';

/** Where the manager's TLS certificate (chain) and private key are, as PEM files. */
export type TlsFiles = { certFile: string; keyFile: string };

/** The certificate chain and key, read and checked to belong together. */
export type TlsMaterial = { cert: string; key: string };

/**
 * Reads the certificate and key for `--tls-cert`/`--tls-key` and checks them with Node's own TLS
 * before the manager listens, so a wrong path, a key that does not match its certificate or a
 * file that is no PEM fails the start with a message naming the flag, not the first handshake.
 */
export async function readTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  const cert = await readPem(files.certFile, '--tls-cert');
  const key = await readPem(files.keyFile, '--tls-key');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new ProtocolError(
      'invalid_data',
      `--tls-cert ${files.certFile} and --tls-key ${files.keyFile} cannot be used together: ${(error as Error).message}`,
    );
  }
  return { cert, key };
}

async function readPem(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ProtocolError('invalid_data', `cannot read ${flag} ${path}: ${(error as Error).message}`);
  }
}
