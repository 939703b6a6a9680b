import type { ApiTokenView, JoinTokenView } from '@bosun/protocol';
import { useState } from 'react';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import { useMe } from '../../auth/index.ts';
import { useApiTokens, useRevokeApiToken } from '../api/api-tokens.ts';
import { useJoinTokens, useRevokeJoinToken } from '../api/join-tokens.ts';
import { ApiTokensTable } from './api-tokens-table.tsx';
import { CreateApiTokenDialog } from './create-api-token-dialog.tsx';
import { JoinTokensTable } from './join-tokens-table.tsx';
import { RevokeTokenDialog } from './revoke-token-dialog.tsx';

type Revoking = { kind: 'api'; token: ApiTokenView } | { kind: 'join'; token: JoinTokenView };

/**
 * One's own API tokens (the CLI's logins and scripts' tokens), made here or revoked; admins also
 * see every user's API tokens and the join tokens that let hosts join.
 */
export function TokensPage() {
  const me = useMe();
  const isAdmin = me.data?.role === 'admin';
  const own = useApiTokens('own');
  const everyone = useApiTokens('all', isAdmin);
  const joins = useJoinTokens(isAdmin);
  const revokeApi = useRevokeApiToken();
  const revokeJoin = useRevokeJoinToken();
  const toast = useToast();
  const [revoking, setRevoking] = useState<Revoking | null>(null);
  const [creating, setCreating] = useState(false);
  const mutation = revoking?.kind === 'join' ? revokeJoin : revokeApi;
  const now = Date.now();

  const close = () => {
    revokeApi.reset();
    revokeJoin.reset();
    setRevoking(null);
  };
  const confirm = () => {
    if (!revoking) return;
    const done = {
      onSuccess: () => {
        toast.show('ok', 'Token revoked');
        close();
      },
    };
    if (revoking.kind === 'api') revokeApi.mutate(revoking.token.id, done);
    else revokeJoin.mutate(revoking.token.id, done);
  };

  return (
    <main className="page">
      <PageHead
        title="Tokens"
        subtitle="API tokens log the CLI and scripts in; each expires, and bosun login's renew themselves while in use."
      >
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          Create token
        </button>
      </PageHead>
      <section className="stack" aria-label="Your API tokens">
        <h2>Your API tokens</h2>
        <QueryStatus query={own} loading="Loading your tokens…" />
        {own.data?.length === 0 && (
          <EmptyState title="No API tokens">
            Run bosun login to make one for the CLI, or create one here for a script.
          </EmptyState>
        )}
        {own.data && own.data.length > 0 && (
          <ApiTokensTable
            label="Your API tokens"
            tokens={own.data}
            showOwner={false}
            nowMs={now}
            onRevoke={(token) => setRevoking({ kind: 'api', token })}
          />
        )}
      </section>
      {isAdmin && (
        <section className="stack" aria-label="Every user's API tokens">
          <h2>Every user's API tokens</h2>
          <QueryStatus query={everyone} loading="Loading every user's tokens…" />
          {everyone.data && (
            <ApiTokensTable
              label="Every user's API tokens"
              tokens={everyone.data}
              showOwner
              nowMs={now}
              onRevoke={(token) => setRevoking({ kind: 'api', token })}
            />
          )}
        </section>
      )}
      {isAdmin && (
        <section className="stack" aria-label="Join tokens">
          <h2>Join tokens</h2>
          <QueryStatus query={joins} loading="Loading join tokens…" />
          {joins.data?.length === 0 && (
            <EmptyState title="No join tokens">Add a host to make one.</EmptyState>
          )}
          {joins.data && joins.data.length > 0 && (
            <JoinTokensTable tokens={joins.data} onRevoke={(token) => setRevoking({ kind: 'join', token })} />
          )}
        </section>
      )}
      <CreateApiTokenDialog open={creating} onClose={() => setCreating(false)} />
      <RevokeTokenDialog
        title={
          revoking ? `Revoke ${revoking.kind === 'api' ? revoking.token.name : revoking.token.id}?` : null
        }
        text={
          revoking?.kind === 'join'
            ? 'No host can join with this token any more.'
            : 'Whatever uses this token is logged out at once, live streams included.'
        }
        pending={mutation.isPending}
        problem={mutation.error?.message}
        onClose={close}
        onConfirm={confirm}
      />
    </main>
  );
}
