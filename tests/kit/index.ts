// The bosun test bed: real Docker Engines, a fixture image and labelled
// containers for integration tests, end-to-end tests and benchmarks.

export { buildAgentBundleAs } from './agent-build.ts';
export {
  AGENT_BUNDLE,
  type CliResult,
  finished,
  runBosun,
  spawnAgentBundle,
  spawnBosun,
  type WatchedChild,
  watchChild,
} from './bosun-cli.ts';
export {
  type BuiltImages,
  buildBosunImages,
  containerOutput,
  freeLoopbackPort,
  type ImageRunOptions,
  imageVersion,
  removeVolumes,
  runImage,
  waitForHealth,
} from './bosun-images.ts';
export { findChromium } from './chromium.ts';
export {
  openGate,
  type RunContainerOptions,
  type RunningContainer,
  removeTestContainers,
  runContainer,
  TEST_LABEL,
  TEST_NAME_PREFIX,
  WAIT_AT_GATE,
  waitForExit,
} from './containers.ts';
export { type Engine, engineAt, primaryEngine, startEngine, startEngines } from './docker-engine.ts';
export { type DockerLogsOptions, dockerLogs, waitForDockerLog } from './docker-logs.ts';
export { ensureFixtureImage, FIXTURE_IMAGE } from './fixture-image.ts';
export { entriesToStreams, lineBytes } from './log-bytes.ts';
export { LogDemuxer } from './log-demux.ts';
export { describeLogFidelity, type LogFidelityBed } from './log-fidelity-cases.ts';
export { metricSample } from './metric-sample.ts';
export { ScriptedAgent, type ScriptedAgentOptions, type ScriptedAgentRequest } from './scripted-agent.ts';
export { type ScriptedAgentBed, useScriptedAgent } from './scripted-agent-bed.ts';
export { ScriptedManager } from './scripted-manager.ts';
export { stopStaleEngines } from './stale-engines.ts';
export { allStoredEntries, waitForStoredLine } from './stored-logs.ts';
export { type AgentLogRecord, startTestAgent, type TestAgent } from './test-agent.ts';
export { engineFromEnv } from './test-engine.ts';
export { DOCKER_HOST_HINT, INSTALL_HINT, TestbedError } from './testbed-error.ts';
export { makeTestCertificates, type TestCertificates } from './tls-certs.ts';
export { type WaitForOptions, WaitTimeoutError, waitFor } from './wait-for.ts';
