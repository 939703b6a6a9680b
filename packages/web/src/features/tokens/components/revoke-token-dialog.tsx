import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';

type Props = {
  /** The question; null keeps the dialog closed. */
  title: string | null;
  /** What stops working. */
  text: string;
  pending: boolean;
  problem: string | undefined;
  onClose(): void;
  onConfirm(): void;
};

/** Asks before revoking a token, saying what stops working; a refusal is shown in the dialog. */
export function RevokeTokenDialog({ title, text, pending, problem, onClose, onConfirm }: Props) {
  return (
    <Dialog title={title ?? ''} open={title !== null} onClose={onClose}>
      <p>{text}</p>
      <FormFooter
        problem={problem}
        submitLabel="Yes, revoke"
        pending={pending}
        tone="danger"
        onCancel={onClose}
        onConfirm={onConfirm}
      />
    </Dialog>
  );
}
