import type { UserView } from '@bosun/protocol';
import { DataTable, RowActions } from '../../../components/ui/data-table.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { RoleSelect } from './role-select.tsx';
import { UserGrants } from './user-grants.tsx';

type Props = {
  users: UserView[];
  /** The logged-in admin, whose own row cannot delete or demote them. */
  selfId: string;
  onResetPassword(user: UserView): void;
  onDelete(user: UserView): void;
};

/**
 * Every user with their role (changeable), the hosts granted to them (changeable), creation date
 * and the actions on them; the admin's own row offers neither deletion nor demotion.
 */
export function UsersTable({ users, selfId, onResetPassword, onDelete }: Props) {
  return (
    <DataTable
      label="Users"
      className="users-table"
      head={
        <>
          <th scope="col">Username</th>
          <th scope="col">Role</th>
          <th scope="col">Hosts granted</th>
          <th scope="col">Created</th>
        </>
      }
    >
      {users.map((user) => {
        const isSelf = user.id === selfId;
        return (
          <tr key={user.id} data-user={user.username}>
            <td className="col-username">
              <span className="name">{user.username}</span>
              {isSelf && <span className="pill pill-muted you">you</span>}
            </td>
            <td className="col-role">
              <RoleSelect user={user} isSelf={isSelf} />
            </td>
            <td className="col-grants">
              <UserGrants user={user} />
            </td>
            <td className="small col-since">
              <span className="muted since-label">Created </span>
              {formatDateTime(user.createdAt)}
            </td>
            <RowActions>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Reset password of ${user.username}`}
                disabled={isSelf}
                title={
                  isSelf
                    ? 'Change your own password on the Account page, which asks for the current one.'
                    : undefined
                }
                onClick={() => onResetPassword(user)}
              >
                Reset password
              </button>
              <button
                type="button"
                className="btn btn-small btn-danger-ghost"
                aria-label={`Delete ${user.username}`}
                disabled={isSelf}
                title={isSelf ? 'You cannot delete yourself; another admin can.' : undefined}
                onClick={() => onDelete(user)}
              >
                Delete
              </button>
            </RowActions>
          </tr>
        );
      })}
    </DataTable>
  );
}
