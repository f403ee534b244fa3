// The teardown list's pure logic: standing ledger records joined with their danger
// (latest fire run) and class (latest patches run), sorting, filtering, the area-by-status chart
// data and the exports.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { toCsv } from './csv.ts';

export const LEDGER_STATUSES = ['pending', 'demolished', 'retained', 'permitted', 'deferred'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const DANGERS = ['blocked', 'encroach', 'spacing'] as const;
export type Danger = (typeof DANGERS)[number];

export interface TeardownRow {
  id: string;
  township: string | null;
  status: LedgerStatus;
  /** new / stock from the latest patches run; null before any run. */
  class: 'new' | 'stock' | null;
  area_m2: number | null;
  address: string | null;
  /** Dangers from the latest fire run, in DANGERS order. */
  danger: Danger[];
  bbox: [number, number, number, number] | null;
}

export interface FireDoc {
  encroachments: { building_id: string; blocked: boolean; encroach_area_m2: number }[];
  spacing: { building_id: string; violations?: number }[];
}
export interface PatchesDoc {
  ledger: { id: string; class: 'new' | 'stock' }[];
}

export function bboxOf(g: Geometry | null): [number, number, number, number] | null {
  if (!g) return null;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    } else for (const inner of c as unknown[]) walk(inner);
  };
  if (g.type === 'GeometryCollection') for (const part of g.geometries) walk((part as { coordinates: unknown }).coordinates);
  else walk(g.coordinates);
  return w <= e ? [w, s, e, n] : null;
}

/** Standing records (status ≠ demolished) with danger and class. */
export function teardownRows(ledger: FeatureCollection, fire: FireDoc | null, patches: PatchesDoc | null): TeardownRow[] {
  const danger = new Map<string, Set<Danger>>();
  const add = (id: string, d: Danger) => {
    let set = danger.get(id);
    if (!set) danger.set(id, (set = new Set()));
    set.add(d);
  };
  for (const e of fire?.encroachments ?? []) add(e.building_id, e.blocked ? 'blocked' : 'encroach');
  for (const s of fire?.spacing ?? []) if ((s.violations ?? 1) > 0) add(s.building_id, 'spacing');
  const cls = new Map((patches?.ledger ?? []).map((r) => [r.id, r.class]));
  const rows: TeardownRow[] = [];
  ledger.features.forEach((f: Feature, i) => {
    const p = f.properties ?? {};
    if (typeof p.id !== 'string') throw new Error(`ledger feature ${i} has no id`);
    if (p.status === 'demolished') return;
    const d = danger.get(p.id);
    rows.push({
      id: p.id,
      township: p.township ?? null,
      status: p.status as LedgerStatus,
      class: cls.get(p.id) ?? null,
      area_m2: typeof p.area_m2 === 'number' ? p.area_m2 : null,
      address: p.address ?? null,
      danger: DANGERS.filter((x) => d?.has(x)),
      bbox: bboxOf(f.geometry),
    });
  });
  return rows;
}

export type SortKey = 'id' | 'township' | 'status' | 'class' | 'area_m2' | 'danger';
export interface Sort {
  key: SortKey;
  desc: boolean;
}

/** Missing values sort last in both directions; danger sorts by how many dangers, then which. */
export function sortRows(rows: readonly TeardownRow[], { key, desc }: Sort): TeardownRow[] {
  const value = (r: TeardownRow): string | number | null => {
    if (key === 'danger') return r.danger.length ? r.danger.length * 10 + (3 - DANGERS.indexOf(r.danger[0])) : null;
    return r[key];
  };
  return [...rows].sort((a, b) => {
    const va = value(a), vb = value(b);
    if (va === null || vb === null) return va === vb ? cmpId(a, b) : va === null ? 1 : -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'zh');
    return (desc ? -c : c) || cmpId(a, b);
  });
}
const cmpId = (a: TeardownRow, b: TeardownRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface RowFilter {
  township: string | null;
  status: LedgerStatus | null;
  /** 'any' = at least one danger. */
  danger: Danger | 'any' | null;
}

export function filterRows(rows: readonly TeardownRow[], f: RowFilter): TeardownRow[] {
  return rows.filter(
    (r) =>
      (f.township === null || r.township === f.township) &&
      (f.status === null || r.status === f.status) &&
      (f.danger === null || (f.danger === 'any' ? r.danger.length > 0 : r.danger.includes(f.danger))),
  );
}

/** Area (m²) by status per township, townships by total area, largest first. */
export function areaByStatus(rows: readonly TeardownRow[]): { township: string; total: number; byStatus: Partial<Record<LedgerStatus, number>> }[] {
  const by = new Map<string, { township: string; total: number; byStatus: Partial<Record<LedgerStatus, number>> }>();
  for (const r of rows) {
    const name = r.township ?? '—';
    let t = by.get(name);
    if (!t) by.set(name, (t = { township: name, total: 0, byStatus: {} }));
    const a = r.area_m2 ?? 0;
    t.total += a;
    t.byStatus[r.status] = (t.byStatus[r.status] ?? 0) + a;
  }
  return [...by.values()].sort((a, b) => b.total - a.total || a.township.localeCompare(b.township, 'zh'));
}

export const CSV_COLUMNS = ['id', 'township', 'address', 'status', 'class', 'area_m2', 'danger'] as const;

export function rowsToCsv(rows: readonly TeardownRow[]): string {
  return toCsv(CSV_COLUMNS, rows.map((r) => ({ ...r, danger: r.danger.join(';') })));
}

/** The filtered list as GeoJSON, geometries taken from the ledger collection. */
export function rowsToGeoJSON(rows: readonly TeardownRow[], ledger: FeatureCollection): FeatureCollection {
  const geom = new Map(ledger.features.map((f) => [String(f.properties?.id), f.geometry]));
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: geom.get(r.id) ?? null,
      properties: { id: r.id, township: r.township, address: r.address, status: r.status, class: r.class, area_m2: r.area_m2, danger: r.danger.join(';') },
    })) as Feature[],
  };
}
