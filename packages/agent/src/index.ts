export { Agent, type AgentConfig, type AgentLogger } from './agent.ts';
export { CredentialStore, type StoredCredential } from './credential-store.ts';
export { agentSocketUrl } from './link/manager-url.ts';
export { AGENT_VERSION } from './version.ts';
