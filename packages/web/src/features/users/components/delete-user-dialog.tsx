import type { UserView } from '@bosun/protocol';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import { useDeleteUser } from '../api/users.ts';

/** Asks before deleting, naming the user; a refusal (the last admin) is shown in the dialog. */
export function DeleteUserDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const remove = useDeleteUser();
  const toast = useToast();

  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!user) return;
    remove.mutate(user.id, {
      onSuccess: () => {
        toast.show('ok', `Deleted ${user.username}`);
        close();
      },
    });
  };

  return (
    <Dialog title={user ? `Delete ${user.username}?` : ''} open={user !== null} onClose={close}>
      <p>
        {user?.username} is logged out everywhere and can no longer log in; their API tokens stop working.
        This cannot be undone.
      </p>
      <FormFooter
        problem={remove.error?.message}
        submitLabel={`Yes, delete ${user?.username ?? ''}`}
        pending={remove.isPending}
        tone="danger"
        onCancel={close}
        onConfirm={confirm}
      />
    </Dialog>
  );
}
