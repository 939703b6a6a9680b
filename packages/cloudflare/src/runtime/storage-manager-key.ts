import { createManagerKeyPkcs8, importManagerKey, type ManagerKey } from '@bosun/hub';

/** The part of a Durable Object's storage the key needs. */
export type KeyStorage = {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
};

const KEY_NAME = 'manager-key-pkcs8';

/**
 * The manager's Ed25519 key, kept in the object's own storage: made on the first start and the
 * same on every start after, since agents refuse a manager whose key changed.
 */
export async function loadStorageManagerKey(storage: KeyStorage): Promise<ManagerKey> {
  let pkcs8 = await storage.get<Uint8Array>(KEY_NAME);
  if (!pkcs8) {
    pkcs8 = await createManagerKeyPkcs8();
    await storage.put(KEY_NAME, pkcs8);
  }
  return importManagerKey(new Uint8Array(pkcs8));
}
