import type { UserView } from '@bosun/protocol';
import { useState } from 'react';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
import { useMe } from '../../auth/index.ts';
import { useUsers } from '../api/users.ts';
import { AddUserDialog } from './add-user-dialog.tsx';
import { DeleteUserDialog } from './delete-user-dialog.tsx';
import { ResetPasswordDialog } from './reset-password-dialog.tsx';
import { UsersTable } from './users-table.tsx';

/** Who may log in and with which role (admins only: the router guards this page). */
export function UsersPage() {
  const users = useUsers();
  const me = useMe();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [deleting, setDeleting] = useState<UserView | null>(null);

  return (
    <main className="page">
      <PageHead
        title="Users"
        subtitle="Admins manage users and hosts; operators start, stop and restart containers; viewers only look; users without a role see only the hosts granted to them."
      >
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          Add user
        </button>
      </PageHead>
      <QueryStatus query={users} loading="Loading users…" />
      {users.data && (
        <UsersTable
          users={users.data}
          selfId={me.data?.id ?? ''}
          onResetPassword={setResetting}
          onDelete={setDeleting}
        />
      )}
      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <DeleteUserDialog user={deleting} onClose={() => setDeleting(null)} />
    </main>
  );
}
