// A columnar layer's properties as the tile encoder wants them: every distinct value of every
// schema property numbered once per layer version (equal values share a number across columns, as
// they share an entry in a tile's value table), so a tile looks values up in typed arrays instead
// of hashing each feature's strings into the tile's own tables.
import { ABSENT, NOT_FINITE, type PropertyColumns } from '../tiles/encode-pbf.ts';
import type { TileFeature, TilePropValue } from '../tiles/index.ts';
import { LAYERS } from '../layers/schema.ts';
import type { ColumnarLayer } from './columnar.ts';

/** A row of a columnar layer as a tile feature (ColumnFeature). */
interface HasRow {
  row: number;
}

const CODED = new WeakMap<ColumnarLayer, PropertyColumns>();
/** New distinct values a column may bring before it is left raw. */
const MAX_CODED = 4096;

export function tileProps(col: ColumnarLayer): PropertyColumns {
  let coded = CODED.get(col);
  if (coded) return coded;
  const names = LAYERS[col.layer].props.map((p) => p.name);
  const values: TilePropValue[] = [];
  // Equality as the encoder's tables have it: one map per type, numbers by SameValueZero.
  const strings = new Map<string, number>();
  const numbers = new Map<number, number>();
  const booleans = new Map<boolean, number>();
  const codes = names.map((name) => {
    const column = col.props[name];
    const out = new Int32Array(col.size);
    const before = values.length;
    for (let i = 0; i < col.size; i++) {
      const v = column[i];
      let code: number | undefined;
      if (v === null || v === undefined) code = ABSENT;
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) code = NOT_FINITE;
        else if ((code = numbers.get(v)) === undefined) numbers.set(v, (code = values.push(v) - 1));
      } else if (typeof v === 'string') {
        if ((code = strings.get(v)) === undefined) strings.set(v, (code = values.push(v) - 1));
      } else if ((code = booleans.get(v)) === undefined) booleans.set(v, (code = values.push(v) - 1));
      out[i] = code;
      // Ids and measures, nearly one value per feature: numbering them costs a hash per feature
      // once and saves nothing per tile, so they stay raw (the encoder hashes them per tile).
      if (values.length - before > MAX_CODED) {
        for (const dropped of values.splice(before)) {
          if (typeof dropped === 'number') numbers.delete(dropped);
          else if (typeof dropped === 'string') strings.delete(dropped);
          else booleans.delete(dropped as boolean);
        }
        return null;
      }
    }
    return out;
  });
  coded = {
    names,
    codes,
    raw: names.map((name) => col.props[name]),
    values,
    row: (f: TileFeature) => (f as unknown as HasRow).row,
    seen: new Uint32Array(values.length),
    local: new Int32Array(values.length),
    pass: 0,
  };
  CODED.set(col, coded);
  return coded;
}
