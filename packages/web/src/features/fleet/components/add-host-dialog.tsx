import { agentNameSchema } from '@bosun/protocol';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useCreateJoinToken } from '../api/join-tokens.ts';
import { JoinLine } from './join-line.tsx';

/** Creates a one-time join token and shows the lines to paste on the new host, each with a copy button. */
export function AddHostDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateJoinToken();
  const [name, setName] = useState('');
  const trimmed = name.trim();
  const nameError =
    trimmed === '' || agentNameSchema.safeParse(trimmed).success
      ? null
      : 'Use letters, digits, ".", "_" or "-".';

  const close = () => {
    create.reset();
    setName('');
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (nameError) return;
    create.mutate(trimmed === '' ? {} : { name: trimmed });
  };
  return (
    <Dialog title="Add a host" open={open} onClose={close}>
      {create.data ? (
        <div className="stack">
          <p>
            Paste one of these lines in a shell on the new host (the native one as root). The token works once
            and expires {new Date(create.data.expiresAt).toLocaleString()}. Use the container line on any
            Docker host; use the native line on a systemd host with Node.js 20.6 or newer to run the agent as
            a service without a container. Pasting a line again upgrades that host's agent.
          </p>
          {create.data.commands && (
            <>
              <JoinLine
                label="Container join line"
                hint="runs the agent as the container bosun-agent"
                line={create.data.commands.container}
              />
              <JoinLine
                label="Native join line"
                hint="installs the agent as the systemd service bosun-agent"
                line={create.data.commands.native}
              />
            </>
          )}
          <JoinLine
            label="Join command"
            hint="where the bosun command is installed"
            line={create.data.command}
          />
          <div className="row-end">
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
