import { type FormEvent, useId, useState } from 'react';
import { useToast } from '../../../components/ui/toast.tsx';
import { newPasswordProblem, PASSWORD_HINT } from '../../../lib/password-rules.ts';
import { useChangePassword } from '../api/password.ts';

/** Current password, the new one twice; the manager checks the current one and the rules. */
export function ChangePasswordForm({ username }: { username: string }) {
  const change = useChangePassword();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  // Shown after a submit the form refused itself; cleared as soon as the user edits.
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const hintId = useId();
  const mismatchId = useId();
  const mismatch = repeat !== '' && next !== repeat;

  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setProblem(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = newPasswordProblem(next) ?? (next !== repeat ? 'The new passwords do not match.' : null);
    setProblem(refused);
    if (refused) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
          toast.show('ok', 'Password changed. Your other sessions were logged out.');
        },
      },
    );
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby={titleId}>
      <h2 id={titleId}>Change password</h2>
      {/* For password managers: which account the new password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <label className="field">
        <span>Current password</span>
        <input
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => edit(setCurrent)(e.target.value)}
        />
      </label>
      <label className="field">
        <span>New password</span>
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          aria-describedby={hintId}
          value={next}
          onChange={(e) => edit(setNext)(e.target.value)}
        />
      </label>
      <p id={hintId} className="muted small field-hint">
        {PASSWORD_HINT}
      </p>
      <label className="field">
        <span>Repeat new password</span>
        <input
          type="password"
          name="repeat-password"
          autoComplete="new-password"
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? mismatchId : undefined}
          value={repeat}
          onChange={(e) => edit(setRepeat)(e.target.value)}
        />
      </label>
      {mismatch && problem === null && (
        <p id={mismatchId} className="field-error">
          The new passwords do not match.
        </p>
      )}
      {problem && (
        <p role="alert" className="notice notice-error">
          {problem}
        </p>
      )}
      {change.isError && problem === null && (
        <p role="alert" className="notice notice-error">
          {change.error.message}
        </p>
      )}
      <div className="row-end">
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {change.isPending && <span className="spinner" aria-hidden="true" />}
          Change password
        </button>
      </div>
    </form>
  );
}
