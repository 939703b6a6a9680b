import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A private CA and a manager certificate it signed for 127.0.0.1 and localhost, as PEM files. */
export type TestCertificates = {
  /** The CA's certificate: what agents get as `--ca`. */
  caFile: string;
  caPem: string;
  /** The manager's certificate and key: `--tls-cert` and `--tls-key`. */
  certFile: string;
  keyFile: string;
  /** A second CA that signed nothing the manager serves: trusting it must not be enough. */
  otherCaFile: string;
  otherCaPem: string;
  cleanup(): Promise<void>;
};

/**
 * Makes TLS material with openssl at test time, so nothing that looks like a secret is committed:
 * a CA, a manager certificate it signed (EC P-256, a day's validity) and an unrelated CA.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'bosun-tls-'));
  const at = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const name of ['ca', 'other-ca']) {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-days',
      '1',
      '-subj',
      `/CN=bosun test ${name}`,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.pem`),
    ]);
  }
  await run('openssl', [
    'req',
    '-new',
    ...ec,
    '-subj',
    '/CN=bosun test manager',
    '-keyout',
    at('manager.key'),
    '-out',
    at('manager.csr'),
  ]);
  await writeFile(
    at('manager.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    at('manager.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    at('manager.ext'),
    '-out',
    at('manager.pem'),
  ]);
  return {
    caFile: at('ca.pem'),
    caPem: await readFile(at('ca.pem'), 'utf8'),
    certFile: at('manager.pem'),
    keyFile: at('manager.key'),
    otherCaFile: at('other-ca.pem'),
    otherCaPem: await readFile(at('other-ca.pem'), 'utf8'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
