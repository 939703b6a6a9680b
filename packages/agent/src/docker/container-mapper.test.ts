import type { ContainerSummary } from '@bosun/protocol';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { detailsFromInspect, runTimesFromInspect } from './container-mapper.ts';

const ZERO = '0001-01-01T00:00:00Z';

function inspected(state: Partial<Docker.ContainerInspectInfo['State']>): Docker.ContainerInspectInfo {
  return {
    Id: 'c'.repeat(64),
    Path: 'node',
    Args: ['server.js'],
    RestartCount: 0,
    Config: { Tty: false },
    State: { Running: false, StartedAt: ZERO, FinishedAt: ZERO, ExitCode: 0, ...state },
  } as unknown as Docker.ContainerInspectInfo;
}

const summary: ContainerSummary = {
  id: 'c'.repeat(64),
  name: 'api',
  image: 'node:24',
  state: 'running',
  status: 'Up 2 hours',
  createdAt: 1,
  ports: [],
  labels: {},
};

describe('runTimesFromInspect', () => {
  it('treats Go’s zero time as never', () => {
    expect(runTimesFromInspect(inspected({}))).toEqual({});
  });

  it('keeps the start of a running container that never ended', () => {
    expect(runTimesFromInspect(inspected({ Running: true, StartedAt: '2026-12-05T10:00:00.1Z' }))).toEqual({
      startedAt: '2026-12-05T10:00:00.1Z',
    });
  });

  it('keeps the exit code with the finish, even while a later run is up (restarting)', () => {
    const info = inspected({
      Running: true,
      Restarting: true,
      StartedAt: '2026-12-05T10:00:00Z',
      FinishedAt: '2026-12-05T10:00:05Z',
      ExitCode: 1,
    });
    expect(runTimesFromInspect(info)).toEqual({
      startedAt: '2026-12-05T10:00:00Z',
      finishedAt: '2026-12-05T10:00:05Z',
      exitCode: 1,
    });
  });
});

describe('detailsFromInspect', () => {
  it('takes its times from the inspection, not from the summary it extends', () => {
    const cached = {
      ...summary,
      startedAt: '2026-12-05T09:00:00Z',
      finishedAt: '2026-12-05T08:00:00Z',
      exitCode: 3,
    };
    const details = detailsFromInspect(
      inspected({
        Running: true,
        StartedAt: '2026-12-05T10:00:00Z',
        FinishedAt: '2026-12-05T09:30:00Z',
        ExitCode: 3,
      }),
      cached,
    );
    expect(details).toMatchObject({ startedAt: '2026-12-05T10:00:00Z', finishedAt: '2026-12-05T09:30:00Z' });
    // As before: a running container's details name no exit code.
    expect(details.exitCode).toBeUndefined();
  });

  it('leaves out times Docker never set', () => {
    const details = detailsFromInspect(inspected({}), {
      ...summary,
      state: 'created',
      startedAt: '2026-12-05T09:00:00Z',
    });
    expect(details.startedAt).toBeUndefined();
    expect(details.finishedAt).toBeUndefined();
    expect(details.exitCode).toBeUndefined();
  });
});
