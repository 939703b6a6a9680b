import { sha256Hex } from '@bosun/hub';

/**
 * Whether two secrets are equal, in time that does not depend on where they differ: both are
 * hashed first, so the comparison runs over two digests of the same length whatever was sent.
 */
export async function equalSecrets(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256Hex(given), sha256Hex(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
