// Stage 5: rendered features → Mapbox Vector Tile 2.1 protobuf bytes (vector_tile.proto field
// numbers below), with a key and value table per layer.
import { PbfWriter } from 'pbf';
import { IntList, writePackedInts } from './packed.ts';
import type { TileFeature, TilePropValue } from './types.ts';
import type { RenderedFeature } from './render.ts';

const TILE_LAYERS = 3;
const LAYER_NAME = 1;
const LAYER_FEATURES = 2;
const LAYER_KEYS = 3;
const LAYER_VALUES = 4;
const LAYER_EXTENT = 5;
const LAYER_VERSION = 15;
const FEATURE_ID = 1;
const FEATURE_TAGS = 2;
const FEATURE_TYPE = 3;
const FEATURE_GEOMETRY = 4;
const VALUE_STRING = 1;
const VALUE_DOUBLE = 3;
const VALUE_UINT = 5;
const VALUE_SINT = 6;
const VALUE_BOOL = 7;

const MOVE_TO = 1;
const LINE_TO = 2;
const CLOSE_PATH = 7;

export interface RenderedLayer {
  name: string;
  features: RenderedFeature[];
  columns?: PropertyColumns;
}

/** A property code: null, no tag and no key. */
export const ABSENT = -1;
/** A property code: NaN or ±Infinity, the key is listed but there is no tag (MVT values are finite). */
export const NOT_FINITE = -2;

/**
 * Properties as columns: feature f's value of names[c] is, for a coded column, value number
 * codes[c][row(f)] of `values` (or ABSENT / NOT_FINITE), equal values having one number across
 * all coded columns; for a column of too many distinct values to number (codes[c] null),
 * raw[c][row(f)]. Written as the properties object { names[c]: value, … } would be, without one
 * object per feature and with one table lookup per value number instead of one per feature.
 * `seen`, `local` and `pass` are the encoder's scratch (one slot per value number), reused tile
 * after tile.
 */
export interface PropertyColumns {
  names: readonly string[];
  codes: readonly (Int32Array | null)[];
  raw: readonly (readonly TilePropValue[])[];
  values: readonly TilePropValue[];
  row: (feature: TileFeature) => number;
  seen: Uint32Array;
  local: Int32Array;
  pass: number;
}

/** Encodes layers (empty ones are left out); returns zero bytes when no layer has a feature. */
export function encodeLayers(layers: RenderedLayer[], extent: number): Uint8Array<ArrayBuffer> {
  // One buffer serves tile after tile (the bytes are copied out): growing a fresh one from 16
  // bytes to a 400 KB tile reallocated and copied it some fifteen times.
  const pbf = new PbfWriter(BUFFER);
  for (const layer of layers) {
    if (layer.features.length) pbf.writeMessage(TILE_LAYERS, writeLayer, { layer, extent });
  }
  if (pbf.buf.length <= MAX_KEPT_BUFFER) BUFFER = pbf.buf as Uint8Array<ArrayBuffer>;
  return pbf.buf.slice(0, pbf.pos) as Uint8Array<ArrayBuffer>;
}

let BUFFER: Uint8Array<ArrayBuffer> = new Uint8Array(64 * 1024);
const MAX_KEPT_BUFFER = 8 * 1024 * 1024;

interface LayerContext {
  layer: RenderedLayer;
  extent: number;
}

function writeLayer(ctx: LayerContext, pbf: PbfWriter): void {
  pbf.writeVarintField(LAYER_VERSION, 2);
  pbf.writeStringField(LAYER_NAME, ctx.layer.name);
  const keys = new Map<string, number>();
  // One table per value type instead of a `typeof:String(value)` key: building that string for
  // every number of every feature was the encoder's hottest cost. Map keys compare by
  // SameValueZero, so 0 and -0 still share an entry as they did through String().
  const stringValues = new Map<string, number>();
  const numberValues = new Map<number, number>();
  const boolValues = new Map<boolean, number>();
  const valueList: TilePropValue[] = [];
  const tags = TAGS;
  const featureContext = { f: null as unknown as RenderedFeature, tags };
  /** The value's index in the tile's table (added if new); `value` is not null and finite. */
  const valueIndex = (value: string | number | boolean): number => {
    let v: number | undefined;
    if (typeof value === 'number') {
      v = numberValues.get(value);
      if (v === undefined) numberValues.set(value, (v = valueList.push(value) - 1));
    } else if (typeof value === 'string') {
      v = stringValues.get(value);
      if (v === undefined) stringValues.set(value, (v = valueList.push(value) - 1));
    } else {
      v = boolValues.get(value);
      if (v === undefined) boolValues.set(value, (v = valueList.push(value) - 1));
    }
    return v;
  };
  const keyIndex = (key: string): number => {
    let k = keys.get(key);
    if (k === undefined) keys.set(key, (k = keys.size));
    return k;
  };
  const columns = ctx.layer.columns;
  if (columns) {
    // Value numbers seen in this tile carry this pass's stamp; a wrapped counter starts afresh.
    if (++columns.pass > 0xffffffff) (columns.pass = 1), columns.seen.fill(0);
    const { names, codes, raw, values, seen, local, pass } = columns;
    const keyOf = new Int32Array(names.length).fill(-1);
    for (const f of ctx.layer.features) {
      tags.n = 0;
      const row = columns.row(f.feature);
      for (let c = 0; c < names.length; c++) {
        const coded = codes[c];
        if (coded) {
          const code = coded[row];
          if (code === ABSENT) continue;
          // A key name belongs to one column, so the map sees each name once per tile.
          const k = keyOf[c] >= 0 ? keyOf[c] : (keyOf[c] = keyIndex(names[c]));
          if (code === NOT_FINITE) continue;
          if (seen[code] !== pass) {
            seen[code] = pass;
            local[code] = valueIndex(values[code] as string | number | boolean);
          }
          tags.push2(k, local[code]);
        } else {
          const value = raw[c][row];
          if (value === null || value === undefined) continue;
          const k = keyOf[c] >= 0 ? keyOf[c] : (keyOf[c] = keyIndex(names[c]));
          if (typeof value === 'number' && !Number.isFinite(value)) continue;
          tags.push2(k, valueIndex(value));
        }
      }
      featureContext.f = f;
      pbf.writeMessage(LAYER_FEATURES, writeFeature, featureContext);
    }
  } else {
    for (const f of ctx.layer.features) {
      tags.n = 0;
      const properties = f.feature.properties;
      for (const key in properties) {
        const value = properties[key];
        if (value === null || value === undefined) continue; // MVT has no null: absent means null
        const k = keyIndex(key);
        if (typeof value === 'number' && !Number.isFinite(value)) continue;
        tags.push2(k, valueIndex(value));
      }
      featureContext.f = f;
      pbf.writeMessage(LAYER_FEATURES, writeFeature, featureContext);
    }
  }
  for (const key of keys.keys()) pbf.writeStringField(LAYER_KEYS, key);
  for (const value of valueList) pbf.writeMessage(LAYER_VALUES, writeValue, value);
  pbf.writeVarintField(LAYER_EXTENT, ctx.extent);
}

function writeFeature(ctx: { f: RenderedFeature; tags: IntList }, pbf: PbfWriter): void {
  pbf.writeVarintField(FEATURE_ID, ctx.f.feature.id);
  writePackedInts(pbf, FEATURE_TAGS, ctx.tags);
  pbf.writeVarintField(FEATURE_TYPE, ctx.f.type);
  COMMANDS.n = 0;
  commandsInto(ctx.f, COMMANDS);
  writePackedInts(pbf, FEATURE_GEOMETRY, COMMANDS);
}

function writeValue(value: TilePropValue, pbf: PbfWriter): void {
  if (typeof value === 'string') pbf.writeStringField(VALUE_STRING, value);
  else if (typeof value === 'boolean') pbf.writeBooleanField(VALUE_BOOL, value);
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) {
      if (value >= 0) pbf.writeVarintField(VALUE_UINT, value);
      else pbf.writeSVarintField(VALUE_SINT, value);
    } else pbf.writeDoubleField(VALUE_DOUBLE, value);
  }
}

function command(id: number, count: number): number {
  return (count << 3) | (id & 7);
}

function zigzag(n: number): number {
  return (n << 1) ^ (n >> 31);
}

/** Reused for every feature of every tile: each is written out at once, so one list serves all. */
const TAGS = new IntList();
const COMMANDS = new IntList();

/** The command/parameter integers of MVT 4.3; the cursor carries over between parts. */
export function geometryCommands(f: RenderedFeature): number[] {
  const list = new IntList();
  commandsInto(f, list);
  return Array.from(list.a.subarray(0, list.n));
}

function commandsInto(f: RenderedFeature, out: IntList): void {
  let cx = 0;
  let cy = 0;
  // Loops written out rather than a shared closure: this runs for every feature of every tile.
  if (f.type === 1) {
    const part = f.parts[0];
    out.push(command(MOVE_TO, part.length >> 1));
    for (let i = 0; i < part.length; i += 2) {
      out.push2(zigzag(part[i] - cx), zigzag(part[i + 1] - cy));
      cx = part[i];
      cy = part[i + 1];
    }
    return;
  }
  for (const part of f.parts) {
    const n = part.length >> 1;
    out.push(command(MOVE_TO, 1));
    out.push2(zigzag(part[0] - cx), zigzag(part[1] - cy));
    cx = part[0];
    cy = part[1];
    out.push(command(LINE_TO, n - 1));
    for (let i = 2; i < part.length; i += 2) {
      out.push2(zigzag(part[i] - cx), zigzag(part[i + 1] - cy));
      cx = part[i];
      cy = part[i + 1];
    }
    if (f.type === 3) out.push(command(CLOSE_PATH, 1));
  }
}
