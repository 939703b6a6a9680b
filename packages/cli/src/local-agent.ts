import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { Agent, agentSocketUrl, CredentialStore, type LinkTls } from '@bosun/agent';
import type { Companion, ListeningManager, StartCompanion } from '@bosun/server';

/** Which Docker the local agent serves and under what name. */
export type LocalAgentOptions = {
  /** Docker Engine to serve (default: DOCKER_HOST or the local socket). */
  dockerHost?: string;
  /** Agent name (default: this machine's hostname). */
  name?: string;
};

/** The running local agent: its state folder, and `stop`, which waits for its link to close. */
export type LocalAgent = Companion & { agent: Agent; stateDir: string };

// Long enough for a slow first Docker answer; the token is used seconds after it is made.
const JOIN_TOKEN_TTL_MS = 10 * 60 * 1000;
const STOP_TIMEOUT_MS = 3000;

/**
 * The agent for this machine's own Docker, in the manager's process: one command gives a
 * working single-host setup. Composed here, where the manager and the agent meet, and handed to
 * `startManager` as its companion. It enrols like any other agent (a join token, then a
 * credential in `<dataDir>/local-agent`), so it can be listed, revoked and audited the same way.
 */
export function localAgent(config: LocalAgentOptions): StartCompanion {
  return (manager) => startLocalAgent(manager, config);
}

async function startLocalAgent(manager: ListeningManager, config: LocalAgentOptions): Promise<LocalAgent> {
  const { hub, logger } = manager;
  const stateDir = join(manager.dataDir, 'local-agent');
  const credentials = new CredentialStore(stateDir);
  const credentialFile = credentials.path;
  const log = logger.child({ component: 'local-agent' });
  let joinToken: string | undefined;
  if (!(await credentials.exists())) {
    const created = await hub.createJoinToken({
      createdBy: 'system',
      ttlMs: JOIN_TOKEN_TTL_MS,
      ...(config.name === undefined ? {} : { name: config.name }),
    });
    joinToken = created.token;
  }
  const agent = new Agent({
    managerUrl: agentSocketUrl(manager.url),
    ...(manager.certificate === undefined ? {} : { tls: ownCertificate(manager.certificate) }),
    stateDir,
    ...(joinToken === undefined ? {} : { joinToken }),
    ...(config.name === undefined ? {} : { name: config.name }),
    ...(config.dockerHost === undefined ? {} : { dockerHost: config.dockerHost }),
    log: (level, msg, fields) => log[level](fields ?? {}, msg),
    onFatal: (error) => {
      // A revoked local agent stays revoked; enrolling it again is a deliberate act.
      log.error(
        { code: error.code },
        `the manager refused the local agent (${error.message}); to enrol it again, remove ${credentialFile} and restart`,
      );
    },
  });
  await agent.start();
  return {
    agent,
    stateDir,
    stop: () => agent.stopWithin(STOP_TIMEOUT_MS),
  };
}

/**
 * How the local agent trusts its own manager over wss on loopback: that manager's certificate
 * and nothing else. The certificate names the manager's public host, not the loopback address
 * the agent dials, so the host-name check is replaced by comparing the certificate itself; the
 * chain file may hold no root, so its own certificates are the trust anchors.
 */
function ownCertificate(chainPem: string): LinkTls {
  const own = new X509Certificate(chainPem);
  return {
    ca: chainPem,
    allowPartialTrustChain: true,
    checkServerIdentity: (_host: string, peer: PeerCertificate) =>
      peer.raw?.equals(own.raw) ? undefined : new Error("not the manager's own certificate"),
  };
}
