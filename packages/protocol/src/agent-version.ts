import { BOSUN_VERSION } from './version.ts';
import { PROTOCOL_VERSION } from './wire-compat.ts';

// Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH, an optional pre-release after `-`, optional
// build metadata after `+` (which precedence ignores).
const SEMVER =
  /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * How semantic version `a` orders against `b` (negative: older, 0: same precedence, positive:
 * newer), by the rules of Semantic Versioning 2.0.0: a pre-release is older than its release,
 * build metadata does not count. Undefined when either is not a semantic version: an agent built
 * from a fork or a development tree may send anything, and nothing can be said about it.
 */
export function compareVersions(a: string, b: string): number | undefined {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (left === null || right === null) return undefined;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(left[i]) - Number(right[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  return comparePreReleases(left[4], right[4]);
}

/** Whether `agentVersion` is an older semantic version than the manager's `managerVersion`. */
export function isOlderVersion(agentVersion: string, managerVersion: string = BOSUN_VERSION): boolean {
  return (compareVersions(agentVersion, managerVersion) ?? 0) < 0;
}

/**
 * Whether a manager of this build lists an agent as outdated, one to upgrade: it speaks an older
 * protocol (accepted, see wire-compat.ts) or runs an older bosun than the manager.
 */
export function isOutdatedAgent(
  software: { protocol: number; agentVersion: string },
  managerVersion: string = BOSUN_VERSION,
): boolean {
  return software.protocol < PROTOCOL_VERSION || isOlderVersion(software.agentVersion, managerVersion);
}

function comparePreReleases(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = compareIdentifiers(left[i]!, right[i]!);
    if (diff !== 0) return diff;
  }
  return Math.sign(left.length - right.length);
}

// Numeric identifiers compare as numbers and before alphanumeric ones, which compare in ASCII order.
function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
