import { execFileSync } from 'node:child_process';
import { TestbedError } from './testbed-error.ts';

// These machines run no systemd, so the hardening of deploy/systemd/*.service cannot be run as
// systemd would. What Docker can impose, a container runs under instead: the same system-call
// set as the units' `SystemCallFilter=@system-service` with `SystemCallErrorNumber=EPERM` (the
// set read from this machine's systemd-analyze, nested groups expanded), no capabilities
// (`CapabilityBoundingSet=`), `NoNewPrivileges`, a read-only root (`ProtectSystem=strict`) with a
// private /tmp (`PrivateTmp`). If Node or the agent needs a call outside the set, these runs fail.

const EPERM = 1;

let cachedProfile: string | undefined;

/** The system calls of a systemd filter set (`@system-service`), nested sets expanded. */
export function systemdSyscallSet(set: string): string[] {
  const names = new Set<string>();
  const seen = new Set<string>();
  const expand = (group: string) => {
    if (seen.has(group)) return;
    seen.add(group);
    let listing: string;
    try {
      listing = execFileSync('systemd-analyze', ['syscall-filter', group], { encoding: 'utf8' });
    } catch (error) {
      throw new TestbedError(
        `systemd-analyze syscall-filter ${group} failed (${(error as Error).message}); on Debian: apt-get install -y systemd`,
      );
    }
    // The first line names the group; comments start with '#'; members are names or '@groups'.
    for (const line of listing.split('\n').slice(1)) {
      const word = line.trim();
      if (word === '' || word.startsWith('#')) continue;
      if (word.startsWith('@')) expand(word);
      else names.add(word);
    }
  };
  expand(set);
  return [...names].sort();
}

/**
 * A Docker seccomp profile allowing the calls of the units' `SystemCallFilter=@system-service`
 * on this machine's architecture and refusing every other with EPERM, as
 * `SystemCallErrorNumber=EPERM` does.
 */
export function unitSeccompProfile(): string {
  cachedProfile ??= JSON.stringify({
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    // SystemCallArchitectures=native
    architectures: ['SCMP_ARCH_X86_64'],
    syscalls: [{ names: systemdSyscallSet('@system-service'), action: 'SCMP_ACT_ALLOW' }],
  });
  return cachedProfile;
}

/** Container settings standing in for the units' hardening (see above). */
export function unitConfinement(): {
  ReadonlyRootfs: boolean;
  CapDrop: string[];
  SecurityOpt: string[];
  Tmpfs: Record<string, string>;
} {
  return {
    ReadonlyRootfs: true,
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges', `seccomp=${unitSeccompProfile()}`],
    Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=16m' },
  };
}
