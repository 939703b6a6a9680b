// The agent as the `bosun` command runs it: one Agent per host, its credential store, and the
// manager URL rules. Its stages (logs/, streams/, link/, docker/) are described where they live.
export { Agent, type AgentConfig, type AgentLogger } from './agent.ts';
export { CredentialStore, type StoredCredential } from './credential-store.ts';
export type { LinkTls } from './link/manager-link.ts';
export { agentSocketUrl } from './link/manager-url.ts';
export {
  ContainerLogPipeline,
  type ContainerLogPipelineOptions,
  type Scheduler,
} from './logs/container-log-pipeline.ts';
export { DockerFrameDemuxer, type DockerFrameDemuxerOptions } from './logs/docker-frame-demuxer.ts';
export { OutboundLogQueue, type OutboundLogQueueOptions } from './logs/outbound-log-queue.ts';
export { ManagerBinding } from './manager-binding.ts';
export { AGENT_VERSION } from './version.ts';
