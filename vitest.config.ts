import { defineConfig } from 'vitest/config';

// Two projects: `unit` (beside the code, no external parts) and `integration`
// (tests/, real Docker Engine and Chromium from the test bed). `npm test` runs both.

// Before every test file: property tests take their seed from BOSUN_FC_SEED when it is set.
const setupFiles = ['packages/protocol/src/testing/property-setup.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/cloudflare/local/**/*.test.ts',
            'lint/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles,
          // A safety net, not a speed goal: the property tests run hundreds of cases and took up
          // to 9 s on a 2-core machine busy with other work; 5 s (vitest's default) failed them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['tests/kit/global-setup.ts'],
          // Integration files share Docker engines; run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
