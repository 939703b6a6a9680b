// The agent as the `bosun` command runs it: one Agent per host, its credential store, and the
// manager URL rules. Its stages (logs/, streams/, link/, docker/) are described where they live.
export { Agent, type AgentConfig, type AgentLogger } from './agent.ts';
export { CredentialStore, type StoredCredential } from './credential-store.ts';
export { agentSocketUrl } from './link/manager-url.ts';
export { AGENT_VERSION } from './version.ts';
