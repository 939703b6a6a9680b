import { type FormEvent, useId, useState } from 'react';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { NewPasswordField } from '../../../components/ui/new-password-field.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import { newPasswordProblem } from '../../../lib/password-rules.ts';
import { useChangePassword } from '../api/password.ts';

/**
 * Current password, the new one twice, and whether to keep one's API tokens; the manager checks
 * the current one and the rules.
 */
export function ChangePasswordForm({ username }: { username: string }) {
  const change = useChangePassword();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  // Off by default: a password changed because it leaked should take the tokens made with it along.
  const [keepTokens, setKeepTokens] = useState(false);
  // Shown after a submit the form refused itself; cleared as soon as the user edits.
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
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
      { currentPassword: current, newPassword: next, keepTokens },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
          toast.show(
            'ok',
            keepTokens
              ? 'Password changed. Your other sessions were logged out.'
              : 'Password changed. Your other sessions were logged out and your API tokens revoked.',
          );
        },
      },
    );
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby={titleId}>
      <h2 id={titleId}>Change password</h2>
      {/* For password managers: which account the new password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <TextField
        label="Current password"
        type="password"
        name="current-password"
        autoComplete="current-password"
        required
        value={current}
        onChange={edit(setCurrent)}
      />
      <NewPasswordField label="New password" value={next} onChange={edit(setNext)} />
      <TextField
        label="Repeat new password"
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        required
        aria-invalid={mismatch}
        aria-describedby={mismatch ? mismatchId : undefined}
        value={repeat}
        onChange={edit(setRepeat)}
      />
      {mismatch && problem === null && (
        <p id={mismatchId} className="field-error">
          The new passwords do not match.
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={keepTokens} onChange={(e) => setKeepTokens(e.target.checked)} />
        Keep my API tokens (the CLI and scripts stay logged in)
      </label>
      <FormFooter
        problem={problem ?? (change.isError ? change.error.message : null)}
        submitLabel="Change password"
        pending={change.isPending}
      />
    </form>
  );
}
