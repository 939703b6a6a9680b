import { ROLES, type Role, type UserView } from '@bosun/protocol';
import { useToast } from '../../../components/ui/toast.tsx';
import { useUpdateUser } from '../api/users.ts';

/** A user's role, saved as soon as it is picked; a refusal puts the old one back and says why. */
export function RoleSelect({ user, isSelf }: { user: UserView; isSelf: boolean }) {
  const update = useUpdateUser();
  const toast = useToast();
  const pending = update.isPending && 'role' in update.variables.patch ? update.variables.patch.role : null;

  const change = (role: Role) => {
    update.mutate(
      { id: user.id, patch: { role } },
      {
        onSuccess: () => toast.show('ok', `${user.username} is now ${role}`),
        onError: (error) => toast.show('error', `Could not make ${user.username} ${role}: ${error.message}`),
      },
    );
  };

  return (
    <select
      className="input"
      aria-label={`Role of ${user.username}`}
      value={pending ?? user.role}
      disabled={isSelf || update.isPending}
      aria-busy={update.isPending}
      title={isSelf ? 'You cannot change your own role; another admin can.' : undefined}
      onChange={(e) => change(e.target.value as Role)}
    >
      <RoleOptions />
    </select>
  );
}

/** The roles as the options of a `<select>`, the same in every form. */
export function RoleOptions() {
  return ROLES.map((role) => (
    <option key={role} value={role}>
      {role}
    </option>
  ));
}
