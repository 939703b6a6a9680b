export { toD1StoreError } from './d1-errors.ts';
export { D1StoreHealth } from './d1-health.ts';
export type { D1Like, D1ResultLike, D1StatementLike } from './d1-like.ts';
export { type D1Store, openD1Store } from './d1-store.ts';
export { D1_MIGRATIONS } from './migrations.generated.ts';
export { applyD1Migrations, type D1Migration, MIGRATIONS_TABLE } from './migrations.ts';
