// A load process of the hostile suite: opens sockets to the manager's agent endpoint that never say
// hello. Run as `node silent-load.ts PORT ADDRESSES COUNT` (ADDRESSES: loopback addresses to send
// from, comma-separated). It connects COUNT TCP sockets spread over the addresses and prints
// `{"event":"connected",…}`; on the line `upgrade` on stdin it sends each a WebSocket upgrade to
// /ws/agent and says nothing after, answering only the manager's close frame by closing; once the
// manager has closed every socket it prints `{"event":"done",…}` and exits.

import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

type Tracked = {
  socket: Socket;
  address: string;
  head: string;
  /** Bytes after the 101 not yet read as whole frames. */
  frames: Buffer;
  status: number;
  toldToGo: boolean;
  closed: boolean;
};

const [portText = '', addressList = '', countText = ''] = process.argv.slice(2);
const port = Number(portText);
const addresses = addressList.split(',');
const count = Number(countText);
const CHUNK = 250;

const tracked: Tracked[] = [];
let failed = 0;
let toldTimedOut = false;

function print(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * Reads the manager's WebSocket frames (unmasked) after the 101: whatever it sends, the socket
 * stays silent; only its close frame is answered, by closing, so the socket holds its pending
 * slot until the manager ends it.
 */
function readFrames(entry: Tracked, chunk: Buffer): void {
  entry.frames = Buffer.concat([entry.frames, chunk]);
  while (entry.frames.length >= 2) {
    const opcode = (entry.frames[0] as number) & 0x0f;
    let length = (entry.frames[1] as number) & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (entry.frames.length < 4) return;
      length = entry.frames.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (entry.frames.length < 10) return;
      length = Number(entry.frames.readBigUInt64BE(2));
      offset = 10;
    }
    if (entry.frames.length < offset + length) return;
    entry.frames = entry.frames.subarray(offset + length);
    if (opcode === 0x8) {
      entry.toldToGo = true;
      entry.socket.end();
      return;
    }
  }
}

function open(address: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: address });
    const entry: Tracked = {
      socket,
      address,
      head: '',
      frames: Buffer.alloc(0),
      status: 0,
      toldToGo: false,
      closed: false,
    };
    socket.once('connect', () => {
      tracked.push(entry);
      resolve();
    });
    socket.on('error', () => {
      // A refused or reset connection: counted when it never connected, else seen as its close.
      if (!tracked.includes(entry)) {
        failed += 1;
        resolve();
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (entry.status === 101) {
        readFrames(entry, chunk);
        return;
      }
      entry.head += chunk.toString('latin1');
      const end = entry.head.indexOf('\r\n\r\n');
      if (end === -1) return;
      entry.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(entry.head)?.[1] ?? -1);
      // The manager dropped a socket for having said nothing within its headers timeout: from
      // now on it will not hold every socket at once, which the test must know to stop waiting.
      if (entry.status === 408 && !toldTimedOut) {
        toldTimedOut = true;
        print({ event: 'timedOut' });
      }
      if (entry.status === 101) readFrames(entry, Buffer.from(entry.head.slice(end + 4), 'latin1'));
    });
    socket.once('close', () => {
      entry.closed = true;
      if (upgraded && tracked.every((t) => t.closed)) finish();
    });
  });
}

let upgraded = false;
let finished = false;

function finish(): void {
  if (finished) return;
  finished = true;
  const statuses: Record<string, number> = {};
  const acceptedBy: Record<string, number> = {};
  for (const t of tracked) {
    statuses[t.status] = (statuses[t.status] ?? 0) + 1;
    if (t.status === 101) acceptedBy[t.address] = (acceptedBy[t.address] ?? 0) + 1;
  }
  print({
    event: 'done',
    sockets: tracked.length,
    statuses,
    acceptedBy,
    toldToGo: tracked.filter((t) => t.toldToGo).length,
  });
  process.exit(0);
}

function upgrade(): void {
  upgraded = true;
  for (const t of tracked) {
    if (t.closed) continue;
    const key = randomBytes(16).toString('base64');
    t.socket.write(
      `GET /ws/agent HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  }
  if (tracked.every((t) => t.closed)) finish();
}

for (let i = 0; i < count; i += CHUNK) {
  const chunk: Promise<void>[] = [];
  for (let j = i; j < Math.min(count, i + CHUNK); j++)
    chunk.push(open(addresses[j % addresses.length] ?? '127.0.0.1'));
  await Promise.all(chunk);
}
print({ event: 'connected', connected: tracked.length, failed });

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'upgrade') upgrade();
  if (line === 'end') finish();
});
