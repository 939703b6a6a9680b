import type { RouteAccess } from '@bosun/protocol';
import type { Caller, ContainerControl, MatrixBed } from './role-matrix-callers.ts';
import { unique } from './role-matrix-cases.ts';

// The CLI's rows of the role matrix: each command (and subcommand) of `bosun` that talks to a
// manager as a user, with the least role it needs. A run at or above it exits 0; below it, the
// manager's refusal exits `unauthorized` (401, 403) or, about a host the caller may not see,
// `notFound` (404).

/** One row of the CLI matrix: `bosun ...args`, and its least role. */
export type CliCase = {
  /** The command as `bosun --help` lists it, with its subcommand: `hosts`, `token list`. */
  command: string;
  /** Tells rows of the same command apart (the flags they add). */
  label?: string;
  least: RouteAccess;
  /** About one host (`bed.host`): run on the host granted to the `granted` column and on another. */
  scoped?: true;
  /** Variables the command reads besides the connection's (a new user's password). */
  env?: Record<string, string>;
  /** The container action it asks for, which the audit log must show once per logged-in caller. */
  control?: ContainerControl;
  /** Builds the arguments; called once per caller, so a destructive row gets a target of its own. */
  args(bed: MatrixBed, caller: Caller): readonly string[] | Promise<readonly string[]>;
};

const container = (bed: MatrixBed) => `${bed.host}/${bed.containerId}`;

/** Every command of `bosun` that talks to a manager as a user. */
export const CLI_CASES: readonly CliCase[] = [
  { command: 'hosts', least: 'none', args: () => ['hosts'] },
  { command: 'ps', least: 'none', scoped: true, args: (bed) => ['ps', '--all', bed.host] },
  {
    command: 'logs',
    least: 'none',
    scoped: true,
    args: (bed) => ['logs', '--tail', '5', container(bed)],
  },
  {
    command: 'logs',
    label: 'a removed container (from the log store)',
    least: 'none',
    scoped: true,
    args: (bed) => ['logs', '--since', '1h', `${bed.host}/${bed.removedName}`],
  },
  {
    command: 'logs',
    label: '--format ndjson',
    least: 'none',
    scoped: true,
    args: (bed) => ['logs', '--format', 'ndjson', '--since', '1h', `${bed.host}/${bed.removedName}`],
  },
  {
    command: 'search',
    least: 'none',
    scoped: true,
    args: (bed) => ['search', 'matrix line', '--since', '1h', bed.host],
  },
  {
    command: 'search',
    label: '--regex HOST/CONTAINER --format json',
    least: 'none',
    scoped: true,
    args: (bed) => ['search', 'matrix l.ne', '--regex', '--format', 'json', container(bed)],
  },
  {
    command: 'inspect',
    least: 'none',
    scoped: true,
    args: (bed) => ['inspect', container(bed)],
  },
  {
    command: 'inspect',
    label: '--format json',
    least: 'none',
    scoped: true,
    args: (bed) => ['inspect', '--format', 'json', container(bed)],
  },
  { command: 'events', least: 'none', args: () => ['events'] },
  {
    command: 'events',
    label: '--host --format json',
    least: 'none',
    args: (bed) => ['events', '--host', bed.host, '--format', 'json'],
  },
  { command: 'hosts', label: '--format json', least: 'none', args: () => ['hosts', '--format', 'json'] },
  { command: 'status', least: 'none', args: () => ['status'] },
  {
    command: 'status',
    label: '--format json',
    least: 'none',
    args: () => ['status', '--format', 'json'],
  },
  {
    command: 'audit',
    label: '--since 1h --action container. --format json',
    least: 'admin',
    args: () => ['audit', '--since', '1h', '--action', 'container.', '--format', 'json'],
  },
  { command: 'token create', least: 'admin', args: () => ['token', 'create'] },
  { command: 'token list', least: 'none', args: () => ['token', 'list'] },
  {
    command: 'token list',
    label: '--format json',
    least: 'none',
    args: () => ['token', 'list', '--format', 'json'],
  },
  { command: 'token list', label: '--all', least: 'admin', args: () => ['token', 'list', '--all'] },
  { command: 'token list', label: '--join', least: 'admin', args: () => ['token', 'list', '--join'] },
  {
    command: 'token revoke',
    label: 'tok_… (its own)',
    least: 'none',
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
      scoped: true,
      control: action,
      args: (bed) => (action === 'start' ? [action, container(bed)] : [action, '-t', '5', container(bed)]),
    }),
  ),
  { command: 'users list', least: 'admin', args: () => ['users', 'list'] },
  {
    command: 'users list',
    label: '--format json',
    least: 'admin',
    args: () => ['users', 'list', '--format', 'json'],
  },
  {
    command: 'users add',
    label: 'NAME --role none',
    least: 'admin',
    env: { BOSUN_NEW_PASSWORD: 'a long enough password' },
    args: () => ['users', 'add', unique('cli-added'), '--role', 'none'],
  },
  {
    command: 'users remove',
    least: 'admin',
    args: async (bed) => ['users', 'remove', (await bed.createUser('viewer')).username],
  },
  {
    command: 'users grant',
    label: 'NAME HOST --role operator',
    least: 'admin',
    args: async (bed) => [
      'users',
      'grant',
      (await bed.createUser('none')).username,
      bed.host,
      '--role',
      'operator',
    ],
  },
  {
    command: 'users revoke',
    least: 'admin',
    args: async (bed) => {
      const target = await bed.createUser('none');
      await bed.admin.ok('PUT', `/api/users/${target.id}/grants/${bed.hostId}`, { role: 'viewer' });
      return ['users', 'revoke', target.username, bed.host];
    },
  },
  { command: 'version', least: 'none', args: () => ['version'] },
];

/**
 * Commands that are not a user's calls to a manager: `login` and `logout` are checked on their own
 * (they make and drop the login the others use), `manager` and `agent` run the parts themselves,
 * `completion` only prints a script (the hidden `__complete` it calls never fails aloud).
 */
export const CLI_NOT_IN_MATRIX: readonly string[] = [
  'login',
  'logout',
  'manager',
  'agent',
  'completion',
  'help',
];
