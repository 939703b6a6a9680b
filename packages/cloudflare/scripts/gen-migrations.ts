// Writes src/store/migrations.generated.ts from migrations/*.sql: node packages/cloudflare/scripts/gen-migrations.ts
import { writeFile } from 'node:fs/promises';
import { GENERATED_MODULE, renderMigrationsModule } from '../local/migrations-module.ts';

await writeFile(GENERATED_MODULE, await renderMigrationsModule());
