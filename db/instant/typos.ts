/**
 * Typo tolerance for instant search: a symmetric-deletion (SymSpell) map. Every
 * vocabulary word's deletions up to its edit budget (words/maxEdits) are stored as 32-bit
 * hashes in an open-addressing table of two Int32Arrays (8–16 bytes an entry, against ~40
 * for a Map). A query word's deletions are looked up there, and the candidates found are
 * checked with words/editDistance.
 */

/** Every string obtained by deleting up to `d` characters (the word itself included). */
export function deletions(word: string, d: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let k = 0; k < d; k++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const del = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(del)) {
          out.add(del);
          next.push(del);
        }
      }
    }
    frontier = next;
  }
  return out;
}

export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** A multimap from 32-bit hashes to word ids, open addressing with linear probing. */
export class DeletionTable {
  private keys: Int32Array = new Int32Array(1 << 12);
  private vals: Int32Array = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  size = 0;

  add(h: number, wid: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    this.put(h, wid);
    this.size++;
  }

  /** Calls `fn` with every word id stored under `h` (and, rarely, a colliding one). */
  forEach(h: number, fn: (wid: number) => void): void {
    for (let slot = slotOf(h) & this.mask; this.vals[slot] !== -1; slot = (slot + 1) & this.mask) {
      if (this.keys[slot] === h) fn(this.vals[slot]!);
    }
  }

  /** The table's arrays, for a snapshot (shared, not copied). */
  state(): { keys: Int32Array; vals: Int32Array; size: number } {
    return { keys: this.keys, vals: this.vals, size: this.size };
  }

  /** Takes over arrays from `state()` (a power-of-two length, as `grow` keeps them). */
  restore(state: { keys: Int32Array; vals: Int32Array; size: number }): void {
    if (state.keys.length !== state.vals.length || state.keys.length & (state.keys.length - 1)) throw new Error('bad deletion table');
    this.keys = state.keys;
    this.vals = state.vals;
    this.mask = state.vals.length - 1;
    this.size = state.size;
  }

  clear(): void {
    this.keys = new Int32Array(1 << 12);
    this.vals = new Int32Array(1 << 12).fill(-1);
    this.mask = (1 << 12) - 1;
    this.size = 0;
  }

  private put(h: number, wid: number): void {
    let slot = slotOf(h) & this.mask;
    while (this.vals[slot] !== -1) slot = (slot + 1) & this.mask;
    this.keys[slot] = h;
    this.vals[slot] = wid;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.vals = new Int32Array(vals.length * 2).fill(-1);
    this.mask = this.vals.length - 1;
    for (let i = 0; i < vals.length; i++) if (vals[i] !== -1) this.put(keys[i]!, vals[i]!);
  }
}

function slotOf(h: number): number {
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}

