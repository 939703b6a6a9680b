/** The environment variable that fixes the seed of every property test, to replay a failure. */
export const PROPERTY_SEED_VARIABLE = 'BOSUN_FC_SEED';

/**
 * The seed `BOSUN_FC_SEED` asks for, or undefined when it is unset or empty: fast-check then
 * picks a fresh seed for each property and prints it (`{ seed: …, path: … }`) when one fails,
 * and `BOSUN_FC_SEED=<that seed> npx vitest run <file>` runs that property again on the same
 * inputs. Anything but an integer is refused, so a mistyped seed cannot pass for a replay.
 */
export function propertySeed(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[PROPERTY_SEED_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const seed = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(seed)) {
    throw new Error(
      `${PROPERTY_SEED_VARIABLE} must be an integer seed as fast-check prints it, not ${JSON.stringify(raw)}`,
    );
  }
  return seed;
}
