import { type FormEvent, useId, useState } from 'react';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import type { User } from '../../../lib/api-types.ts';
import { newPasswordProblem, PASSWORD_HINT } from '../../../lib/password-rules.ts';
import { useUpdateUser } from '../api/users.ts';

/** Sets another user's password without knowing the old one; their sessions end. */
export function ResetPasswordDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const update = useUpdateUser();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();

  const close = () => {
    update.reset();
    setPassword('');
    setProblem(null);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    const refused = newPasswordProblem(password);
    setProblem(refused);
    if (refused) return;
    update.mutate(
      { id: user.id, patch: { password } },
      {
        onSuccess: () => {
          toast.show('ok', `New password set for ${user.username}`);
          close();
        },
      },
    );
  };

  return (
    <Dialog title={user ? `Reset the password of ${user.username}` : ''} open={user !== null} onClose={close}>
      <form className="stack" onSubmit={submit}>
        <p>
          {user?.username} is logged out everywhere and logs in again with the new password; their API tokens
          keep working.
        </p>
        <label className="field">
          <span>New password</span>
          <input
            type="password"
            name="new-password"
            autoComplete="new-password"
            required
            aria-describedby={hintId}
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setProblem(null);
            }}
          />
        </label>
        <p id={hintId} className="muted small field-hint">
          {PASSWORD_HINT}
        </p>
        {(problem ?? update.error) && (
          <p role="alert" className="notice notice-error">
            {problem ?? update.error?.message}
          </p>
        )}
        <div className="row-end">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            {update.isPending && <span className="spinner" aria-hidden="true" />}
            Set password
          </button>
        </div>
      </form>
    </Dialog>
  );
}
