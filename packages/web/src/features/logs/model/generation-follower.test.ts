import type { ContainerGenerationsResponse, ContainerGenerationView } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testing/manual-timers.ts';
import { GenerationFollower } from './generation-follower.ts';

const id = (n: number) => String(n).repeat(64).slice(0, 64);
const generation = (n: number): ContainerGenerationView => ({
  generation: n,
  containerId: id(n),
  name: 'shop-web-1',
  createdAt: 1_764_040_000_000 + n,
  removedAt: null,
});
const answer = (...generations: ContainerGenerationView[]): ContainerGenerationsResponse => ({
  agentId: 'agt_1',
  identity: 'shop/web#1',
  generations,
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function follower(answers: Array<ContainerGenerationsResponse | Error>) {
  const timers = new ManualTimers();
  const found: Array<[string, number]> = [];
  const asked: string[] = [];
  const it = new GenerationFollower({
    generations: async (agent, containerId) => {
      asked.push(`${agent} ${containerId}`);
      const next = answers.shift() ?? answer();
      if (next instanceof Error) throw next;
      return next;
    },
    found: (source, g) => found.push([source, g.generation]),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { it, timers, found, asked };
}

describe('GenerationFollower', () => {
  it('asks until a newer generation appears, then hands over the newest once', async () => {
    const f = follower([
      answer(generation(1)),
      new Error('offline'),
      answer(generation(1), generation(2), generation(3)),
    ]);
    f.it.removed('edge/web', 'edge', id(1));
    await flush();
    expect(f.found).toEqual([]);
    f.timers.runAll();
    await flush();
    f.timers.runAll();
    await flush();
    expect(f.found).toEqual([['edge/web', 3]]);
    expect(f.asked).toEqual([`edge ${id(1)}`, `edge ${id(1)}`, `edge ${id(1)}`]);
    expect(f.timers.pending).toBe(0);
    expect(f.timers.delays).toEqual([1_000, 2_000]);
  });

  it('stops asking once disposed', async () => {
    const f = follower([answer(generation(1))]);
    f.it.removed('edge/web', 'edge', id(1));
    await flush();
    f.it.dispose();
    expect(f.timers.pending).toBe(0);
    expect(f.found).toEqual([]);
  });
});
