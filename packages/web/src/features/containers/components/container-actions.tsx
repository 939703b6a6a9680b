import type { ContainerActionName, ContainerListItem } from '@bosun/protocol';
import { useState } from 'react';
import { Dialog } from '../../../components/ui/dialog.tsx';
import { FormFooter } from '../../../components/ui/form-footer.tsx';
import { useToast } from '../../../components/ui/toast.tsx';
import { useContainerAction } from '../api/container-action.ts';

const PAST: Record<ContainerActionName, string> = { start: 'Started', stop: 'Stopped', restart: 'Restarted' };
const LABEL: Record<ContainerActionName, string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

/** Start / Stop / Restart for one row, each with its own pending state; Stop and Restart ask first. */
export function ContainerActions({ container }: { container: ContainerListItem }) {
  const action = useContainerAction(container);
  const toast = useToast();
  const [confirming, setConfirming] = useState<ContainerActionName | null>(null);
  const running = container.state === 'running' || container.state === 'restarting';
  const pending = action.isPending ? action.variables : null;

  const run = (which: ContainerActionName) => {
    setConfirming(null);
    action.mutate(which, {
      onSuccess: () => toast.show('ok', `${PAST[which]} ${container.name}`),
      onError: (error) => toast.show('error', `${LABEL[which]} ${container.name} failed: ${error.message}`),
    });
  };
  const button = (which: ContainerActionName, enabled: boolean, ask: boolean) => (
    <button
      type="button"
      className={`btn btn-small ${which === 'stop' ? 'btn-danger-ghost' : ''}`}
      disabled={!enabled || action.isPending}
      aria-busy={pending === which}
      onClick={() => (ask ? setConfirming(which) : run(which))}
    >
      {pending === which && <span className="spinner" aria-hidden="true" />}
      {LABEL[which]}
    </button>
  );

  return (
    <div className="actions">
      {button('start', !running, false)}
      {button('stop', running, true)}
      {button('restart', running, true)}
      <Dialog
        title={confirming ? `${LABEL[confirming]} ${container.name}?` : ''}
        open={confirming !== null}
        onClose={() => setConfirming(null)}
      >
        <p>
          {confirming === 'stop'
            ? `${container.name} on ${container.agentName} will stop; what it serves goes down until it is started again.`
            : `${container.name} on ${container.agentName} will stop and start again.`}
        </p>
        <FormFooter
          submitLabel={`Yes, ${confirming ?? ''}`}
          tone="danger"
          onCancel={() => setConfirming(null)}
          onConfirm={() => confirming && run(confirming)}
        />
      </Dialog>
    </div>
  );
}
