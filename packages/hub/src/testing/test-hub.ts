import type { Role } from '@bosun/protocol';
import { Hub } from '../hub.ts';
import type { HubOptions } from '../hub-options.ts';
import type { Principal } from '../principal.ts';
import { FakeAgent, type FakeAgentOptions } from './fake-agent.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeViewer } from './fake-viewer.ts';
import { principal } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

/** A hub over a memory store and a fake clock, with shortcuts to bring agents and viewers in. */
export class TestHub {
  readonly store: MemoryStore;
  readonly clock: FakeClock;
  readonly hub: Hub;

  constructor(options: { store?: MemoryStore; clock?: FakeClock; options?: Partial<HubOptions> } = {}) {
    this.store = options.store ?? new MemoryStore();
    this.clock = options.clock ?? new FakeClock();
    this.hub = new Hub({
      store: this.store,
      clock: this.clock,
      ...(options.options ? { options: options.options } : {}),
    });
  }

  async joinToken(name?: string): Promise<string> {
    const created = await this.hub.createJoinToken({
      createdBy: 'u-admin',
      ...(name === undefined ? {} : { name }),
    });
    return created.token;
  }

  /** A new agent joined with a fresh token and ready for requests. */
  async agent(options: Partial<FakeAgentOptions> = {}): Promise<FakeAgent> {
    const agent = await FakeAgent.connect(this.hub, {
      auth: { joinToken: await this.joinToken() },
      ...options,
    });
    if (!agent.welcome) throw new Error(`agent refused: ${agent.refusal?.message}`);
    await this.clock.advance(0);
    return agent;
  }

  /** The same agent coming back over a new connection with its credential. */
  async reconnect(agent: FakeAgent, options: Partial<FakeAgentOptions> = {}): Promise<FakeAgent> {
    const credential = agent.credential;
    if (!credential) throw new Error('no credential to reconnect with');
    const again = await FakeAgent.connect(this.hub, {
      auth: { credential },
      containers: agent.containers,
      sameHostAs: agent,
      ...options,
    });
    await this.clock.advance(0);
    return again;
  }

  /** A viewer socket of a user with `who` (a role, or a whole principal with its grants). */
  viewer(who: Role | Principal = 'viewer', options: { validate?: boolean } = {}): FakeViewer {
    return new FakeViewer(this.hub, typeof who === 'string' ? principal(who) : who, options);
  }
}
