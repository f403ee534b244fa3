// Stage 5: rendered features → Mapbox Vector Tile 2.1 protobuf bytes (vector_tile.proto field
// numbers below), with a key and value table per layer.
import { PbfWriter } from 'pbf';
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

/**
 * Properties as columns: feature f's value of names[c] is values[c][row(f)]. Written as the
 * properties object { names[c]: value, … } (nulls left out) would be, without making one per feature.
 */
export interface PropertyColumns {
  names: readonly string[];
  values: readonly (readonly TilePropValue[])[];
  row: (feature: TileFeature) => number;
}

/** Encodes layers (empty ones are left out); returns zero bytes when no layer has a feature. */
export function encodeLayers(layers: RenderedLayer[], extent: number): Uint8Array<ArrayBuffer> {
  const pbf = new PbfWriter();
  for (const layer of layers) {
    if (layer.features.length) pbf.writeMessage(TILE_LAYERS, writeLayer, { layer, extent });
  }
  const bytes = pbf.finish();
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

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
  const tags: number[] = [];
  const featureContext = { f: null as unknown as RenderedFeature, tags };
  const tag = (key: string, value: TilePropValue): void => {
    if (value === null || value === undefined) return; // MVT has no null: absent means null
    let k = keys.get(key);
    if (k === undefined) keys.set(key, (k = keys.size));
    let v: number | undefined;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return;
      v = numberValues.get(value);
      if (v === undefined) numberValues.set(value, (v = valueList.push(value) - 1));
    } else if (typeof value === 'string') {
      v = stringValues.get(value);
      if (v === undefined) stringValues.set(value, (v = valueList.push(value) - 1));
    } else {
      v = boolValues.get(value);
      if (v === undefined) boolValues.set(value, (v = valueList.push(value) - 1));
    }
    tags.push(k, v);
  };
  const columns = ctx.layer.columns;
  for (const f of ctx.layer.features) {
    tags.length = 0;
    if (columns) {
      const row = columns.row(f.feature);
      for (let c = 0; c < columns.names.length; c++) tag(columns.names[c], columns.values[c][row]);
    } else {
      const properties = f.feature.properties;
      for (const key in properties) tag(key, properties[key]);
    }
    featureContext.f = f;
    pbf.writeMessage(LAYER_FEATURES, writeFeature, featureContext);
  }
  for (const key of keys.keys()) pbf.writeStringField(LAYER_KEYS, key);
  for (const value of valueList) pbf.writeMessage(LAYER_VALUES, writeValue, value);
  pbf.writeVarintField(LAYER_EXTENT, ctx.extent);
}

function writeFeature(ctx: { f: RenderedFeature; tags: number[] }, pbf: PbfWriter): void {
  pbf.writeVarintField(FEATURE_ID, ctx.f.feature.id);
  if (ctx.tags.length) pbf.writePackedVarint(FEATURE_TAGS, ctx.tags);
  pbf.writeVarintField(FEATURE_TYPE, ctx.f.type);
  COMMANDS.length = 0;
  pbf.writePackedVarint(FEATURE_GEOMETRY, commandsInto(ctx.f, COMMANDS));
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

/** Reused for every feature of every tile: written out at once, so one array serves all. */
const COMMANDS: number[] = [];

/** The command/parameter integers of MVT 4.3; the cursor carries over between parts. */
export function geometryCommands(f: RenderedFeature): number[] {
  return commandsInto(f, []);
}

function commandsInto(f: RenderedFeature, out: number[]): number[] {
  let cx = 0;
  let cy = 0;
  // Loops written out rather than a shared closure: this runs for every feature of every tile.
  if (f.type === 1) {
    const part = f.parts[0];
    out.push(command(MOVE_TO, part.length >> 1));
    for (let i = 0; i < part.length; i += 2) {
      out.push(zigzag(part[i] - cx), zigzag(part[i + 1] - cy));
      cx = part[i];
      cy = part[i + 1];
    }
    return out;
  }
  for (const part of f.parts) {
    const n = part.length >> 1;
    out.push(command(MOVE_TO, 1), zigzag(part[0] - cx), zigzag(part[1] - cy));
    cx = part[0];
    cy = part[1];
    out.push(command(LINE_TO, n - 1));
    for (let i = 2; i < part.length; i += 2) {
      out.push(zigzag(part[i] - cx), zigzag(part[i + 1] - cy));
      cx = part[i];
      cy = part[i + 1];
    }
    if (f.type === 3) out.push(command(CLOSE_PATH, 1));
  }
  return out;
}
