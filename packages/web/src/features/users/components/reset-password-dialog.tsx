import type { UserView } from '@bosun/protocol';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { NewPasswordField } from '../../../components/ui/new-password-field.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import { newPasswordProblem } from '../../../lib/password-rules.ts';
import { useUpdateUser } from '../api/users.ts';

/** Sets another user's password without knowing the old one; their sessions and API tokens end. */
export function ResetPasswordDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const update = useUpdateUser();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

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
          are revoked too.
        </p>
        <NewPasswordField
          label="New password"
          value={password}
          onChange={(value) => {
            setPassword(value);
            setProblem(null);
          }}
        />
        <FormFooter
          problem={problem ?? update.error?.message}
          submitLabel="Set password"
          pending={update.isPending}
          onCancel={close}
        />
      </form>
    </Dialog>
  );
}
