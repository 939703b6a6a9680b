import { type DataOf, PROTOCOL_VERSION, ProtocolError, type ResultOf } from '@bosun/protocol';
import type { Clock } from '../ports/clock.ts';
import type { AgentRecord, Store } from '../ports/store.ts';
import { newId, randomToken, sha256Hex } from '../secrets.ts';
import { sanitizeAgentName, uniqueAgentName } from './agent-names.ts';

export type AgentHello = DataOf<'agent.hello'>;

/** What a successful hello yields: the agent's identity and the answer to send it. */
export type Welcome = { record: AgentRecord; result: ResultOf<'agent.hello'>; joined: boolean };

const unauthorized = () => new ProtocolError('unauthorized', 'unknown, used, expired or revoked credential');

/**
 * Turns a hello into an identity. Identity comes from the secret only, never from the name the
 * agent proposes: a join token is exchanged once for a fresh agent and credential, a credential
 * finds its agent by hash. Only hashes are stored.
 */
export class HelloAuthenticator {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #heartbeatSeconds: number;
  // Joins run one at a time so two agents joining at once cannot both pick the same free name.
  // The chain holds one step per join in progress, each from a socket under the hello deadline.
  #joins: Promise<unknown> = Promise.resolve();

  constructor(store: Store, clock: Clock, heartbeatSeconds: number) {
    this.#store = store;
    this.#clock = clock;
    this.#heartbeatSeconds = heartbeatSeconds;
  }

  async authenticate(hello: AgentHello): Promise<Welcome> {
    if (hello.protocol !== PROTOCOL_VERSION) throw protocolMismatch(hello.protocol);
    if ('joinToken' in hello.auth) {
      const token = hello.auth.joinToken;
      const joined = this.#joins.then(() => this.#join(hello, token));
      this.#joins = joined.catch(() => undefined);
      return joined;
    }
    return this.#resume(hello, hello.auth.credential);
  }

  async #join(hello: AgentHello, joinToken: string): Promise<Welcome> {
    const now = this.#clock.now();
    const agentId = newId('agt_');
    const token = await this.#store.joinTokens.consume(await sha256Hex(joinToken), now, agentId);
    if (!token) throw unauthorized();
    const taken = new Set(
      (await this.#store.agents.list()).filter((a) => a.revokedAt === null).map((a) => a.name),
    );
    const name = uniqueAgentName(sanitizeAgentName(hello.name ?? token.name ?? hello.host.hostname), taken);
    const credential = randomToken();
    const record: AgentRecord = {
      id: agentId,
      name,
      credentialHash: await sha256Hex(credential),
      createdAt: now,
      lastSeenAt: now,
      revokedAt: null,
      host: hello.host,
    };
    await this.#store.agents.create(record);
    return {
      record,
      joined: true,
      result: { agentId, name, credential, heartbeatSeconds: this.#heartbeatSeconds },
    };
  }

  async #resume(hello: AgentHello, credential: string): Promise<Welcome> {
    const found = await this.#store.agents.byCredentialHash(await sha256Hex(credential));
    if (!found || found.revokedAt !== null) throw unauthorized();
    const now = this.#clock.now();
    await this.#store.agents.touch(found.id, now, hello.host);
    const record: AgentRecord = { ...found, lastSeenAt: now, host: hello.host };
    return {
      record,
      joined: false,
      result: { agentId: record.id, name: record.name, heartbeatSeconds: this.#heartbeatSeconds },
    };
  }
}

function protocolMismatch(version: unknown): ProtocolError {
  return new ProtocolError(
    'protocol_mismatch',
    `this manager speaks protocol ${PROTOCOL_VERSION}, the agent ${String(version)}: upgrade the older side`,
  );
}

const textDecoder = new TextDecoder();

/**
 * A hello from another protocol version may not even fit this version's schema. Its `protocol`
 * field is read leniently so such an agent hears "protocol mismatch" (and stops retrying)
 * rather than "bad frame".
 */
export function mismatchOfRawHello(data: string | Uint8Array): ProtocolError | undefined {
  try {
    const text = typeof data === 'string' ? data : textDecoder.decode(data);
    const parsed = JSON.parse(text) as { subject?: unknown; data?: { protocol?: unknown } };
    const version = parsed?.data?.protocol;
    if (parsed?.subject === 'agent.hello' && typeof version === 'number' && version !== PROTOCOL_VERSION) {
      return protocolMismatch(version);
    }
  } catch {
    // Not JSON: the decode error already says so.
  }
  return undefined;
}
