import type { JoinTokenView } from '@bosun/protocol';
import { DataTable, RowActions } from '../../../components/ui/data-table.tsx';
import { formatDateTime } from '../../../lib/format.ts';

type Props = { tokens: JoinTokenView[]; onRevoke(token: JoinTokenView): void };

/** Join tokens with their state; a pending one can be revoked before a host uses it. */
export function JoinTokensTable({ tokens, onRevoke }: Props) {
  return (
    <DataTable
      label="Join tokens"
      className="tokens-table"
      head={
        <>
          <th scope="col">Token</th>
          <th scope="col">State</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Joined host</th>
        </>
      }
    >
      {tokens.map((token) => (
        <tr key={token.id} data-token={token.id}>
          <td>
            <span className="name">{token.name ?? 'any name'}</span>{' '}
            <span className="muted small">{token.id}</span>
          </td>
          <td>
            <span className={token.state === 'pending' ? 'pill' : 'pill pill-muted'}>{token.state}</span>
          </td>
          <td className="small">{formatDateTime(token.createdAt)}</td>
          <td className="small">{formatDateTime(token.expiresAt)}</td>
          <td className="small">{token.usedByAgent ?? '—'}</td>
          <RowActions>
            {token.state === 'pending' && (
              <button
                type="button"
                className="btn btn-small btn-danger-ghost"
                aria-label={`Revoke join token ${token.id}`}
                onClick={() => onRevoke(token)}
              >
                Revoke
              </button>
            )}
          </RowActions>
        </tr>
      ))}
    </DataTable>
  );
}
