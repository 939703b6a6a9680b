import { type ApiTokenCreated, apiTokenNameSchema } from '@bosun/protocol';
import { type FormEvent, useId, useState } from 'react';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCreateApiToken } from '../api/api-tokens.ts';

// The manager's default lifetime is 90 days and its longest 365; these are the `ttl` it is sent.
const LIFETIMES = [
  { ttl: '7d', label: '7 days' },
  { ttl: '30d', label: '30 days' },
  { ttl: '90d', label: '90 days' },
  { ttl: '365d', label: '1 year' },
] as const;
const DEFAULT_TTL = '90d';

/** A new API token for a script, with a name and a lifetime; the token is shown this once. */
export function CreateApiTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState<string>(DEFAULT_TTL);
  const lifetimeId = useId();
  const trimmed = name.trim();
  const nameError =
    trimmed === '' || apiTokenNameSchema.safeParse(trimmed).success
      ? null
      : 'Use printable characters, at most 64.';

  const close = () => {
    create.reset();
    setName('');
    setTtl(DEFAULT_TTL);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed === '' || nameError) return;
    create.mutate({ name: trimmed, ttl });
  };

  return (
    <Dialog title="Create an API token" open={open} onClose={close}>
      {create.data ? (
        <CreatedToken created={create.data} onDone={close} />
      ) : (
        <form className="stack" onSubmit={submit}>
          <p>A script or the CLI acts as you with it, with your role and grants.</p>
          <TextField
            label="Name"
            value={name}
            onChange={setName}
            required
            maxLength={64}
            autoComplete="off"
            placeholder="e.g. nightly-backup"
            aria-invalid={nameError !== null}
          />
          {nameError && <p className="field-error">{nameError}</p>}
          {/* Not wrapped in its label: a label's text would take in every option's. */}
          <div className="field">
            <label htmlFor={lifetimeId}>Lifetime</label>
            <select id={lifetimeId} className="input" value={ttl} onChange={(e) => setTtl(e.target.value)}>
              {LIFETIMES.map((lifetime) => (
                <option key={lifetime.ttl} value={lifetime.ttl}>
                  {lifetime.label}
                </option>
              ))}
            </select>
          </div>
          <FormFooter
            problem={create.error?.message}
            submitLabel="Create token"
            pending={create.isPending}
            disabled={trimmed === '' || nameError !== null}
            onCancel={close}
          />
        </form>
      )}
    </Dialog>
  );
}

function CreatedToken({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  return (
    <div className="stack">
      <p>Copy the token now: it is not shown again. It expires {formatDateTime(created.expiresAt)}.</p>
      <textarea
        className="command"
        aria-label="API token"
        readOnly
        rows={2}
        value={created.token}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="muted small">
        Send it as <code>Authorization: Bearer {'<token>'}</code>, or give it to the CLI:{' '}
        <code>BOSUN_TOKEN={'<token>'} bosun ps</code>.
      </p>
      <div className="row-end">
        <CopyButton text={created.token} />
        <button type="button" className="btn btn-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
