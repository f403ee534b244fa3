// The flatbush index of a columnar layer's lon/lat boxes, built once per layer version on a
// SharedArrayBuffer (the check thread opens the same bytes) and inserted in feature order, as the
// engine's own index is.
import Flatbush from 'flatbush';
import type { ColumnarLayer } from './columnar.ts';

const INDEXES = new WeakMap<ColumnarLayer, Flatbush>();

export function boxIndex(col: ColumnarLayer): Flatbush {
  let index = INDEXES.get(col);
  if (!index && col.indexData) index = Flatbush.from(col.indexData);
  if (!index) {
    const b = col.box;
    index = new Flatbush(Math.max(1, col.size), 16, Float64Array, SharedArrayBuffer);
    for (let i = 0; i < col.size; i++) index.add(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]);
    if (col.size === 0) index.add(0, 0, 0, 0);
    index.finish();
    col.indexData = index.data as SharedArrayBuffer;
  }
  INDEXES.set(col, index);
  return index;
}
