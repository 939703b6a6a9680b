import { Dialog } from '../../../components/ui/dialog.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import type { User } from '../../../lib/api-types.ts';
import { useDeleteUser } from '../api/users.ts';

/** Asks before deleting, naming the user; a refusal (the last admin) is shown in the dialog. */
export function DeleteUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
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
      {remove.isError && (
        <p role="alert" className="notice notice-error">
          {remove.error.message}
        </p>
      )}
      <div className="row-end">
        <button type="button" className="btn" onClick={close}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" disabled={remove.isPending} onClick={confirm}>
          {remove.isPending && <span className="spinner" aria-hidden="true" />}
          Yes, delete {user?.username}
        </button>
      </div>
    </Dialog>
  );
}
