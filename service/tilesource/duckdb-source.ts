// The tile routes' TileSource over the store: layer rows in a (buffered) tile bbox, with the
// latest check results joined on, features too small to see at the zoom left out in SQL (as
// tippecanoe drops them), and versions that change with the layer and with its check runs.
import { LAYER_NAMES, LAYERS, isLayerName, type LayerName } from '../layers/schema.ts';
import { ident } from '../store/db.ts';
import { layerTable } from '../store/tables.ts';
import { wkbToGeometry } from '../geo/wkb.ts';
import { latestRunIds } from '../runs/persist.ts';
import { verdictVersion } from '../review/verdicts.ts';
import type { Store } from '../store/index.ts';
import type { TileFeature, TileLayerInfo, TileSource } from '../tiles/index.ts';
import { resultJoin, runsShown, type LatestRuns } from './results-sql.ts';

/** Features whose bbox spans less than this many pixels both ways are left out of a tile. */
const MIN_PIXELS = 0.5;
/** From this zoom on every feature is kept, however small. */
const KEEP_ALL_FROM_ZOOM = 14;

export class StoreTileSource implements TileSource {
  private runs: Promise<LatestRuns> | null = null;
  private layerVersions: Promise<Record<LayerName, number>> | null = null;
  /** Newest verdict seq when tiles were first asked for (see cacheVersion). */
  private verdictBase: number | undefined;
  /** The routes ask for every layer's info on every tile request: one store query each unless memoised. */
  private layerInfos = new Map<LayerName, Promise<TileLayerInfo>>();

  constructor(private readonly store: Store) {}

  /** Forget memoised versions: call when a layer changed or a check run finished. */
  invalidate(): void {
    this.runs = null;
    this.layerVersions = null;
    this.layerInfos.clear();
  }

  private latestRuns(): Promise<LatestRuns> {
    return (this.runs ??= Promise.all([latestRunIds(this.store), verdictVersion(this.store)]).then(([runs, verdicts]) => ({ ...runs, verdicts })));
  }

  private versions(): Promise<Record<LayerName, number>> {
    return (this.layerVersions ??= this.store.versions());
  }

  async layers(): Promise<string[]> {
    return [...LAYER_NAMES];
  }

  async info(name: string): Promise<TileLayerInfo | null> {
    if (!isLayerName(name)) return null;
    let info = this.layerInfos.get(name);
    if (!info) {
      info = this.readInfo(name);
      this.layerInfos.set(name, info);
      // A failed read is not remembered: the next request tries again.
      info.catch(() => this.layerInfos.get(name) === info && this.layerInfos.delete(name));
    }
    return info;
  }

  private async readInfo(name: LayerName): Promise<TileLayerInfo> {
    const layer = await this.store.layer(name);
    const fields: TileLayerInfo['fields'] = {};
    for (const p of LAYERS[name].props) fields[p.name] = p.type === 'number' || p.type === 'integer' ? 'Number' : 'String';
    Object.assign(fields, resultJoin(name, await this.latestRuns()).fields);
    return { name, fields, bounds: layer.bbox, minzoom: 0, maxzoom: 16, description: `${LAYERS[name].title.zh} · ${LAYERS[name].title.en}` };
  }

  async version(name: string): Promise<string> {
    if (!isLayerName(name)) return '0';
    const [versions, runs] = await Promise.all([this.versions(), this.latestRuns()]);
    return `v${versions[name]}${runsShown(name, runs) ? `-${runsShown(name, runs)}` : ''}`;
  }

  /**
   * The version without the verdicts given since this source first answered: the routes refresh
   * the tiles of a judged patch by its area (touchArea), so one verdict does not refresh every
   * patch tile. Verdicts from before (another process) are in it, as the cache starts empty.
   */
  async cacheVersion(name: string): Promise<string> {
    if (!isLayerName(name)) return '0';
    const [versions, runs] = await Promise.all([this.versions(), this.latestRuns()]);
    this.verdictBase ??= runs.verdicts ?? 0;
    const shown = runsShown(name, runs, this.verdictBase);
    return `v${versions[name]}${shown ? `-${shown}` : ''}`;
  }

  /** Lon/lat bbox of a patch (all its rows), or null when the layer has none of that batch and id. */
  async patchBbox(batch: string, id: string): Promise<[number, number, number, number] | null> {
    const rows = await this.store.all(
      `SELECT min(xmin) AS w, min(ymin) AS s, max(xmax) AS e, max(ymax) AS n FROM ${layerTable('patches')} WHERE batch = ? AND id = ?`,
      [batch, id],
    );
    const r = rows[0];
    return r && r.w !== null && r.w !== undefined ? [Number(r.w), Number(r.s), Number(r.e), Number(r.n)] : null;
  }

  async features(name: string, bbox: [number, number, number, number], zoom: number): Promise<TileFeature[]> {
    if (!isLayerName(name)) return [];
    const join = resultJoin(name, await this.latestRuns());
    const props = LAYERS[name].props.map((p) =>
      p.type === 'date' ? `strftime(t.${ident(p.name)}, '%Y-%m-%d') AS ${ident(p.name)}` : `t.${ident(p.name)}`,
    );
    const minDeg = zoom >= KEEP_ALL_FROM_ZOOM ? 0 : (MIN_PIXELS * 360) / (256 * 2 ** zoom);
    // In fid order, as the columns give features: polygons too small to draw are merged into
    // squares that carry the properties of whichever feature completes one, so an order left to
    // the join would give one tile key different bytes (and other stores other tiles).
    const sql = `SELECT t.fid, ${[...props, ...join.select].join(', ')}, ST_AsWKB(t.geom) AS wkb
      FROM ${layerTable(name)} t ${join.joins}
      WHERE t.xmax >= ? AND t.xmin <= ? AND t.ymax >= ? AND t.ymin <= ?
        AND (t.xmax - t.xmin >= ? OR t.ymax - t.ymin >= ? OR t.xmax = t.xmin)
      ORDER BY t.fid`;
    const rows = await this.store.all(sql, [...join.params, bbox[0], bbox[2], bbox[1], bbox[3], minDeg, minDeg]);
    return rows.map((r) => {
      const { fid, wkb, ...rest } = r;
      const properties: TileFeature['properties'] = {};
      for (const [k, v] of Object.entries(rest)) {
        if (v !== null && v !== undefined) properties[k] = typeof v === 'bigint' ? Number(v) : (v as string | number | boolean);
      }
      return { id: Number(fid), geometry: wkbToGeometry(wkb as Uint8Array), properties };
    });
  }
}
