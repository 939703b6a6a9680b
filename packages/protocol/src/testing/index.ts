export { anyString, dockerTimestamp } from './arbitraries.ts';
export {
  EXAMPLE_AGENT_VIEW,
  EXAMPLE_CONTAINER_LIST_ITEM,
  EXAMPLE_FLEET_EVENTS,
  EXAMPLE_USER_VIEW,
  HTTP_EXAMPLES,
  type RouteExample,
} from './http-examples.ts';
export { parseExact } from './parse-exact.ts';
export { PROPERTY_SEED_VARIABLE, propertySeed } from './property-seed.ts';
