// A load process of the hostile suite: opens sockets to the manager's agent endpoint that never say
// hello. Run as `node silent-load.ts PORT ADDRESSES COUNT` (ADDRESSES: loopback addresses to send
// from, comma-separated). It connects COUNT TCP sockets spread over the addresses and prints
// `{"event":"connected",…}`; on the line `upgrade` on stdin it sends each a WebSocket upgrade to
// /ws/agent and says nothing after, answering only the manager's close by closing; once the
// manager has closed every socket it prints `{"event":"done",…}` and exits.

import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

type Tracked = {
  socket: Socket;
  address: string;
  head: string;
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

function print(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function open(address: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: address });
    const entry: Tracked = { socket, address, head: '', status: 0, toldToGo: false, closed: false };
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
        // The manager's close frame after its hello deadline: close our side too.
        entry.toldToGo = true;
        socket.end();
        return;
      }
      entry.head += chunk.toString('latin1');
      const end = entry.head.indexOf('\r\n\r\n');
      if (end === -1) return;
      entry.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(entry.head)?.[1] ?? -1);
      if (entry.status === 101 && entry.head.length > end + 4) {
        entry.toldToGo = true;
        socket.end();
      }
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
