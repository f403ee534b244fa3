// Replacing one county's layer. Features stream through COPY into a per-connection temp staging
// table; only when the whole file has been read and accepted does one transaction lock the layer's
// meta row, delete the county's rows, insert the staged ones and bump the version. A refused,
// failed or killed load therefore leaves the previous version whole, and other counties' rows are
// never touched (every statement binds county_code).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LAYERS, type LayerFeature, type LayerName } from '../../layers/schema.ts';
import { geometryToWkb } from '../../geo/wkb.ts';
import { geometryBBox } from '../../geo/bbox.ts';
import { hilbertKey } from '../hilbert.ts';
import type { LoadOptions, LoadOutcome, LoadReportLike } from '../load.ts';
import { Q, layerWrites } from './queries.ts';
import { withinTransaction } from './transaction.ts';

const FLUSH_CHARS = 1 << 16;

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyText(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** One staging row per feature, in the column order of layerWrites(layer).stageCopy. */
async function* copyLines(
  layer: LayerName,
  features: AsyncIterable<LayerFeature>,
  seen: { staged: number; batches: Set<string> },
  onProgress?: (n: number) => void,
): AsyncGenerator<string> {
  const props = LAYERS[layer].props;
  let buf = '';
  for await (const f of features) {
    const b = geometryBBox(f.geometry);
    const cells: string[] = [String(f.index)];
    for (const p of props) {
      const v = f.props[p.name];
      cells.push(copyText(v === undefined || v === null ? null : p.type === 'number' || p.type === 'integer' ? Number(v) : String(v)));
    }
    if (layer === 'patches') seen.batches.add(String(f.props.batch));
    cells.push(copyText(Object.keys(f.extra).length ? JSON.stringify(f.extra) : null));
    // PostGIS reads hex WKB as geometry input; the SRID is set on the way into the layer table.
    cells.push(toHex(geometryToWkb(f.geometry)));
    cells.push(copyText(b[0]), copyText(b[1]), copyText(b[2]), copyText(b[3]));
    cells.push(copyText(hilbertKey((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)));
    buf += cells.join('\t') + '\n';
    seen.staged++;
    if (buf.length >= FLUSH_CHARS) {
      yield buf;
      buf = '';
      onProgress?.(seen.staged);
    }
  }
  if (buf) yield buf;
}

async function meta(client: pg.PoolClient, county: string, layer: LayerName, lock = false): Promise<{ version: number; featureCount: number }> {
  const r = await client.query((lock ? Q.metaLock : Q.metaOne).sql, [county, layer]);
  return { version: r.rows[0].version as number, featureCount: r.rows[0].feature_count as number };
}

export async function pgReplaceLayer(
  client: pg.PoolClient,
  county: string,
  layer: LayerName,
  features: AsyncIterable<LayerFeature>,
  report: LoadReportLike,
  opts: LoadOptions = {},
): Promise<LoadOutcome> {
  const w = layerWrites(layer);
  await client.query(w.stageCreate.sql);
  await client.query(w.stageTruncate.sql);
  try {
    const seen = { staged: 0, batches: new Set<string>() };
    await pipeline(Readable.from(copyLines(layer, features, seen, opts.onProgress)), client.query(copyFrom(w.stageCopy.sql)));
    if (report.rejected > 0 && !opts.allowRejects) {
      report.loaded = 0;
      return { committed: false, ...(await meta(client, county, layer)) };
    }
    await withinTransaction(client, async () => {
      // The meta row's lock serialises loads of one county's layer, on any node.
      await meta(client, county, layer, true);
      if (w.keepOtherBatches && seen.batches.size) await client.query(w.keepOtherBatches.sql, [county, [...seen.batches]]);
      await client.query(w.deleteCounty.sql, [county]);
      await client.query(w.insertFromStage.sql, [county]);
      await client.query(w.bumpVersion.sql, [county, layer, opts.user ?? null, report.file]);
      await client.query(Q.logInsert.sql, [
        county,
        layer,
        opts.user ?? null,
        JSON.stringify({ ...report, problems: report.problems.slice(0, 1000) }),
      ]);
    });
    report.loaded = report.read - report.rejected;
    if (layer === 'patches') report.batches = [...seen.batches].sort();
    return { committed: true, ...(await meta(client, county, layer)) };
  } finally {
    await client.query(w.stageDrop.sql).catch(() => undefined);
  }
}

/** Empties one county's layer (a new version with no features). */
export async function pgClearLayer(client: pg.PoolClient, county: string, layer: LayerName, user: string | null): Promise<LoadOutcome> {
  const w = layerWrites(layer);
  await withinTransaction(client, async () => {
    await meta(client, county, layer, true);
    await client.query(w.deleteCounty.sql, [county]);
    await client.query(w.bumpVersion.sql, [county, layer, user, null]);
  });
  return { committed: true, ...(await meta(client, county, layer)) };
}
