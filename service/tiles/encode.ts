// One tile from features: the pipeline in order. Pure — no I/O — so tests and the bench call it
// directly and the routes only add fetching, caching and HTTP.
import type { TileFeature } from './types.ts';
// 1. lon/lat → tile units, with per-feature bboxes
import { TileProjector, projectLayer, type ProjectedFeature, type TinyPolygons } from './project.ts';
// 2–4. clip, simplify, snap, wind, merge tiny polygons
import { renderLayer, type RenderStats } from './render.ts';
// 5. protobuf
import { encodeLayers, type PropertyColumns, type RenderedLayer } from './encode-pbf.ts';

export interface EncodeOptions {
  /** Tile units per tile side (MVT default 4096). */
  extent: number;
  /** Tile units kept beyond each edge so lines and fills join without seams. */
  buffer: number;
  /** Zoom from which geometry is kept at full detail (no simplification, no merging). */
  detailZoom: number;
  /** Douglas–Peucker tolerance below detailZoom, in screen pixels of a 512-px tile. */
  simplifyPx: number;
  /** Polygons smaller than this many screen pixels (of a 512-px tile) are merged away below detailZoom. */
  minAreaPx: number;
  /** A tile larger than this is re-rendered with coarser settings until it fits. */
  maxBytes: number;
  /** How many times the tolerance is doubled and the minimum area quadrupled at most. */
  maxReductions: number;
}

export const DEFAULT_ENCODE_OPTIONS: EncodeOptions = {
  extent: 4096,
  buffer: 64,
  detailZoom: 16,
  simplifyPx: 1,
  minAreaPx: 4, // (2 px)²
  maxBytes: 500 * 1024,
  maxReductions: 6,
};

export interface TileLayerInput {
  name: string;
  features: TileFeature[];
  /**
   * Stage 1 done by the source instead (features already in tile space, e.g. from columns):
   * must give what projectLayer would give for `features`.
   */
  project?: (projector: TileProjector, tinyArea: number) => { projected: ProjectedFeature[]; tiny: TinyPolygons };
  /** The features' properties as columns (the encoder reads them instead of `properties`). */
  columns?: PropertyColumns;
}

export interface RenderedTile {
  bytes: Uint8Array<ArrayBuffer>;
  /** Number of coarsening steps that were needed to fit maxBytes (0 = none). */
  reduced: number;
  /** Features written, over all layers. */
  features: number;
  /** Polygons merged away for being too small to see. */
  merged: number;
}

export function renderTile(
  layers: TileLayerInput[],
  z: number,
  x: number,
  y: number,
  options: Partial<EncodeOptions> = {},
): RenderedTile {
  const o = { ...DEFAULT_ENCODE_OPTIONS, ...options };
  const seen = new Set<string>();
  for (const layer of layers) {
    if (seen.has(layer.name)) throw new Error(`tiles: layer name ${layer.name} appears twice in one tile`);
    seen.add(layer.name);
  }
  const projector = new TileProjector(z, x, y, o.extent);
  const pxUnits = o.extent / 512;
  const full = z >= o.detailZoom;
  // Polygons below the first step's minimum area are tiny at every step: set aside unprojected.
  const tinyArea = full ? 0 : o.minAreaPx * pxUnits * pxUnits;
  const projected = layers.map((l) => (l.project ? l.project(projector, tinyArea) : projectLayer(l.features, projector, l.name, tinyArea)));
  let result: RenderedTile | null = null;
  for (let step = 0; step <= o.maxReductions; step++) {
    const stats: RenderStats = { merged: 0, mergedSquares: 0 };
    // Full-detail zooms still coarsen when over the cap, starting from half a pixel.
    const tol = full ? (step === 0 ? 0 : pxUnits * 2 ** (step - 2)) : o.simplifyPx * pxUnits * 2 ** step;
    const area = full ? (step === 0 ? 0 : o.minAreaPx * pxUnits * pxUnits * 4 ** (step - 1)) : o.minAreaPx * pxUnits * pxUnits * 4 ** step;
    const params = { extent: o.extent, buffer: o.buffer, tolerance: tol, minArea: area };
    const rendered: RenderedLayer[] = projected.map((p, i) => ({ name: layers[i].name, features: renderLayer(p.projected, p.tiny, params, stats), columns: layers[i].columns }));
    const bytes = encodeLayers(rendered, o.extent);
    let count = 0;
    for (const r of rendered) count += r.features.length;
    result = { bytes, reduced: step, features: count, merged: stats.merged };
    if (bytes.byteLength <= o.maxBytes) break;
  }
  return result!;
}

/** Encodes one tile; pure. See renderTile for the statistics. */
export function encodeTile(
  layers: TileLayerInput[],
  z: number,
  x: number,
  y: number,
  options: Partial<EncodeOptions> = {},
): Uint8Array<ArrayBuffer> {
  return renderTile(layers, z, x, y, options).bytes;
}
