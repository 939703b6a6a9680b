import type { Role } from '@bosun/protocol';

/** What each role may do, in the words the Users and Account pages show. */
export const ROLE_TEXT: Record<Role, string> = {
  admin: 'can do everything, including managing users and hosts',
  operator: 'can start, stop and restart containers and read their logs',
  viewer: 'can see hosts, containers and logs but change nothing',
  none: 'see only the hosts an admin granted them, as viewer or operator there',
};

const PLURAL: Record<Role, string> = {
  admin: 'Admins',
  operator: 'Operators',
  viewer: 'Viewers',
  none: 'Users without a role',
};

/** "Viewers can see …": a role explained in one sentence. */
export function roleSentence(role: Role): string {
  return `${PLURAL[role]} ${ROLE_TEXT[role]}.`;
}
