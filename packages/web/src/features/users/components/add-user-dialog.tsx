import type { Role } from '@bosun/protocol';
import { type FormEvent, useId, useState } from 'react';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { NewPasswordField } from '../../../components/ui/new-password-field.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import { newPasswordProblem } from '../../../lib/password-rules.ts';
import { roleSentence } from '../../../lib/role-text.ts';
import { useCreateUser } from '../api/users.ts';
import { RoleOptions } from './role-select.tsx';

/** A new user with a first password, which the admin passes on and the user changes. */
export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const toast = useToast();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // The least a new user can do until someone decides otherwise.
  const [role, setRole] = useState<Role>('viewer');
  const [problem, setProblem] = useState<string | null>(null);
  const roleId = useId();
  const roleHintId = useId();

  const close = () => {
    create.reset();
    setUsername('');
    setPassword('');
    setRole('viewer');
    setProblem(null);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = newPasswordProblem(password);
    setProblem(refused);
    if (refused) return;
    const name = username.trim();
    create.mutate(
      { username: name, password, role },
      {
        onSuccess: () => {
          toast.show('ok', `Added ${name} (${role})`);
          close();
        },
      },
    );
  };

  return (
    <Dialog title="Add a user" open={open} onClose={close}>
      <form className="stack" onSubmit={submit}>
        <TextField
          label="Username"
          name="username"
          autoComplete="off"
          required
          maxLength={64}
          value={username}
          onChange={setUsername}
        />
        <NewPasswordField
          label="Password"
          value={password}
          onChange={(value) => {
            setPassword(value);
            setProblem(null);
          }}
          extraHint="Pass it on to the user; they can change it on their Account page."
        />
        {/* Not wrapped in its label: a label's text would take in every option's. */}
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            className="input"
            value={role}
            aria-describedby={roleHintId}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            <RoleOptions />
          </select>
        </div>
        <p id={roleHintId} className="muted small field-hint">
          {roleSentence(role)}
        </p>
        <FormFooter
          problem={problem ?? create.error?.message}
          submitLabel="Create user"
          pending={create.isPending}
          onCancel={close}
        />
      </form>
    </Dialog>
  );
}
