// The manager's events are a few KiB at most; a line past this is not an event stream we can
// read, and buffering it without end would let a broken proxy eat the process's memory.
const MAX_LINE_CHARS = 4 * 1024 * 1024;

/**
 * The `data` of each event of a Server-Sent Events body, in order, as the WHATWG spec splits
 * them: lines end in CR, LF or CRLF; an event's `data:` fields are joined with LF and it is
 * dispatched at a blank line; comments (`:`) and other fields are skipped, and so is an event
 * the body ended in the middle of. Throws when a line passes `MAX_LINE_CHARS` (4 MiB).
 */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  // A CR at the end of a chunk may be the first half of a CRLF split across chunks.
  let skipLf = false;
  for await (const chunk of body) {
    let text = decoder.decode(chunk, { stream: true });
    if (skipLf && text.startsWith('\n')) text = text.slice(1);
    skipLf = false;
    pending += text;
    let start = 0;
    for (;;) {
      const end = nextBreak(pending, start);
      if (end === -1) break;
      const line = pending.slice(start, end);
      start = end + 1;
      if (pending[end] === '\r') {
        if (start === pending.length) skipLf = true;
        else if (pending[start] === '\n') start += 1;
      }
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line === 'data' || line.startsWith('data:')) {
        const value = line.slice(5);
        data.push(value.startsWith(' ') ? value.slice(1) : value);
      }
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_CHARS) throw new Error('the event stream sent a line longer than 4 MiB');
  }
}

function nextBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}
