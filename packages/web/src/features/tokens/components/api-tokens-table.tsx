import type { ApiTokenView } from '@bosun/protocol';
import { DataTable } from '../../../components/ui/data-table.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { RevokeCell } from './revoke-cell.tsx';

type Props = {
  label: string;
  tokens: ApiTokenView[];
  /** Show whose each token is (the admins' list of everyone's). */
  showOwner: boolean;
  nowMs: number;
  onRevoke(token: ApiTokenView): void;
};

function stateOf(token: ApiTokenView, nowMs: number): string {
  if (token.revokedAt !== null) return 'revoked';
  return token.expiresAt !== null && token.expiresAt <= nowMs ? 'expired' : 'active';
}

const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));

/** API tokens with when they were made, expire and were last used; live ones can be revoked. */
export function ApiTokensTable({ label, tokens, showOwner, nowMs, onRevoke }: Props) {
  return (
    <DataTable
      label={label}
      className="tokens-table"
      head={
        <>
          <th scope="col">Name</th>
          {showOwner && <th scope="col">User</th>}
          <th scope="col">State</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
        </>
      }
    >
      {tokens.map((token) => {
        const state = stateOf(token, nowMs);
        return (
          <tr key={token.id} data-token={token.id}>
            <td>
              <span className="name">{token.name}</span> <span className="muted small">{token.id}</span>
            </td>
            {showOwner && <td>{token.username}</td>}
            <td>
              <span className={state === 'active' ? 'pill' : 'pill pill-muted'}>{state}</span>
            </td>
            <td className="small">{when(token.createdAt)}</td>
            <td className="small">{token.expiresAt === null ? 'never' : when(token.expiresAt)}</td>
            <td className="small">{when(token.lastUsedAt)}</td>
            <RevokeCell
              live={state === 'active'}
              label={`Revoke API token ${token.name} of ${token.username}`}
              onRevoke={() => onRevoke(token)}
            />
          </tr>
        );
      })}
    </DataTable>
  );
}
