import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '../ports/store.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { type AgentDirectory, resolveAgentRef } from './resolve-agent.ts';

function record(id: string, name: string, revokedAt: number | null = null): AgentRecord {
  return { id, name, credentialHash: `h-${id}`, createdAt: 1, lastSeenAt: null, revokedAt, host: null };
}

async function directory(records: AgentRecord[], live: AgentRecord[] = []): Promise<AgentDirectory> {
  const store = new MemoryStore();
  for (const r of records) await store.agents.create(r);
  return {
    liveById: (id) => live.find((r) => r.id === id),
    liveByName: (name) => live.find((r) => r.name === name),
    stored: store.agents,
  };
}

describe('resolveAgentRef', () => {
  it('finds an agent by id, online or not, and by name', async () => {
    const web = record('agt_web', 'web');
    const db = record('agt_db', 'db');
    const dir = await directory([web, db], [db]);
    expect(await resolveAgentRef(dir, 'agt_web')).toEqual(web);
    expect(await resolveAgentRef(dir, 'web')).toEqual(web);
    expect(await resolveAgentRef(dir, 'agt_db')).toEqual(db);
    expect(await resolveAgentRef(dir, 'db')).toEqual(db);
  });

  it('never answers an id with a name, even one stored from before names were checked', async () => {
    const real = record('agt_real', 'web');
    const mimic = record('agt_other', 'agt_real');
    const dir = await directory([real, mimic], [mimic]);
    expect(await resolveAgentRef(dir, 'agt_real')).toEqual(real);
    await expect(resolveAgentRef(dir, 'agt_rea')).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveAgentRef(dir, 'AGT_REAL')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('does not find revoked agents, by id or by name', async () => {
    const dir = await directory([record('agt_gone', 'gone', 5)]);
    await expect(resolveAgentRef(dir, 'agt_gone')).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveAgentRef(dir, 'gone')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('answers a name exactly, not ignoring case', async () => {
    const dir = await directory([record('agt_web', 'web')]);
    await expect(resolveAgentRef(dir, 'WEB')).rejects.toMatchObject({ code: 'not_found' });
  });
});
