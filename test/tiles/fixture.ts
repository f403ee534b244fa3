// Shared by the tile tests: the fixture layers as a MemorySource, and a decoder that turns tile
// bytes into plain comparable JSON while checking MVT 2.1 rules on every tile it sees.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { expect } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { MemorySource, type TileFeature, type TilePropValue } from '../../service/tiles/index.ts';

export const IN_DIR = new URL('./in/', import.meta.url).pathname;
export const OUT_DIR = new URL('./out/', import.meta.url).pathname;

export function fixtureFeatures(layer: string): TileFeature[] {
  const fc = JSON.parse(readFileSync(join(IN_DIR, `${layer}.geojson`), 'utf8')) as FeatureCollection;
  return fc.features.map((f, i) => ({
    id: i + 1,
    geometry: f.geometry,
    properties: (f.properties ?? {}) as Record<string, TilePropValue>,
  }));
}

export function fixtureSource(): MemorySource {
  const source = new MemorySource();
  for (const file of readdirSync(IN_DIR).filter((f) => f.endsWith('.geojson')).sort()) {
    const layer = file.replace(/\.geojson$/, '');
    source.setLayer(layer, fixtureFeatures(layer), { version: 'v1' });
  }
  return source;
}

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  /** loadGeometry() as [x, y] pairs; polygon rings repeat their first point. */
  geometry: [number, number][][];
}

/** Decodes a tile into { layer: features } and asserts the MVT rules every tile must keep. */
export function decodeAndCheck(bytes: Uint8Array): Record<string, DecodedFeature[]> {
  const names = rawLayerNames(bytes);
  expect(new Set(names).size, `layer names unique: ${names}`).toBe(names.length);
  const tile = new VectorTile(new PbfReader(bytes));
  const out: Record<string, DecodedFeature[]> = {};
  for (const name of names) {
    const layer = tile.layers[name];
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    expect(layer.length).toBeGreaterThan(0);
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const geometry = f.loadGeometry().map((part) => part.map((p) => [p.x, p.y] as [number, number]));
      checkGeometry(name, f.id, f.type, geometry);
      features.push({ id: f.id, type: f.type, properties: { ...f.properties }, geometry });
    }
    out[name] = features;
  }
  return out;
}

function checkGeometry(layer: string, id: number | undefined, type: number, parts: [number, number][][]): void {
  const where = `layer ${layer} feature ${id}`;
  expect(parts.length, where).toBeGreaterThan(0);
  for (const part of parts) {
    const open = type === 3 ? part.slice(0, -1) : part;
    if (type === 3) {
      expect(part[0], `${where}: ring closed by loadGeometry`).toEqual(part[part.length - 1]);
      expect(open.length, `${where}: ring has ≥ 3 points`).toBeGreaterThanOrEqual(3);
    }
    if (type === 2) expect(open.length, `${where}: line has ≥ 2 points`).toBeGreaterThanOrEqual(2);
    if (type === 2 || type === 3) {
      for (let i = 1; i < open.length; i++) {
        expect(open[i], `${where}: point ${i} repeats the one before`).not.toEqual(open[i - 1]);
      }
      if (type === 3) expect(open[open.length - 1], `${where}: last point repeats the first`).not.toEqual(open[0]);
    }
  }
  if (type === 3) {
    const areas = parts.map((ring) => surveyorArea(ring));
    expect(areas[0], `${where}: first ring is an exterior (positive area)`).toBeGreaterThan(0);
    for (const a of areas) expect(a, `${where}: no zero-area ring`).not.toBe(0);
  }
}

/** MVT 4.3.4.4: ½ Σ (x_i·y_{i+1} − x_{i+1}·y_i) over a closed ring, in tile coordinates (y down). */
export function surveyorArea(closed: [number, number][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < closed.length; i++) sum += closed[i][0] * closed[i + 1][1] - closed[i + 1][0] * closed[i][1];
  return sum / 2;
}

/** Layer names in the order they appear, duplicates included (the decoder's map would hide them). */
function rawLayerNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  new PbfReader(bytes).readFields((tag, acc, pbf) => {
    if (tag !== 3 || !pbf) return;
    const end = pbf.readVarint() + pbf.pos;
    while (pbf.pos < end) {
      const val = pbf.readVarint();
      const fieldTag = val >> 3;
      if (fieldTag === 1) acc.push(pbf.readString());
      else pbf.skip(val);
    }
  }, names);
  return names;
}
