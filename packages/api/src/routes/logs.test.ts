import { containerSummary, logLines, settle } from '@bosun/hub/testing';
import { logReadBatchBytes, PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { ApiTestBed, type ApiTestBedOptions } from '../testing/api-test-bed.ts';
import { expectError, readNdjson } from '../testing/read-json.ts';

const web = containerSummary('web');

async function bedWithLogs(options: ApiTestBedOptions = {}) {
  const bed = new ApiTestBed(options);
  const agent = await bed.agent({ name: 'web-1', containers: [web] });
  agent.write(web.id, 3);
  return { bed, agent, viewer: await bed.browser('viewer') };
}

type Bed = Awaited<ReturnType<typeof bedWithLogs>>;

/** Starts a read the agent holds (it answers nothing yet); the request resolves once lines flow. */
async function heldRead({ bed, agent, viewer }: Bed) {
  agent.hold('log.read');
  const answer = bed.request('GET', '/api/logs?agent=web-1&container=web', { as: viewer });
  await settle();
  const read = agent.held[0]!;
  const { readId, window } = read.data as { readId: string; window: number };
  return { answer, read, readId, window };
}

describe('GET /api/logs', () => {
  it("streams the container's stored lines as NDJSON, in order", async () => {
    const { bed, viewer } = await bedWithLogs();
    const res = await bed.request('GET', '/api/logs?agent=web-1&container=web', { as: viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const lines = await readNdjson(res);
    expect(lines.map((line) => [line.kind, line.seq, line.text])).toEqual([
      ['line', 0, 'line 0'],
      ['line', 1, 'line 1'],
      ['line', 2, 'line 2'],
    ]);
  });

  it('passes tail on and resolves a relative since against the clock', async () => {
    const { bed, agent, viewer } = await bedWithLogs();
    await bed.request('GET', '/api/logs?agent=web-1&container=web&tail=2&since=10m', { as: viewer });
    expect(agent.requests.at(-1)).toMatchObject({
      subject: 'log.read',
      data: { container: web.id, tail: 2, since: ((bed.clock.now() - 600_000) / 1000).toFixed(3) },
    });
  });

  it('ends with an error line when the read fails after lines went out', async () => {
    const t = await bedWithLogs();
    const { agent } = t;
    const { answer, read, readId } = await heldRead(t);
    agent.push('log.read.batch', { readId, entries: logLines(0, 1) });
    const res = await answer;
    agent.fail(read, { code: 'docker_unavailable', message: 'Docker went away' });
    expect(res.status).toBe(200);
    expect(await readNdjson(res)).toEqual([
      expect.objectContaining({ kind: 'line', seq: 0 }),
      { error: { code: 'docker_unavailable', message: 'Docker went away' } },
    ]);
  });

  it('credits the agent only as the client takes the response, and a slow client gets every record', async () => {
    const { bed, agent, viewer } = await bedWithLogs({ hubOptions: { logReadWindowBytes: 200 } });
    const { answer, read, readId, window } = await heldRead({ bed, agent, viewer });
    expect(window).toBe(200);
    const first = logLines(0, 100);
    agent.push('log.read.batch', { readId, entries: first });
    const res = await answer;
    await settle();
    // Nothing taken by the client yet: no credit.
    expect(agent.pushes).toEqual([]);

    const reader = res.body!.getReader();
    const chunk = await reader.read();
    expect(new TextDecoder().decode(chunk.value).split('\n').filter(Boolean)).toHaveLength(100);
    await settle();
    expect(agent.pushes).toEqual([
      { subject: 'log.read.credit', data: { readId, bytes: logReadBatchBytes(first) } },
    ]);

    agent.push('log.read.batch', { readId, entries: logLines(100, 100) });
    agent.answer(read, { readId, lines: 200 });
    let text = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      text += new TextDecoder().decode(next.value);
    }
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).seq),
    ).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
  });

  it('cancels the agent’s read when the client goes away', async () => {
    const t = await bedWithLogs();
    const { bed, agent } = t;
    const { answer, readId } = await heldRead(t);
    agent.push('log.read.batch', { readId, entries: logLines(0, 1) });
    const res = await answer;
    expect(bed.testHub.hub.openReads).toBe(1);
    await res.body!.cancel();
    await settle();
    expect(agent.pushes).toEqual([{ subject: 'log.read.cancel', data: { readId } }]);
    expect(bed.testHub.hub.openReads).toBe(0);
  });

  it('answers 429 past the reads one user may hold', async () => {
    const { bed, agent, viewer } = await bedWithLogs({ hubOptions: { maxReadsPerUser: 1 } });
    agent.hold('log.read');
    void bed.request('GET', '/api/logs?agent=web-1&container=web', { as: viewer });
    await settle();
    await expectError(
      await bed.request('GET', '/api/logs?agent=web-1&container=web', { as: viewer }),
      429,
      'limit_exceeded',
    );
  });

  it('cuts the response of a client too far behind a read from an agent of protocol 1', async () => {
    const bed = new ApiTestBed({ limits: { logReadMaxBufferedBytes: 16 } });
    const agent = await bed.agent({ name: 'web-1', containers: [web], protocol: PROTOCOL_VERSION - 1 });
    agent.write(web.id, 3);
    const viewer = await bed.browser('viewer');
    const res = await bed.request('GET', '/api/logs?agent=web-1&container=web', { as: viewer });
    await expect(res.text()).rejects.toThrow('response cut');
    expect(bed.logger.lines.map((line) => line.msg)).toContain('log read client fell behind; response cut');
  });

  it('answers 404 with a JSON error when the agent is unknown', async () => {
    const { bed, viewer } = await bedWithLogs();
    await expectError(
      await bed.request('GET', '/api/logs?agent=nope&container=web', { as: viewer }),
      404,
      'not_found',
    );
  });

  it('refuses a query without a container with 400', async () => {
    const { bed, viewer } = await bedWithLogs();
    const res = await bed.request('GET', '/api/logs?agent=web-1', { as: viewer });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^query\.container: /);
  });

  it('refuses a request without credentials with 401', async () => {
    const { bed } = await bedWithLogs();
    await expectError(await bed.request('GET', '/api/logs?agent=web-1&container=web'), 401, 'unauthorized');
  });
});
