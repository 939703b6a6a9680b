export {
  ApiTestBed,
  type ApiTestBedOptions,
  TEST_ORIGIN,
  type TestClient,
  type TestRequest,
  type TestUser,
} from './api-test-bed.ts';
export { FakePasswordHasher } from './fake-password-hasher.ts';
export { FakeStoreHealth } from './fake-store-health.ts';
export { type LoggedLine, MemoryLogger } from './memory-logger.ts';
export { describePasswordHasherContract } from './password-hasher-contract.ts';
export { expectError, readJson, readNdjson } from './read-json.ts';
export { registeredRoutes } from './registered-routes.ts';
export { TEST_CLIENT_ADDRESS, type TestConnectionFacts, testConnectionOf } from './test-connection.ts';
export { TEST_PROCESS_SAMPLE, TestRuntime } from './test-runtime.ts';
export { TextStream } from './text-stream.ts';
