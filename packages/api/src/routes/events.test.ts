import { describe, expect, it } from 'vitest';
import { ApiTestBed, type ApiTestBedOptions } from '../testing/api-test-bed.ts';
import { expectError } from '../testing/read-json.ts';
import { TextStream } from '../testing/text-stream.ts';

async function openStream(options: ApiTestBedOptions = {}) {
  const bed = new ApiTestBed(options);
  const browser = await bed.browser('viewer');
  const res = await bed.request('GET', '/api/events', { as: browser });
  return { bed, browser, res, stream: new TextStream(res) };
}

// GET /api/events takes no input: there is no bad-input case.
describe('GET /api/events', () => {
  it('opens a Server-Sent Events stream with a retry hint', async () => {
    const { res, stream } = await openStream();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(await stream.next()).toBe('retry: 3000\n: connected\n\n');
  });

  it('sends each fleet change as one data line of JSON', async () => {
    const { bed, stream } = await openStream();
    const agent = await bed.agent({ name: 'web-1' });
    const text = await stream.until('"agent.online"');
    const online = text.split('\n\n').find((event) => event.includes('"agent.online"'));
    expect(JSON.parse(online!.replace(/^data: /, ''))).toMatchObject({
      type: 'agent.online',
      agent: { id: agent.id, name: 'web-1', online: true },
    });
  });

  it('pings at the ping interval', async () => {
    const { bed, stream } = await openStream({ limits: { eventStreamPingMs: 5000 } });
    await stream.next();
    await bed.clock.advance(5000);
    expect(await stream.next()).toBe(': ping\n\n');
  });

  it('ends at once when the session is logged out', async () => {
    const { bed, browser, stream } = await openStream();
    await stream.next();
    await bed.request('POST', '/api/logout', { as: browser });
    expect(await stream.next()).toBeUndefined();
  });

  it('ends when the manager ends its open streams', async () => {
    const { bed, stream } = await openStream();
    await stream.next();
    bed.deps.streams.endAll();
    expect(await stream.next()).toBeUndefined();
  });

  it('cuts a client that falls too far behind', async () => {
    const { bed, stream } = await openStream({ limits: { eventStreamMaxBufferedBytes: 64 } });
    await bed.agent({ name: 'web-1' });
    await expect(stream.until('never comes')).rejects.toThrow('response cut');
    expect(bed.logger.lines.map((line) => line.msg)).toContain('event stream client fell behind; dropped');
  });

  it('refuses streams past the bound with 429, and counts a closed one out', async () => {
    const { bed, browser, stream } = await openStream({ limits: { maxEventStreams: 1 } });
    await expectError(await bed.request('GET', '/api/events', { as: browser }), 429, 'limit_exceeded');
    await stream.cancel();
    expect((await bed.request('GET', '/api/events', { as: browser })).status).toBe(200);
  });

  it('refuses one user past their share with 429 while others still get theirs', async () => {
    const { bed, browser } = await openStream({ limits: { maxEventStreamsPerUser: 1 } });
    const res = await bed.request('GET', '/api/events', { as: await bed.script(browser.user) });
    await expectError(res, 429, 'limit_exceeded');
    expect((await bed.request('GET', '/api/events', { as: await bed.browser('viewer') })).status).toBe(200);
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/events'), 401, 'unauthorized');
  });
});
