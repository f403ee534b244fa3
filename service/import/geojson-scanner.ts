// A streaming GeoJSON reader that never holds the file. It scans the bytes once, tracking only
// nesting depth and strings, and cuts the elements of the root's "features" array out by brace
// depth; all features completed in a chunk are parsed by one JSON.parse of an array (native
// JSON.parse does the real work fastest; per-feature calls cost more). Other root members (type,
// crs, or a lone Feature's geometry) are small and parsed whole as they complete.

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;
const COLON = 0x3a, COMMA = 0x2c;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export class ScanError extends Error {}

export interface ScanCallbacks {
  /** Parsed elements of the root "features" array, in order; `first` is the 0-based position of values[0]. */
  features(values: unknown[], first: number): void;
  /** A root member other than "features", as soon as it is complete. */
  member(key: string, value: unknown): void;
}

/**
 * Incremental scanner: push() each chunk, then end(). Features are reported through callbacks
 * during push(), so a caller can yield them between chunks.
 */
export class GeoJsonScanner {
  private buf: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in buf. */
  private pos = 0;
  private depth = 0;
  private started = false;
  private finished = false;
  private key: string | null = null;
  private lastString: string | null = null;
  private inFeatures = false;
  private featureStart = -1;
  private memberStart = -1;
  private memberKey = '';
  private features = 0;
  private consumed = 0;

  constructor(private readonly cb: ScanCallbacks) {}

  push(chunk: Buffer): void {
    // Keep only the unfinished part of the previous chunk (one feature or member at most).
    const keep = Math.min(this.pos, this.featureStart >= 0 ? this.featureStart : Infinity, this.memberStart >= 0 ? this.memberStart : Infinity);
    const rest = this.buf.subarray(keep);
    this.consumed += keep;
    this.buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    this.pos -= keep;
    if (this.featureStart >= 0) this.featureStart -= keep;
    if (this.memberStart >= 0) this.memberStart -= keep;
    this.scan();
  }

  end(): void {
    if (!this.started) throw new ScanError('the file is empty');
    if (!this.finished) {
      const where = this.inFeatures ? `after ${this.features} complete features` : 'before the features';
      throw new ScanError(`the file is truncated: it ends inside the GeoJSON object (${where}, byte ${this.consumed + this.buf.length})`);
    }
  }

  private fail(message: string, at: number): never {
    throw new ScanError(`${message} at byte ${this.consumed + at}`);
  }

  private scan(): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.inFeatures) {
        i = this.scanFeatures(i);
        if (this.inFeatures) break; // buffer ended inside the array
        continue;
      }
      const b = buf[i];
      if (this.finished) {
        if (!isSpace(b)) this.fail('unexpected content after the GeoJSON object', i);
        i++;
        continue;
      }
      if (!this.started) {
        if (b === 0xef && i + 2 < n && buf[i + 1] === 0xbb && buf[i + 2] === 0xbf) {
          i += 3;
          continue;
        }
        if (isSpace(b)) {
          i++;
          continue;
        }
        if (b !== LBRACE) this.fail(`not GeoJSON: expected "{" but found ${JSON.stringify(String.fromCharCode(b))}`, i);
        this.started = true;
        this.depth = 1;
        i++;
        continue;
      }
      if (isSpace(b)) {
        i++;
        continue;
      }
      if (this.depth === 1) {
        if (b === COLON) {
          this.key = this.lastString;
          i++;
          continue;
        }
        if (b === COMMA || b === RBRACE) {
          if (this.memberStart >= 0) this.closeMember(i);
          if (b === RBRACE) {
            this.depth = 0;
            this.finished = true;
          }
          i++;
          continue;
        }
        if (this.key !== null && this.memberStart < 0) {
          if (this.key === 'features' && b === LBRACKET) {
            this.inFeatures = true;
            this.key = null;
            this.depth = 2;
            i++;
            continue;
          }
          this.memberStart = i;
          this.memberKey = this.key;
          this.key = null;
        }
      }
      if (b === QUOTE) {
        const end = this.stringEnd(i);
        if (end < 0) break; // string continues in the next chunk: resume at its opening quote
        if (this.depth === 1 && this.memberStart < 0) this.lastString = buf.toString('utf8', i + 1, end);
        i = end + 1;
        continue;
      }
      if (b === LBRACE || b === LBRACKET) this.depth++;
      else if (b === RBRACE || b === RBRACKET) {
        this.depth--;
        if (this.depth < 1) this.fail('unbalanced brackets', i);
      }
      i++;
    }
    this.pos = i;
  }

  /**
   * The hot loop: inside the "features" array, track depth with locals only, skip strings byte
   * by byte, and parse all features completed in this buffer with one JSON.parse of an array.
   * Returns where scanning stopped (buffer end, an unfinished string, or after the closing "]").
   */
  private scanFeatures(from: number): number {
    const buf = this.buf;
    const n = buf.length;
    let depth = this.depth;
    let i = from;
    let start = this.featureStart; // start of the feature being cut, -1 between features
    let batchStart = this.featureStart; // a feature carried over from the previous chunk opens the batch
    const ends: number[] = [];
    let closed = false;
    scan: while (i < n) {
      const b = buf[i];
      if (b === QUOTE) {
        let j = i + 1;
        for (;;) {
          if (j >= n) break scan; // the string goes on in the next chunk: resume at its quote
          const c = buf[j];
          if (c === QUOTE) break;
          j += c === BACKSLASH ? 2 : 1;
        }
        i = j + 1;
        continue;
      }
      if (b === LBRACE || b === LBRACKET) {
        if (depth === 2) {
          if (b !== LBRACE) this.fail(`feature ${this.features + ends.length} is not an object`, i);
          start = i;
          if (batchStart < 0) batchStart = i;
        }
        depth++;
      } else if (b === RBRACE || b === RBRACKET) {
        depth--;
        if (depth === 2) {
          ends.push(i + 1);
          start = -1;
        } else if (depth === 1) {
          if (b !== RBRACKET) this.fail('unbalanced brackets in "features"', i);
          i++;
          closed = true;
          break;
        }
      } else if (depth === 2 && b !== COMMA && !isSpace(b)) {
        this.fail(`feature ${this.features + ends.length} is not an object`, i);
      }
      i++;
    }
    if (ends.length) this.emit(batchStart, ends);
    this.depth = depth;
    this.featureStart = start;
    if (closed) this.inFeatures = false;
    return i;
  }

  /** Parses the features ending at `ends` (the first starting at `first`) in one JSON.parse. */
  private emit(first: number, ends: number[]): void {
    const last = ends[ends.length - 1];
    let values: unknown[];
    try {
      values = JSON.parse(`[${this.buf.toString('utf8', first, last)}]`);
    } catch {
      values = this.parseOneByOne(first, ends); // throws naming the bad feature
    }
    const firstIndex = this.features;
    this.features += values.length;
    this.cb.features(values, firstIndex);
  }

  private parseOneByOne(first: number, ends: number[]): unknown[] {
    const out: unknown[] = [];
    let from = first;
    for (const end of ends) {
      const text = this.buf.toString('utf8', from, end).replace(/^[\s,]+/, '');
      try {
        out.push(JSON.parse(text));
      } catch (err) {
        throw new ScanError(`malformed JSON in feature ${this.features + out.length}: ${(err as Error).message}`);
      }
      from = end;
    }
    return out;
  }

  /** Index of the quote closing the string opened at `open`, or -1 when it is not in the buffer. */
  private stringEnd(open: number): number {
    const buf = this.buf;
    let j = open;
    for (;;) {
      j = buf.indexOf(QUOTE, j + 1);
      if (j < 0) return -1;
      let slashes = 0;
      for (let k = j - 1; buf[k] === BACKSLASH; k--) slashes++;
      if ((slashes & 1) === 0) return j;
    }
  }

  private closeMember(end: number): void {
    const text = this.buf.toString('utf8', this.memberStart, end);
    this.memberStart = -1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ScanError(`malformed JSON in member "${this.memberKey}": ${(err as Error).message}`);
    }
    this.cb.member(this.memberKey, value);
  }
}
