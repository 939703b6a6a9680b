import { useState } from 'react';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
import { useNow } from '../../../lib/use-now.ts';
import { useMe } from '../../auth/index.ts';
import { useAgents } from '../api/agents.ts';
import { AddHostDialog } from './add-host-dialog.tsx';
import { HostCard } from './host-card.tsx';

/** Every host at a glance: online state, facts and container counts, updated live. */
export function FleetPage() {
  const agents = useAgents();
  const me = useMe();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const isAdmin = me.data?.role === 'admin';
  const online = agents.data?.filter((a) => a.online).length ?? 0;
  const outdated = agents.data?.filter((a) => a.online && a.outdated).length ?? 0;

  return (
    <main className="page">
      <PageHead
        title="Hosts"
        subtitle={
          agents.data &&
          `${online} of ${agents.data.length} online${outdated > 0 ? `, ${outdated} outdated` : ''}`
        }
      >
        {isAdmin && (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            Add host
          </button>
        )}
      </PageHead>
      <QueryStatus query={agents} loading="Loading hosts…" />
      {agents.data?.length === 0 && (
        <EmptyState title="No hosts yet">
          {isAdmin ? 'Add a host to see its containers here.' : 'Ask an admin to add a host.'}
        </EmptyState>
      )}
      <div className="grid">
        {agents.data?.map((agent) => (
          <HostCard key={agent.id} agent={agent} now={now} />
        ))}
      </div>
      {isAdmin && <AddHostDialog open={adding} onClose={() => setAdding(false)} />}
    </main>
  );
}
