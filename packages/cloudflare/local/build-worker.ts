import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The Worker's entry, as wrangler's `main` names it. */
export const WORKER_ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/**
 * The Worker as one ES module, bundled the way wrangler bundles it for deploy (esbuild, ESM,
 * the Workers' export conditions), for Miniflare to run without wrangler in between.
 */
export async function buildWorker(): Promise<string> {
  const result = await build({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:*'],
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no Worker bundle');
  return output.text;
}
