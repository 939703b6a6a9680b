import { describeLogFidelity, engineFromEnv, useScriptedAgent } from '../kit/index.ts';

// The in-process agent against `docker logs`; the agent image runs the same cases
// (tests/images).
const engine = engineFromEnv();
const bed = useScriptedAgent(engine);

describeLogFidelity('agent log fidelity against docker logs', engine, () => ({
  manager: bed.manager,
  agentLog: () => JSON.stringify(bed.agent.logs.slice(-12)),
}));
