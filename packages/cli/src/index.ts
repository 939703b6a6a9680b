export { EXIT } from './exit-codes.ts';
export { type LocalAgent, type LocalAgentOptions, localAgent } from './local-agent.ts';
