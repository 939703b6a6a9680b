// The fan-out's own pieces, for benchmarks that measure it alone, without sockets or agents.
export { PacedFanOut } from '../logs/fan-out.ts';
export { Subscriber } from '../logs/subscriber.ts';
export { subscriptionFilterOf } from '../logs/subscription-filter.ts';
export { HubCounters } from '../stats/hub-counters.ts';
export { ephemeralManagerKey } from './ephemeral-manager-key.ts';
export { FakeAgent, type FakeAgentOptions, type FakeAgentRequest } from './fake-agent.ts';
export { FakeClock, settle } from './fake-clock.ts';
export { FakeConnection } from './fake-connection.ts';
export { FakeViewer, type ViewerSubscription } from './fake-viewer.ts';
export { containerId, containerSummary, dockerTs, HOST_FACTS, logLines, principal } from './fixtures.ts';
export { describeLogStoreContract, type LogStoreContractOptions } from './log-store-contract.ts';
export { MemoryLogStore, type MemoryLogStoreOptions } from './memory-log-store.ts';
export { MemoryStore } from './memory-store.ts';
export { describeStoreContract } from './store-contract.ts';
export { TestHub, type TestHubOptions } from './test-hub.ts';
