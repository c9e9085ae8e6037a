/**
 * Iteration order of `java.util.HashMap<String, ?>` (OpenJDK 8+): MOSIP serialises HashMaps (the ID.json
 * identity, the meta info, Jackson-read objects) and iterates them (subpacket names, org.json field names),
 * so their order is part of what the packet manager writes.
 *
 * A HashMap iterates bucket by bucket; bucket = `(h ^ (h >>> 16)) & (capacity - 1)` with `h = hashCode()`.
 * Within a bucket entries stay in insertion order (resizes split buckets preserving order). Capacity starts
 * at 16 and doubles when size exceeds 0.75 × capacity, or when a bucket would reach 9 entries while the
 * table is smaller than 64. Not modelled: a bucket of 9+ entries in a table of 64+ becomes a red-black
 * tree whose order differs, which takes nine colliding keys.
 */

const INITIAL_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** `HashMap.hash(key)`: the hash code with its high half folded into the low half. */
function spreadHash(key: string): number {
  const hash = javaStringHashCode(key);
  return hash ^ (hash >>> 16);
}

/** Keys as a `new HashMap<>()` iterates them after `put`s in this order (repeated keys keep their place). */
export function javaHashMapOrder(keysInInsertionOrder: Iterable<string>): string[] {
  const inserted: { key: string; hash: number }[] = [];
  const seen = new Set<string>();
  let capacity = INITIAL_CAPACITY;
  for (const key of keysInInsertionOrder) {
    if (seen.has(key)) continue;
    seen.add(key);
    const hash = spreadHash(key);
    const bucket = hash & (capacity - 1);
    const binCount = inserted.filter((entry) => (entry.hash & (capacity - 1)) === bucket).length;
    inserted.push({ key, hash });
    // putVal → treeifyBin: a small table is resized instead of turning the bin into a tree.
    if (binCount >= TREEIFY_THRESHOLD && capacity < MIN_TREEIFY_CAPACITY) capacity *= 2;
    if (inserted.length > capacity * LOAD_FACTOR) capacity *= 2;
  }
  const mask = capacity - 1;
  return inserted
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => (a.hash & mask) - (b.hash & mask) || a.index - b.index)
    .map((entry) => entry.key);
}

/** A copy of an insertion-ordered map, re-ordered as a Java HashMap with the same history iterates. */
export function asJavaHashMap<V>(insertionOrdered: ReadonlyMap<string, V>): Map<string, V> {
  const ordered = new Map<string, V>();
  for (const key of javaHashMapOrder(insertionOrdered.keys())) {
    ordered.set(key, insertionOrdered.get(key) as V);
  }
  return ordered;
}
