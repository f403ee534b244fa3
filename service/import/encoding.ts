// Text encoding of .csv and .dbf files: an explicit choice, a .cpg, a BOM, or — for files that
// name none — UTF-8 when the bytes are valid UTF-8, else GBK (what Chinese Windows software writes).

const CPG_NAMES: Record<string, string> = {
  '936': 'gbk', cp936: 'gbk', gbk: 'gbk', gb2312: 'gbk', gb18030: 'gb18030', 'ansi 936': 'gbk',
  '65001': 'utf-8', 'utf-8': 'utf-8', utf8: 'utf-8', '1252': 'windows-1252', 'ansi 1252': 'windows-1252',
};

/** Normalises an encoding name ('UTF8', 'CP936', '936') to one TextDecoder and iconv-lite know. */
export function normaliseEncoding(name: string): string {
  const key = name.trim().toLowerCase();
  const known = CPG_NAMES[key];
  if (known) return known;
  try {
    new TextDecoder(key);
    return key;
  } catch {
    throw new Error(`unknown text encoding ${JSON.stringify(name)}`);
  }
}

/** True when the bytes are valid UTF-8; a multi-byte character cut off at the end is forgiven. */
export function isValidUtf8(bytes: Uint8Array, truncatedEnd = false): boolean {
  let end = bytes.length;
  if (truncatedEnd) {
    // Step back over a partial trailing sequence (at most 3 continuation bytes and its lead).
    let k = end - 1;
    while (k >= 0 && end - k <= 4 && (bytes[k] & 0xc0) === 0x80) k--;
    if (k >= 0 && bytes[k] >= 0xc0) end = k;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Picks the encoding of text bytes that declare none. */
export function sniffEncoding(sample: Uint8Array, truncatedEnd: boolean): string {
  if (hasUtf8Bom(sample)) return 'utf-8';
  return isValidUtf8(sample, truncatedEnd) ? 'utf-8' : 'gbk';
}
