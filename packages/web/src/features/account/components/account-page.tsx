import { formatDateTime } from '../../../lib/format.ts';
import { ROLE_TEXT } from '../../../lib/role-text.ts';
import { useMe } from '../../auth/index.ts';
import { ChangePasswordForm } from './change-password-form.tsx';

/** Who is logged in, and where they change their own password (every role may). */
export function AccountPage() {
  const me = useMe();
  // RequireSession renders this only with a user; the guard keeps the types honest.
  if (!me.data) return null;
  const user = me.data;

  return (
    <main className="page page-narrow">
      <h1>Account</h1>
      <section className="card" aria-labelledby="account-title">
        <h2 id="account-title">Signed in as</h2>
        <dl className="facts">
          <dt>Username</dt>
          <dd data-field="username">{user.username}</dd>
          <dt>Role</dt>
          <dd data-field="role">
            {user.role} <span className="muted">· {ROLE_TEXT[user.role]}</span>
          </dd>
          <dt>Created</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </dl>
      </section>
      <section className="card">
        <ChangePasswordForm username={user.username} />
      </section>
    </main>
  );
}
