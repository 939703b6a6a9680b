import type { RouteAccess } from '@bosun/protocol';
import type { Caller, ContainerControl, MatrixBed } from './role-matrix-cases.ts';
import { unique } from './role-matrix-cases.ts';

// The CLI's rows of the role matrix: each command (and subcommand) of `bosun` that talks to a
// manager as a user, with the least role it needs. A run at or above it exits 0; below it, the
// manager's refusal (401 or 403) exits `unauthorized`.

/** One row of the CLI matrix: `bosun ...args`, and its least role. */
export type CliCase = {
  /** The command as `bosun --help` lists it, with its subcommand: `hosts`, `token list`. */
  command: string;
  /** Tells rows of the same command apart (the flags they add). */
  label?: string;
  least: RouteAccess;
  /** The container action it asks for, which the audit log must show once per logged-in caller. */
  control?: ContainerControl;
  /** Builds the arguments; called once per caller, so a destructive row gets a target of its own. */
  args(bed: MatrixBed, caller: Caller): readonly string[] | Promise<readonly string[]>;
};

const container = (bed: MatrixBed) => `${bed.host}/${bed.containerId}`;

/** Every command of `bosun` that talks to a manager as a user. */
export const CLI_CASES: readonly CliCase[] = [
  { command: 'hosts', least: 'viewer', args: () => ['hosts'] },
  { command: 'ps', least: 'viewer', args: (bed) => ['ps', '--all', bed.host] },
  { command: 'logs', least: 'viewer', args: (bed) => ['logs', '--tail', '5', container(bed)] },
  { command: 'status', least: 'viewer', args: () => ['status'] },
  {
    command: 'status',
    label: '--format json',
    least: 'viewer',
    args: () => ['status', '--format', 'json'],
  },
  {
    command: 'audit',
    label: '--since 1h --action container. --format json',
    least: 'admin',
    args: () => ['audit', '--since', '1h', '--action', 'container.', '--format', 'json'],
  },
  { command: 'token create', least: 'admin', args: () => ['token', 'create'] },
  { command: 'token list', least: 'viewer', args: () => ['token', 'list'] },
  {
    command: 'token list',
    label: '--format json',
    least: 'viewer',
    args: () => ['token', 'list', '--format', 'json'],
  },
  { command: 'token list', label: '--all', least: 'admin', args: () => ['token', 'list', '--all'] },
  { command: 'token list', label: '--join', least: 'admin', args: () => ['token', 'list', '--join'] },
  {
    command: 'token revoke',
    label: 'tok_… (its own)',
    least: 'viewer',
    args: async (bed, caller) => {
      // A token of the caller's own (an admin's for the caller without a login), not the CLI's.
      const owner = caller.who === 'anonymous' ? bed.admin : caller.client;
      const { id } = await owner.ok('POST', '/api/api-tokens', { name: unique('cli-revoked') });
      return ['token', 'revoke', id];
    },
  },
  {
    command: 'token revoke',
    label: 'jt_…',
    least: 'admin',
    args: async (bed) => {
      const { id } = await bed.admin.ok('POST', '/api/join-tokens', {});
      return ['token', 'revoke', id];
    },
  },
  ...(['start', 'stop', 'restart'] as const).map(
    (action): CliCase => ({
      command: action,
      least: 'operator',
      control: action,
      args: (bed) => (action === 'start' ? [action, container(bed)] : [action, '-t', '5', container(bed)]),
    }),
  ),
];

/**
 * Commands that are not a user's calls to a manager: `login` and `logout` are checked on their own
 * (they make and drop the login the others use), `manager` and `agent` run the parts themselves.
 */
export const CLI_NOT_IN_MATRIX: readonly string[] = ['login', 'logout', 'manager', 'agent', 'help'];
