import type { JoinTokenView } from '@bosun/protocol';
import { DataTable } from '../../../components/ui/data-table.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useAgents } from '../../fleet/index.ts';
import { RevokeCell } from './revoke-cell.tsx';

type Props = { tokens: JoinTokenView[]; onRevoke(token: JoinTokenView): void };

/**
 * Join tokens with their state and the host that joined with each (by name while the manager
 * knows it, else by id); a pending one can be revoked before a host uses it.
 */
export function JoinTokensTable({ tokens, onRevoke }: Props) {
  const agents = useAgents();
  const nameOf = (agentId: string) => agents.data?.find((agent) => agent.id === agentId)?.name ?? agentId;
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
          <td className="small" data-col="joined">
            {token.usedByAgent === null ? '—' : nameOf(token.usedByAgent)}
          </td>
          <RevokeCell
            live={token.state === 'pending'}
            label={`Revoke join token ${token.id}`}
            onRevoke={() => onRevoke(token)}
          />
        </tr>
      ))}
    </DataTable>
  );
}
