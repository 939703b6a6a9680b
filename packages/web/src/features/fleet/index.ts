// What the rest of the UI may use of the fleet feature; everything else is its own.

export { useAgents } from './api/agents.ts';
export { FleetPage } from './components/fleet-page.tsx';
