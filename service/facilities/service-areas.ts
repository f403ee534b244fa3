// Each serving station's service area along the roads: the parts of road it reaches within its
// service radius (docs/spec/checks.md §3, network distance), as lon/lat lines the viewer buffers
// into a polygon. The road graph is built once per version of the layers it reads.
import proj4 from 'proj4';
import type { Feature, FeatureCollection, MultiLineString } from 'geojson';
import { MetricContext } from '../checks/metric-context.ts';
import { resolveParams, type CheckFeature, type CheckParams } from '../checks/index.ts';
import { compareIds, numberProp, text } from '../checks/ledger-rules.ts';
import { RoadNetwork } from '../checks/road-network.ts';
import { gaussKrugerZone } from '../geo/gauss-kruger.ts';
import type { LayerName } from '../layers/schema.ts';
import type { LayerStore } from '../store/layer-store.ts';

export interface AreaProps {
  station_id: string;
  radius_m: number;
  /** Length of road reached, in metres. */
  road_m: number;
}

interface Prepared {
  key: string;
  ctx: MetricContext;
  network: RoadNetwork;
  stations: CheckFeature[];
  params: CheckParams;
  toLonLat: (xy: [number, number]) => [number, number];
}

const LAYERS: LayerName[] = ['roads', 'transfer_stations'];

export class ServiceAreas {
  private prepared: Prepared | null = null;

  /** `store`: the DuckDB store, or one county's layers on the PostgreSQL store. */
  constructor(private readonly store: Pick<LayerStore, 'versions' | 'datasetParams' | 'read'>) {}

  private async prepare(): Promise<Prepared> {
    const versions = await this.store.versions();
    const params = resolveParams((await this.store.datasetParams()) as Partial<CheckParams>);
    const key = `${LAYERS.map((l) => versions[l] ?? 0).join(':')}:${params.metric_crs}:${params.service_radius_m}`;
    if (this.prepared?.key === key) return this.prepared;
    const data: Partial<Record<LayerName, CheckFeature[]>> = {};
    for (const layer of LAYERS) {
      const features: CheckFeature[] = [];
      for await (const f of this.store.read(layer)) features.push({ id: f.id, props: f.props, geometry: f.geometry });
      data[layer] = features;
    }
    const ctx = new MetricContext(data, params.metric_crs);
    const zone = gaussKrugerZone(Number(ctx.crs.slice(5)))!;
    const inverse = proj4(zone.proj4, 'WGS84');
    this.prepared = {
      key,
      ctx,
      network: new RoadNetwork(ctx.layer('roads')),
      stations: data.transfer_stations!,
      params,
      toLonLat: (xy) => inverse.forward(xy) as [number, number],
    };
    return this.prepared;
  }

  private area(p: Prepared, x: number, y: number, radius: number): { lines: MultiLineString; road_m: number } {
    const source = p.network.nearest(x, y);
    if (!source) return { lines: { type: 'MultiLineString', coordinates: [] }, road_m: 0 };
    const dist = p.network.fromPoint(source, radius);
    const parts = p.network.reachable(source, dist, radius);
    let road = 0;
    const coordinates = parts.map(([x0, y0, x1, y1]) => {
      road += Math.hypot(x1 - x0, y1 - y0);
      return [p.toLonLat([x0, y0]), p.toLonLat([x1, y1])];
    });
    return { lines: { type: 'MultiLineString', coordinates }, road_m: road };
  }

  /** Every serving station's area, in id order; empty when no roads are loaded. */
  async stations(): Promise<FeatureCollection<MultiLineString, AreaProps>> {
    const p = await this.prepare();
    const layer = p.ctx.layer('transfer_stations');
    const serving = layer.features
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => ['operating', 'upgrading'].includes(text(f, 'status')))
      .sort((a, b) => compareIds(a.f.id, b.f.id));
    const features: Feature<MultiLineString, AreaProps>[] = serving.map(({ f, i }) => {
      const xy = layer.flat(i).xy;
      const radius = numberProp(f, 'service_radius_m') ?? p.params.service_radius_m;
      const { lines, road_m } = this.area(p, xy[0], xy[1], radius);
      return { type: 'Feature', id: f.id, geometry: lines, properties: { station_id: f.id, radius_m: radius, road_m } };
    });
    return { type: 'FeatureCollection', features };
  }

  /** The area of a place that has no station yet (a candidate, a point on the map). */
  async around(lon: number, lat: number, radius: number): Promise<Feature<MultiLineString, AreaProps>> {
    const p = await this.prepare();
    const [x, y] = p.ctx.project(lon, lat);
    const { lines, road_m } = this.area(p, x, y, radius);
    return { type: 'Feature', geometry: lines, properties: { station_id: '', radius_m: radius, road_m } };
  }
}
