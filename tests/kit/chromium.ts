import { accessSync, constants } from 'node:fs';
import { TestbedError } from './testbed-error.ts';

const CHROMIUM = '/usr/bin/chromium';

/** The browser the UI tests drive: Debian's chromium package, never a downloaded build. */
export function findChromium(): string {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return CHROMIUM;
  } catch {
    throw new TestbedError(
      `the browser tests need ${CHROMIUM}. On Debian, as root: \`apt-get install -y chromium\` (or run \`bash scripts/ensure-system.sh\`).`,
    );
  }
}
