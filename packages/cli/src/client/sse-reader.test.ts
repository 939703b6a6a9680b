import { describe, expect, it } from 'vitest';
import { sseData } from './sse-reader.ts';

async function read(...chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  async function* body() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const out: string[] = [];
  for await (const data of sseData(body())) out.push(data);
  return out;
}

describe('sseData', () => {
  it("yields each event's data and skips comments, retry hints and other fields", async () => {
    expect(
      await read('retry: 3000\n: connected\n\n', 'data: {"a":1}\n\n', ': ping\n\nevent: x\ndata:{"b":2}\n\n'),
    ).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('joins the data fields of one event with a line feed', async () => {
    expect(await read('data: one\ndata: two\n\n')).toEqual(['one\ntwo']);
  });

  it('reads events split anywhere across chunks, CRLF and CR line ends included', async () => {
    expect(await read('da', 'ta: x', '\r', '\n\r', '\ndata: y\r\r', 'data: z\n', '\n')).toEqual([
      'x',
      'y',
      'z',
    ]);
  });

  it('drops an event the body ended in the middle of', async () => {
    expect(await read('data: whole\n\ndata: half\n')).toEqual(['whole']);
  });

  it('refuses a line longer than 4 MiB rather than buffering it', async () => {
    await expect(read(`data: ${'x'.repeat(4 * 1024 * 1024 + 1)}`)).rejects.toThrow(/longer than 4 MiB/);
  });
});
