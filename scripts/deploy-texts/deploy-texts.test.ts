import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_MODULE, renderDeployTexts } from './deploy-texts.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the manager copy of deploy/', () => {
  it('holds install.sh and the agent unit exactly as the repository has them', async () => {
    const committed = await readFile(join(root, GENERATED_MODULE), 'utf8');
    expect(committed, `${GENERATED_MODULE} is stale: run npm run gen:deploy-texts`).toBe(
      await renderDeployTexts(root),
    );
  });
});
