import { defineConfig } from 'rolldown';
import { agentBundleOptions } from './agent-bundle.ts';

// The single-file agent (dist/bosun-agent.mjs; see agent-bundle.ts). Built by
// `npm run build:agent`; `npm test` and `npm run bench` rebuild it when its sources changed.
export default defineConfig(agentBundleOptions());
