import { type ApiDeps, type AppContext, publicBase, shellWord } from '@bosun/api';
import { AGENT_UNIT, INSTALL_SCRIPT_TEMPLATE } from './deploy-texts.generated.ts';

/** Where a new host gets the script that installs the agent as a systemd service. */
export const INSTALL_SCRIPT_PATH = '/install.sh';

// The two lines of deploy/install.sh the manager fills in as it serves the script.
const MANAGER_LINE = "BOSUN_MANAGER_URL='@BOSUN_MANAGER_URL@'";
const UNIT_LINE = '@BOSUN_AGENT_UNIT@';

/**
 * deploy/install.sh with this manager's address and the repository's agent unit
 * (deploy/systemd/bosun-agent.service) in it, so the script the host runs carries the very unit
 * the repository ships rather than a copy of its own. The unit goes in a quoted here-document,
 * which the shell leaves as it is.
 */
export function renderInstallScript(manager: string): string {
  return replaceOnce(
    replaceOnce(INSTALL_SCRIPT_TEMPLATE, MANAGER_LINE, `BOSUN_MANAGER_URL=${shellWord(manager)}`),
    UNIT_LINE,
    AGENT_UNIT.trimEnd(),
  );
}

function replaceOnce(text: string, line: string, by: string): string {
  const at = text.indexOf(`\n${line}\n`);
  if (at < 0 || text.indexOf(`\n${line}\n`, at + 1) >= 0) {
    throw new Error(`deploy/install.sh must hold the line ${line} exactly once`);
  }
  return `${text.slice(0, at + 1)}${by}${text.slice(at + 1 + line.length)}`;
}

/**
 * `GET /install.sh`: the install script for `curl -fsSL <manager>/install.sh | sh`, pointing at the
 * manager's public URL (else the address this request used), public like the downloads it fetches.
 * Never cached: the address in it depends on the request.
 */
export function installScript(deps: Pick<ApiDeps, 'publicUrl'>): (c: AppContext) => Promise<Response> {
  return async (c) =>
    c.text(renderInstallScript(publicBase(c, deps)), 200, {
      'Cache-Control': 'no-store',
      'Content-Type': 'text/x-shellscript; charset=utf-8',
    });
}
