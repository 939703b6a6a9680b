export { type LocalAgent, type LocalAgentOptions, localAgent } from './local-agent.ts';
