import { closeSync, openSync, readSync } from 'node:fs';

const PT_INTERP = 3;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, position);
  return buffer;
}

/**
 * True if `path` is an ELF executable with no program interpreter, i.e. it runs
 * in an image that holds nothing else. A dynamically linked busybox (Debian's
 * `busybox` package) also sits at /bin/busybox but would fail there.
 */
export function isStaticElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = readAt(fd, 0, 64);
    if (header.readUInt32BE(0) !== 0x7f454c46) return false; // "\x7fELF"
    const is64 = header[4] === 2;
    const little = header[5] === 1;
    const u16 = (b: Buffer, at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
    const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const phoff = is64
      ? Number(little ? header.readBigUInt64LE(32) : header.readBigUInt64BE(32))
      : u32(header, 28);
    const phentsize = u16(header, is64 ? 54 : 42);
    const phnum = u16(header, is64 ? 56 : 44);
    const table = readAt(fd, phoff, phentsize * phnum);
    for (let i = 0; i < phnum; i++) {
      if (u32(table, i * phentsize) === PT_INTERP) return false;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}
