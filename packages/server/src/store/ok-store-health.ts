import type { StoreHealth } from '@bosun/api';

/** A store health that always answers ok and counts no errors: what the manager reports until it watches its store. */
export function okStoreHealth(): StoreHealth {
  return { state: () => ({ ok: true, errorsTotal: 0 }) };
}
