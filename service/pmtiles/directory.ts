// PMTiles v3 directories (spec/v3/spec.md, "Directories"): entries sorted by tile id, written
// column by column as unsigned LEB128 varints — tile id deltas, run lengths, lengths, then
// offsets, where 0 means "right after the previous entry" and anything else is offset + 1.
// Tile ids above 2^32 (zoom ≥ 16) rule out bitwise arithmetic, hence the divisions.

export interface DirEntry {
  tileId: number;
  offset: number;
  length: number;
  /** Consecutive tile ids sharing this data; 0 marks a leaf directory. */
  runLength: number;
}

export function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`pmtiles: varint ${value} is not a non-negative safe integer`);
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}

export function serializeDirectory(entries: DirEntry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    writeVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

/**
 * Root and leaf directories. The root must fit, with the 127-byte header, in the first 16 KiB
 * (so a client's first request gets both); when all entries do not, they are cut into leaves of
 * `leafSize` entries, growing the leaf size until the root of leaf pointers fits.
 */
export const ROOT_MAX = 16384 - 127;

export function buildDirectories(
  entries: DirEntry[],
  compress: (b: Uint8Array) => Uint8Array,
  rootMax = ROOT_MAX,
  firstLeafSize = 4096,
): { root: Uint8Array; leaves: Uint8Array } {
  const ROOT_MAX = rootMax;
  const root = compress(serializeDirectory(entries));
  if (root.length <= ROOT_MAX) return { root, leaves: new Uint8Array(0) };
  for (let leafSize = firstLeafSize; ; leafSize *= 2) {
    const rootEntries: DirEntry[] = [];
    const leafBytes: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = compress(serializeDirectory(entries.slice(i, i + leafSize)));
      rootEntries.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
      leafBytes.push(leaf);
      offset += leaf.length;
    }
    const rootBytes = compress(serializeDirectory(rootEntries));
    if (rootBytes.length <= ROOT_MAX) {
      const leaves = new Uint8Array(offset);
      let at = 0;
      for (const b of leafBytes) leaves.set(b, (at += b.length) - b.length);
      return { root: rootBytes, leaves };
    }
  }
}
