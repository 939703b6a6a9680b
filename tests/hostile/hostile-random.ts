import { propertySeed } from '@bosun/protocol/testing';

/**
 * The suite's seed: BOSUN_FC_SEED when set (to replay a printed run), else a fresh one. Printed,
 * so a failure names the seed that replays it.
 */
export function hostileSeed(): number {
  const seed = propertySeed(process.env) ?? Math.floor(Math.random() * 2 ** 31);
  console.log(`HOSTILE seed ${seed} (BOSUN_FC_SEED=${seed} replays this run)`);
  return seed;
}

/** A small seeded generator (mulberry32): the same seed makes the same hostile inputs. */
export class HostileRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, `below`). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /** A string of `length` characters from `alphabet`. */
  text(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}
