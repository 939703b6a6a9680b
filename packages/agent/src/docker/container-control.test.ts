import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { ContainerControl } from './container-control.ts';

const ZERO = '0001-01-01T00:00:00Z';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

type State = { Running: boolean; StartedAt: string; FinishedAt: string; ExitCode: number };

/** Just the parts of dockerode that list and summary use, over a map of containers. */
function fakeDocker(containers: Map<string, { listState: string; status: string; state: State }>) {
  const inspect = vi.fn(async (id: string) => {
    const c = containers.get(id);
    if (!c) throw Object.assign(new Error('no such container'), { statusCode: 404 });
    return { Id: id, State: c.state };
  });
  const entry = (id: string) => {
    const c = containers.get(id)!;
    return {
      Id: id,
      Names: [`/${id.slice(0, 4)}`],
      Image: 'busybox',
      State: c.listState,
      Status: c.status,
      Created: 1,
    };
  };
  const docker = {
    listContainers: async (options: { filters?: { id?: string[] } }) => {
      const wanted = options.filters?.id;
      return [...containers.keys()].filter((id) => !wanted || wanted.includes(id)).map(entry);
    },
    getContainer: (id: string) => ({ inspect: () => inspect(id) }),
  };
  return { docker: docker as unknown as Docker, inspect };
}

describe('ContainerControl run times', () => {
  it('lists summaries with the times Docker’s list lacks, inspecting each container once', async () => {
    const containers = new Map([
      [
        A,
        {
          listState: 'running',
          status: 'Up Less than a second',
          state: {
            Running: true,
            StartedAt: '2026-12-05T10:00:00.123456789Z',
            FinishedAt: ZERO,
            ExitCode: 0,
          },
        },
      ],
      [
        B,
        {
          listState: 'created',
          status: 'Created',
          state: { Running: false, StartedAt: ZERO, FinishedAt: ZERO, ExitCode: 0 },
        },
      ],
    ]);
    const { docker, inspect } = fakeDocker(containers);
    const control = new ContainerControl(docker);
    const list = await control.list();
    expect(list.find((c) => c.id === A)).toMatchObject({ startedAt: '2026-12-05T10:00:00.123456789Z' });
    expect(list.find((c) => c.id === A)).not.toHaveProperty('finishedAt');
    const created = list.find((c) => c.id === B)!;
    expect([created.startedAt, created.finishedAt, created.exitCode]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    await control.list();
    await control.summary(A);
    expect(inspect).toHaveBeenCalledTimes(2);
  });

  it('keeps summaries current from events, without asking Docker again', async () => {
    const containers = new Map([
      [
        A,
        {
          listState: 'running',
          status: 'Up 5 seconds',
          state: { Running: true, StartedAt: '2026-12-05T10:00:00Z', FinishedAt: ZERO, ExitCode: 0 },
        },
      ],
    ]);
    const { docker, inspect } = fakeDocker(containers);
    const control = new ContainerControl(docker);
    await control.list();
    control.observe({
      id: A,
      name: 'aaaa',
      action: 'die',
      exitCode: 137,
      at: '2026-12-05T11:00:00.000000001Z',
    });
    expect(await control.summary(A)).toMatchObject({
      startedAt: '2026-12-05T10:00:00Z',
      finishedAt: '2026-12-05T11:00:00.000000001Z',
      exitCode: 137,
    });
    expect(inspect).toHaveBeenCalledTimes(1);
  });

  it('inspects a container first met in a summary, and forgets one that is gone', async () => {
    const containers = new Map([
      [
        A,
        {
          listState: 'exited',
          status: 'Exited (2) 3 minutes ago',
          state: {
            Running: false,
            StartedAt: '2026-12-05T10:00:00Z',
            FinishedAt: '2026-12-05T10:01:00Z',
            ExitCode: 2,
          },
        },
      ],
    ]);
    const { docker } = fakeDocker(containers);
    const control = new ContainerControl(docker);
    expect(await control.summary(A)).toMatchObject({ finishedAt: '2026-12-05T10:01:00Z', exitCode: 2 });
    containers.delete(A);
    expect(await control.summary(A)).toBeUndefined();
  });
});
