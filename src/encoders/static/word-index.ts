// A compact word → row index for large vector vocabularies (hundreds of thousands of words): every word's
// UTF-8 bytes live in one growing byte buffer, their start offsets in one Uint32Array, and an open-addressing
// hash table (linear probing, FNV-1a over the bytes, load ≤ 0.5) maps to row ids. No JS string or object is
// kept per word, so 341k words cost ≈ 3 MB of bytes + 1.4 MB of offsets + 4 MB of table.
//   add(bytes, start, end) → the new id, or −(existing id) − 1 when the word is already present (first wins)
//   get(word) → id or −1;  word(id) → the string (decoded on demand)

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export class WordIndex {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** starts[i] = offset of word i; starts[size] = used. */
  private starts = new Uint32Array(1 << 12);
  private hashes = new Uint32Array(1 << 12);
  private table = new Int32Array(1 << 13).fill(-1);
  private count = 0;
  private scratch = new Uint8Array(256);

  get size(): number {
    return this.count;
  }

  /** Bytes held (for memory reports). */
  get byteLength(): number {
    return this.bytes.byteLength + this.starts.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  /** Slot of the word in `table` (holding its id, or −1 where it would go). */
  private slot(src: Uint8Array, start: number, end: number, h: number): number {
    const mask = this.table.length - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.table[s]!;
      if (id < 0) return s;
      if (this.hashes[id] !== h) continue;
      const a = this.starts[id]!;
      if (this.starts[id + 1]! - a !== len) continue;
      let same = true;
      for (let k = 0; k < len; k++) {
        if (this.bytes[a + k] !== src[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return s;
    }
  }

  /** Adds the word held in src[start, end): returns its new id, or −(id of the earlier copy) − 1. */
  add(src: Uint8Array, start: number, end: number): number {
    const h = fnv1a(src, start, end);
    const s = this.slot(src, start, end, h);
    const found = this.table[s]!;
    if (found >= 0) return -found - 1;
    const id = this.count;
    const len = end - start;
    if (this.used + len > this.bytes.length) this.bytes = grow(this.bytes, this.used + len);
    if (id + 2 > this.starts.length) {
      this.starts = grow(this.starts, id + 2);
      this.hashes = grow(this.hashes, id + 2);
    }
    this.bytes.set(src.subarray(start, end), this.used);
    this.starts[id] = this.used;
    this.used += len;
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.table[s] = id;
    this.count++;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  /** Adds a JS string (see add). */
  addWord(word: string): number {
    const n = this.encode(word);
    return this.add(this.scratch, 0, n);
  }

  /** The id of `word`, or −1. */
  get(word: string): number {
    const n = this.encode(word);
    return this.table[this.slot(this.scratch, 0, n, fnv1a(this.scratch, 0, n))]!;
  }

  /** The id of the word in src[start, end), or −1. */
  getBytes(src: Uint8Array, start: number, end: number): number {
    return this.table[this.slot(src, start, end, fnv1a(src, start, end))]!;
  }

  word(id: number): string {
    if (!(id >= 0 && id < this.count)) throw new RangeError(`word id ${id} is out of range [0, ${this.count})`);
    return decoder.decode(this.bytes.subarray(this.starts[id]!, this.starts[id + 1]!));
  }

  /** Releases spare capacity once loading is done. */
  trim(): void {
    this.bytes = this.bytes.slice(0, this.used);
    this.starts = this.starts.slice(0, this.count + 1);
    this.hashes = this.hashes.slice(0, this.count);
  }

  private encode(word: string): number {
    if (word.length * 3 > this.scratch.length) this.scratch = new Uint8Array(word.length * 3);
    return encoder.encodeInto(word, this.scratch).written;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.count; id++) {
      let s = this.hashes[id]! & mask;
      while (table[s]! >= 0) s = (s + 1) & mask;
      table[s] = id;
    }
    this.table = table;
  }
}

function grow<T extends Uint8Array | Uint32Array>(a: T, need: number): T {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const out = new (a.constructor as new (n: number) => T)(n);
  out.set(a);
  return out;
}
