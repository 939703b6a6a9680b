import { createManagerKeyPkcs8, importManagerKey } from '../manager-key.ts';
import type { ManagerKey } from '../ports/manager-key.ts';

/**
 * A manager key made when first used and kept only in memory: for test hubs, which need one
 * synchronously and must not share a key written anywhere.
 */
export function ephemeralManagerKey(): ManagerKey {
  let key: Promise<ManagerKey> | undefined;
  const loaded = () => {
    key ??= createManagerKeyPkcs8().then((pkcs8) => importManagerKey(new Uint8Array(pkcs8)));
    return key;
  };
  return {
    publicKey: async () => (await loaded()).publicKey(),
    sign: async (message) => (await loaded()).sign(message),
  };
}
