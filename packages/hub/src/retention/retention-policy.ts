import { ProtocolError, RETENTION_POLICIES } from '@bosun/protocol';

/** The Docker label that puts one container under retention (`true`) or keeps it out (`false`). */
export const RETAIN_LABEL = 'bosun.retain';

/** The retention policies a manager or one host can have (protocol's list, so the API shows the same). */
export { RETENTION_POLICIES };

/**
 * Which containers' logs the manager keeps: `labelled` only those labelled `bosun.retain=true`,
 * `all` every container except those labelled `bosun.retain=false`, `none` none, whatever
 * their labels say (a host switched off entirely).
 */
export type RetentionPolicy = (typeof RETENTION_POLICIES)[number];

/** Whether a container with these labels is retained under `policy`. */
export function isRetained(policy: RetentionPolicy, labels: Readonly<Record<string, string>>): boolean {
  if (policy === 'none') return false;
  const label = labels[RETAIN_LABEL]?.trim().toLowerCase();
  if (label === 'true') return true;
  if (label === 'false') return false;
  return policy === 'all';
}

/** A string as a policy, or undefined when it names none. */
export function parseRetentionPolicy(text: string): RetentionPolicy | undefined {
  return RETENTION_POLICIES.find((policy) => policy === text);
}

/**
 * A setting's text as a policy (`what` names the setting in the error: a flag, a variable),
 * or a clear `invalid_data` error.
 */
export function retentionPolicySetting(text: string, what: string): RetentionPolicy {
  const policy = parseRetentionPolicy(text.trim());
  if (!policy) {
    throw new ProtocolError(
      'invalid_data',
      `${what} ${JSON.stringify(text)}: expected all, labelled (the default) or none`,
    );
  }
  return policy;
}
