export { anyString, dockerTimestamp } from './arbitraries.ts';
export { PROPERTY_SEED_VARIABLE, propertySeed } from './property-seed.ts';
