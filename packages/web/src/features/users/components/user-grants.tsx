import { GRANT_ROLES, type GrantRole, type UserView } from '@bosun/protocol';
import { useState } from 'react';
import { useToast } from '../../../components/ui/toast.tsx';
import { useAgents } from '../../fleet/index.ts';
import { useRemoveGrant, useSetGrant } from '../api/grants.ts';

/**
 * The hosts granted to a user, each with its role and a button to take it back, and a host
 * picker (the hosts not granted yet) with a role to grant one more. Admins are granted nothing:
 * they may do everything everywhere already.
 */
export function UserGrants({ user }: { user: UserView }) {
  const agents = useAgents();
  const setGrant = useSetGrant();
  const removeGrant = useRemoveGrant();
  const toast = useToast();
  const [agentId, setAgentId] = useState('');
  const [role, setRole] = useState<GrantRole>('viewer');
  if (user.role === 'admin') return <span className="muted small">every host</span>;
  const granted = new Set(user.grants.map((g) => g.agentId));
  const choices = (agents.data ?? []).filter((a) => !granted.has(a.id));

  const add = () => {
    const agent = choices.find((a) => a.id === agentId);
    if (!agent) return;
    setGrant.mutate(
      { userId: user.id, agentId: agent.id, role },
      {
        onSuccess: () => {
          setAgentId('');
          toast.show('ok', `${user.username} is now ${role} on ${agent.name}`);
        },
        onError: (error) => toast.show('error', `Could not grant ${agent.name}: ${error.message}`),
      },
    );
  };
  const remove = (grantAgentId: string, agentName: string) =>
    removeGrant.mutate(
      { userId: user.id, agentId: grantAgentId },
      {
        onSuccess: () => toast.show('ok', `${user.username} no longer has a grant on ${agentName}`),
        onError: (error) => toast.show('error', `Could not remove ${agentName}: ${error.message}`),
      },
    );

  return (
    <div className="grants">
      <ul className="grant-list" aria-label={`Hosts granted to ${user.username}`}>
        {user.grants.map((g) => (
          <li key={g.agentId} className="pill grant" data-host={g.agentName}>
            {g.agentName} <span className="muted">({g.role})</span>
            <button
              type="button"
              className="btn btn-small btn-danger-ghost"
              aria-label={`Remove ${g.agentName} from ${user.username}`}
              disabled={removeGrant.isPending}
              onClick={() => remove(g.agentId, g.agentName)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {choices.length > 0 && (
        <span className="grant-add">
          <select
            className="input"
            aria-label={`Host to grant ${user.username}`}
            value={agentId}
            onChange={(e) => setAgentId(e.target.value)}
          >
            <option value="">Add host…</option>
            {choices.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <select
            className="input"
            aria-label={`Role on that host for ${user.username}`}
            value={role}
            onChange={(e) => setRole(e.target.value as GrantRole)}
          >
            {GRANT_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            disabled={agentId === '' || setGrant.isPending}
            onClick={add}
          >
            Grant
          </button>
        </span>
      )}
    </div>
  );
}
