import fc from 'fast-check';
import { propertySeed } from './property-seed.ts';

// Vitest runs this before every test file (setupFiles in vitest.config.ts), so every `fc.assert`
// of every package shares these parameters without passing them: a seed from BOSUN_FC_SEED
// replays a printed failure, whichever property it came from.
const seed = propertySeed(process.env);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
