// The flatbush index of a columnar layer's lon/lat boxes, built once per layer version (per
// thread) and inserted in feature order, as the engine's own index is.
import Flatbush from 'flatbush';
import type { ColumnarLayer } from './columnar.ts';

const INDEXES = new WeakMap<ColumnarLayer, Flatbush>();

export function boxIndex(col: ColumnarLayer): Flatbush {
  let index = INDEXES.get(col);
  if (!index) {
    const b = col.box;
    index = new Flatbush(Math.max(1, col.size));
    for (let i = 0; i < col.size; i++) index.add(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]);
    if (col.size === 0) index.add(0, 0, 0, 0);
    index.finish();
    INDEXES.set(col, index);
  }
  return index;
}
