// Below this many unused slots the array is left as it is: compacting would cost more than it saves.
const SLACK = 4096;

/**
 * The texts of the lines the viewer holds, by line id, for the pattern worker.
 *
 * Ids grow by one per entry in arrival order and the viewer lets go mostly of its oldest lines,
 * so a text sits in an array at `id - first`: a pass over 100k lines reads them in order instead
 * of hashing 100k keys (a Map lookup per line cost several times the regex test). A line that
 * outlives many later ones (a source whose clock runs far ahead is evicted last) is moved to a
 * small map when the array is compacted, so holes never make up more than half of it.
 */
export class LineTexts {
  #slots: Array<string | undefined> = [];
  // Id of #slots[0]; #slots[i] for i < #head is empty.
  #first = 0;
  #head = 0;
  #inSlots = 0;
  readonly #outliers = new Map<number, string>();

  get size(): number {
    return this.#inSlots + this.#outliers.size;
  }

  get(id: number): string | undefined {
    const at = id - this.#first;
    return at >= 0 ? this.#slots[at] : this.#outliers.get(id);
  }

  set(id: number, text: string): void {
    if (this.#inSlots === 0) {
      this.#slots = [];
      this.#first = id;
      this.#head = 0;
    }
    const at = id - this.#first;
    if (at < 0) {
      this.#outliers.set(id, text);
      return;
    }
    if (at < this.#head) this.#head = at;
    while (this.#slots.length < at) this.#slots.push(undefined);
    if (this.#slots[at] === undefined) this.#inSlots++;
    this.#slots[at] = text;
  }

  delete(id: number): void {
    const at = id - this.#first;
    if (at < 0) {
      this.#outliers.delete(id);
      return;
    }
    if (this.#slots[at] === undefined) return;
    this.#slots[at] = undefined;
    this.#inSlots--;
    while (this.#head < this.#slots.length && this.#slots[this.#head] === undefined) this.#head++;
    this.#compact();
  }

  clear(): void {
    this.#slots = [];
    this.#first = 0;
    this.#head = 0;
    this.#inSlots = 0;
    this.#outliers.clear();
  }

  #compact(): void {
    const span = this.#slots.length - this.#head;
    if (this.#head > SLACK && this.#head > span) {
      this.#cut(this.#head);
      return;
    }
    if (span - this.#inSlots <= Math.max(SLACK, this.#inSlots)) return;
    // Sparse all over: the live lines of the older half go to the map, the array keeps the rest.
    const mid = this.#head + Math.floor(span / 2);
    for (let at = this.#head; at < mid; at++) {
      const text = this.#slots[at];
      if (text === undefined) continue;
      this.#outliers.set(this.#first + at, text);
      this.#inSlots--;
    }
    this.#cut(mid);
  }

  #cut(at: number): void {
    this.#slots = this.#slots.slice(at);
    this.#first += at;
    this.#head = 0;
    while (this.#head < this.#slots.length && this.#slots[this.#head] === undefined) this.#head++;
  }
}
