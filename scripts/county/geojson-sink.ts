// Streams one layer to `<layer>.geojson`: each feature is converted from metres to lon/lat,
// serialised on its own line and written in 1 MB chunks, so a million footprints never become
// one 300 MB string. Properties are written in the schema's order, which with a seeded
// generator makes the bytes reproducible.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Geometry, Position } from 'geojson';
import { LAYERS, type LayerName, type PropValue } from '../../service/layers/schema.ts';
import { toLonLat } from './frame.ts';

export type Props = Record<string, PropValue | undefined>;

/** Receives every feature of a layer in degrees (GeoJSON and, with --parquet, the Parquet stager). */
export interface FeatureConsumer {
  add(geometry: Geometry, props: Props): void;
  close(): Promise<void> | void;
}

const CHUNK = 1 << 20;

function project(g: Geometry): Geometry {
  const pt = (p: Position): Position => toLonLat(p[0], p[1]);
  const line = (ps: Position[]): Position[] => ps.map(pt);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: pt(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: line(g.coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map(line) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map(line) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(line)) };
    default:
      throw new Error(`generator: unsupported geometry type ${g.type}`);
  }
}

export class LayerWriter {
  readonly layer: LayerName;
  count = 0;
  private fd: number;
  private pending = '';
  private readonly propNames: string[];
  private readonly consumers: FeatureConsumer[];

  constructor(layer: LayerName, path: string, consumers: FeatureConsumer[] = []) {
    this.layer = layer;
    this.fd = openSync(path, 'w');
    this.propNames = LAYERS[layer].props.map((p) => p.name);
    this.consumers = consumers;
    this.pending = '{"type":"FeatureCollection","features":[\n';
  }

  /** Adds a feature whose geometry is in metres (EPSG:4549). Unknown property names are a bug. */
  add(metricGeometry: Geometry, props: Props): void {
    for (const key of Object.keys(props)) {
      if (!this.propNames.includes(key)) throw new Error(`${this.layer}: property ${key} is not in docs/spec/layers.md`);
    }
    const geometry = project(metricGeometry);
    const ordered: Record<string, PropValue> = {};
    for (const name of this.propNames) {
      const v = props[name];
      if (v !== undefined) ordered[name] = v;
    }
    const feature = JSON.stringify({ type: 'Feature', properties: ordered, geometry });
    this.pending += (this.count === 0 ? '' : ',\n') + feature;
    this.count++;
    if (this.pending.length > CHUNK) this.flush();
    for (const c of this.consumers) c.add(geometry, ordered);
  }

  private flush(): void {
    writeSync(this.fd, this.pending);
    this.pending = '';
  }

  async close(): Promise<void> {
    this.pending += '\n]}\n';
    this.flush();
    closeSync(this.fd);
    for (const c of this.consumers) await c.close();
  }
}
