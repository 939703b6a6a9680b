import { defineConfig } from 'vitest/config';
import { testLanes } from './tests/kit/test-lanes.ts';

// Three projects: `unit` (beside the code, no external parts), `integration` (tests/, real Docker
// Engine and Chromium from the test bed) and `integration-alone`. `npm test` runs all three.
//
// Integration files run `lanes` at a time, each lane on an engine of its own (tests/kit/
// test-lanes.ts), side by side with the unit files. The fault and hostile suites push the manager
// to its limits and report figures, so they run afterwards in `integration-alone`, one at a time
// with nothing beside them.

// Before every test file: property tests take their seed from BOSUN_FC_SEED when it is set.
const setupFiles = ['packages/protocol/src/testing/property-setup.ts'];
const integrationSetupFiles = [...setupFiles, 'tests/kit/file-cleanup.ts'];
const ALONE = ['tests/faults/**/*.test.ts', 'tests/hostile/**/*.test.ts'];
const lanes = testLanes();

const integration = {
  environment: 'node' as const,
  setupFiles: integrationSetupFiles,
  testTimeout: 120_000,
  hookTimeout: 180_000,
  globalSetup: ['tests/kit/global-setup.ts'],
};

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
          // Projects run together only with the same number of workers.
          maxWorkers: Math.max(lanes, 2),
          // A safety net, not a speed goal: the property tests run hundreds of cases and took up
          // to 9 s on a 2-core machine busy with other work; 5 s (vitest's default) failed them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ALONE,
          ...integration,
          maxWorkers: lanes,
        },
      },
      {
        test: {
          name: 'integration-alone',
          include: ALONE,
          ...integration,
          fileParallelism: false,
        },
      },
    ],
  },
});
