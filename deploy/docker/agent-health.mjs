// The agent image's health check: healthy only while the agent is connected to its manager. The
// agent keeps its link's status in a small JSON file (BOSUN_STATUS_FILE, else link-status.json in
// BOSUN_STATE_DIR), rewritten on connect, on each answered heartbeat and on disconnect; a
// connected status past its `validUntil` means the agent stopped refreshing it. Exits 0 when
// healthy, else 1 with the reason on stdout, which Docker keeps in the container's health log.
// Plain Node, no dependencies: it runs inside the image beside the single-file agent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const file =
  process.env.BOSUN_STATUS_FILE ||
  join(process.env.BOSUN_STATE_DIR || '/var/lib/bosun/agent', 'link-status.json');

function fail(reason) {
  process.stdout.write(`unhealthy: ${reason}\n`);
  process.exit(1);
}

let status;
try {
  status = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  fail(`cannot read ${file}: ${error.message}`);
}
if (typeof status !== 'object' || status === null || typeof status.connected !== 'boolean') {
  fail(`${file} is not a link status`);
}
if (!status.connected) fail(`not connected to ${status.manager} (since ${status.at})`);
const validUntil = Date.parse(status.validUntil);
if (Number.isNaN(validUntil)) fail(`${file} has no valid validUntil`);
if (Date.now() > validUntil) fail(`the agent last refreshed its status at ${status.at}: stale`);
process.stdout.write(`healthy: connected to ${status.manager} (${status.at})\n`);
