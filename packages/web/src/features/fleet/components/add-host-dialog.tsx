import { agentNameSchema } from '@bosun/protocol';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useCreateJoinToken } from '../api/join-tokens.ts';

/** Creates a one-time join token and shows the exact command to paste on the new host. */
export function AddHostDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateJoinToken();
  const [name, setName] = useState('');
  const [copied, setCopied] = useState(false);
  const trimmed = name.trim();
  const nameError =
    trimmed === '' || agentNameSchema.safeParse(trimmed).success
      ? null
      : 'Use letters, digits, ".", "_" or "-".';

  const close = () => {
    create.reset();
    setName('');
    setCopied(false);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (nameError) return;
    create.mutate(trimmed === '' ? {} : { name: trimmed });
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context; the command stays selectable by hand.
      setCopied(false);
    }
  };

  return (
    <Dialog title="Add a host" open={open} onClose={close}>
      {create.data ? (
        <div className="stack">
          <p>
            Run this on the new host. The token works once and expires{' '}
            {new Date(create.data.expiresAt).toLocaleString()}.
          </p>
          <textarea
            className="command"
            aria-label="Join command"
            readOnly
            rows={3}
            value={create.data.command}
            onFocus={(e) => e.currentTarget.select()}
          />
          <div className="row-end">
            <button type="button" className="btn" onClick={() => void copy(create.data.command)}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="btn btn-primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="stack" onSubmit={submit}>
          <p>The new host's agent dials this manager; no inbound port is opened on the host.</p>
          <TextField
            label="Host name"
            value={name}
            onChange={setName}
            placeholder="optional, e.g. home-server"
            aria-invalid={nameError !== null}
          />
          {nameError && <p className="field-error">{nameError}</p>}
          <FormFooter
            problem={create.error?.message}
            submitLabel="Create join token"
            pending={create.isPending}
            disabled={nameError !== null}
            onCancel={close}
          />
        </form>
      )}
    </Dialog>
  );
}
