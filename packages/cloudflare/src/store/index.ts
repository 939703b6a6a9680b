// Interim: replaced by the D1 store.
import type { Store } from '@bosun/hub';
import { MemoryStore } from '@bosun/hub/testing';

export type D1Like = unknown;
export function openD1Store(_db: D1Like): Store {
  return new MemoryStore();
}
export async function applyD1Migrations(_db: D1Like): Promise<void> {}
