import { join } from 'node:path';
import { Agent, agentSocketUrl, CredentialStore } from '@bosun/agent';

/** The agent `npm run dev:cloudflare` runs for this machine's Docker. */
export type DevAgentOptions = {
  managerUrl: string;
  /** Its credential lives in `<dataDir>/local-agent`, as the Node manager's local agent's does. */
  dataDir: string;
  /** Called only when the folder holds no credential yet: the token to enrol with. */
  joinToken: () => Promise<string | undefined>;
  name: string | undefined;
  dockerHost: string | undefined;
};

/** A running dev agent; `stop` resolves once its link is closed (or after a short wait). */
export type DevAgent = { stateDir: string; stop(): Promise<void> };

const STOP_TIMEOUT_MS = 3000;

/**
 * The agent for this machine's Docker, enrolled like any other agent (a join token, then a
 * credential in its state folder), in this process, as `bosun manager` runs its local agent.
 * Undefined when it has no credential and no join token could be had.
 */
export async function startDevAgent(options: DevAgentOptions): Promise<DevAgent | undefined> {
  const stateDir = join(options.dataDir, 'local-agent');
  const credentials = new CredentialStore(stateDir);
  const credentialFile = credentials.path;
  const enrolled = await credentials.exists();
  const joinToken = enrolled ? undefined : await options.joinToken();
  if (joinToken === undefined && !enrolled) return undefined;
  const agent = new Agent({
    managerUrl: agentSocketUrl(options.managerUrl),
    stateDir,
    ...(joinToken === undefined ? {} : { joinToken }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.dockerHost === undefined ? {} : { dockerHost: options.dockerHost }),
    log: (level, msg, fields) => {
      const line = `local agent ${level}: ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`;
      process.stderr.write(line);
    },
    onFatal: (error) => {
      // A revoked local agent stays revoked; enrolling it again is a deliberate act.
      process.stderr.write(
        `the manager refused the local agent (${error.message}); to enrol it again, remove ${credentialFile} and restart\n`,
      );
    },
  });
  await agent.start();
  return {
    stateDir,
    stop: () => agent.stopWithin(STOP_TIMEOUT_MS),
  };
}
