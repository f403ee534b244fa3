// Each planted case of data/sample/PLANTED.json, recomputed from the committed GeoJSON by a small
// independent model of docs/spec/checks.md (polygon-clipping for areas, brute force for distances), so a
// planted case that rounding or a random neighbour spoiled fails here, not in the checks' tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import polygonClipping, { type MultiPolygon as PcMulti } from 'polygon-clipping';
import type { Feature } from 'geojson';
import { allPositions, metric, metricPolygons, readLayer, SAMPLE_DIR } from './helpers.ts';
import { pointPolygonDistance, polygonDistance } from '../../scripts/county/shapes.ts';

interface Case {
  check: string;
  situation: string;
  ids: Record<string, string[]>;
  expect: Record<string, unknown>;
}
const cases: Case[] = JSON.parse(readFileSync(join(SAMPLE_DIR, 'PLANTED.json'), 'utf8')).cases;
const of = (check: string) => cases.filter((c) => c.check === check).map((c) => [c.situation, c] as const);

type P = Record<string, unknown>;
const load = (layer: string) => readLayer(SAMPLE_DIR, layer).features as Feature[];
const ledger = load('ledger');
const permits = load('permits');
const footprints = load('footprints');
const byId = (fs: Feature[]) => new Map(fs.map((f) => [String((f.properties as P).id), f]));
const ledgerById = byId(ledger);

function area(m: PcMulti): number {
  let a = 0;
  for (const poly of m) {
    poly.forEach((ring, k) => {
      let s = 0;
      for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      a += (k === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  }
  return a;
}
const boxes = new WeakMap<Feature, number[]>();
const box = (f: Feature): number[] => {
  const cached = boxes.get(f);
  if (cached) return cached;
  const b = boxOf(f);
  boxes.set(f, b);
  return b;
};
const boxOf = (f: Feature) => {
  const ps = allPositions(f.geometry).map(metric);
  return [Math.min(...ps.map((p) => p[0])), Math.min(...ps.map((p) => p[1])), Math.max(...ps.map((p) => p[0])), Math.max(...ps.map((p) => p[1]))];
};
const near = (a: number[], b: number[], pad: number) => a[0] - pad <= b[2] && b[0] - pad <= a[2] && a[1] - pad <= b[3] && b[1] - pad <= a[3];
const idOf = (f: Feature) => String((f.properties as P).id);
const isStock = (p: P) => ((p.built_on as string | null) ?? (p.recorded_on as string)) < '2013-04-01';

describe('planted patches classify as PLANTED.json says', () => {
  const patches = byId(load('patches').filter((f) => (f.properties as P).batch === '2024Q2'));
  it.each(of('patches'))('%s', (_s, c) => {
    const patch = patches.get(c.ids.patches[0])!;
    const P = metricPolygons(patch.geometry) as PcMulti;
    const pArea = area(P);
    const pb = box(patch);
    const overlap = (fs: Feature[]) => {
      const hits = fs.filter((f) => near(box(f), pb, 0.01) && area(polygonClipping.intersection(P, metricPolygons(f.geometry) as PcMulti)) > 0);
      const u = hits.length ? polygonClipping.union(...(hits.map((f) => metricPolygons(f.geometry)) as [PcMulti, ...PcMulti[]])) : [];
      return { ratio: hits.length ? area(polygonClipping.intersection(P, u)) / pArea : 0, hits };
    };
    const status = (f: Feature) => (f.properties as P).status;
    const rules: [string, Feature[]][] = [
      ['legal', [...permits, ...ledger.filter((f) => status(f) === 'permitted')]],
      ['stock', ledger.filter((f) => status(f) !== 'demolished' && status(f) !== 'permitted' && isStock(f.properties as P))],
      ['rebuilt', ledger.filter((f) => status(f) === 'demolished')],
      ['known_new', ledger.filter((f) => status(f) !== 'demolished' && status(f) !== 'permitted' && !isStock(f.properties as P))],
    ];
    let got = { class: 'new', overlap: 0, hits: [] as Feature[] };
    if ((patch.properties as P).change_type === 'removal') {
      const each = ledger.filter((f) => status(f) !== 'demolished' && overlap([f]).ratio >= 0.3);
      got = { class: 'removal', overlap: overlap(each).ratio, hits: each };
    } else {
      for (const [cls, fs] of rules) {
        const o = overlap(fs);
        if (o.ratio >= 0.3) {
          got = { class: cls, overlap: o.ratio, hits: o.hits };
          break;
        }
      }
    }
    expect(got.class).toBe(c.expect.class);
    // docs/spec/checks.md tolerance for overlap ratios: 0.005 (written degrees are rounded to ~1 cm).
    expect(Math.abs(got.overlap - (c.expect.overlap as number))).toBeLessThan(0.005);
    const label = (f: Feature) => (ledgerById.get(idOf(f)) === f && got.class === 'legal' ? `ledger:${idOf(f)}` : idOf(f));
    expect(got.hits.map(label).sort()).toEqual(c.expect.ids);
  });
});

describe('planted fire-lane cases', () => {
  const lanes = byId(load('fire_lanes'));
  it.each(of('fire'))('%s', (_s, c) => {
    const lane = lanes.get(c.ids.fire_lanes[0])!;
    const rec = ledgerById.get(c.ids.ledger[0])!;
    const w = ((lane.properties as P).width_m as number | undefined) ?? 4;
    const lines = lane.geometry.type === 'LineString' ? [lane.geometry.coordinates] : (lane.geometry as { coordinates: number[][][] }).coordinates;
    // Flat-ended corridor as the union of one rectangle per segment (no planted record is near a bend).
    const rects: PcMulti[] = [];
    let dist = Infinity;
    const R = metricPolygons(rec.geometry) as PcMulti;
    for (const line of lines) {
      const ps = line.map(metric);
      for (let i = 0; i + 1 < ps.length; i++) {
        const [a, b] = [ps[i], ps[i + 1]];
        const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        const nx = (-(b[1] - a[1]) / len) * (w / 2);
        const ny = ((b[0] - a[0]) / len) * (w / 2);
        rects.push([[[[a[0] + nx, a[1] + ny], [a[0] - nx, a[1] - ny], [b[0] - nx, b[1] - ny], [b[0] + nx, b[1] + ny], [a[0] + nx, a[1] + ny]]]]);
        dist = Math.min(dist, segmentToPolygon(a, b, R[0][0]));
      }
    }
    const corridor = polygonClipping.union(...(rects as [PcMulti, ...PcMulti[]]));
    const encroach = area(polygonClipping.intersection(R, corridor));
    const standing = (rec.properties as P).status !== 'demolished';
    const reported = standing && encroach >= 1;
    if (c.expect.reported === false) {
      expect(reported).toBe(false);
      return;
    }
    expect(reported).toBe(true);
    // docs/spec/checks.md tolerances: areas 0.5 m², lengths 0.05 m.
    expect(Math.abs(encroach - (c.expect.encroach_area_m2 as number))).toBeLessThan(0.5);
    expect(Math.abs(dist - (c.expect.distance_m as number))).toBeLessThan(0.05);
    const remaining = dist === 0 ? 0 : w / 2 + dist;
    expect(Math.abs(remaining - (c.expect.remaining_width_m as number))).toBeLessThan(0.05);
    expect(remaining < 4).toBe(c.expect.blocked);
  });
});

function segmentToPolygon(a: number[], b: number[], ring: number[][]): number {
  const line = [a, b, a];
  // polygonDistance treats its arguments as rings; a degenerate ring a→b→a is the segment.
  return polygonDistance([line], [ring]);
}

const GRADE: Record<string, number> = { concrete: 1, steel_frame: 1, brick: 3, steel_shed: 4, timber: 4, simple: 4 };
const CIVIL = [[6, 7, 9], [7, 8, 10], [9, 10, 12]];
function required(b: P, n: P): number {
  const g = (p: P) => GRADE[String(p.structure)] ?? 1;
  const high = (p: P) => ((p.floors as number) ?? 0) >= 10 || ((p.height_m as number) ?? 0) > 27;
  const gi = (x: number) => (x === 1 ? 0 : x === 3 ? 1 : 2);
  if (b.use === 'enterprise' && n.use === 'enterprise') {
    const add = (p: P) => (g(p) === 3 ? 2 : g(p) === 4 ? 4 : 0);
    return (high(b) || high(n) ? 13 : 10) + add(b) + add(n);
  }
  if (high(b) && high(n)) return 13;
  if (high(b) || high(n)) return [9, 11, 14][gi(g(high(b) ? n : b))];
  return CIVIL[gi(g(b))][gi(g(n))];
}

describe('planted spacing cases, against every building in the sample', () => {
  const standing = ledger.filter((f) => (f.properties as P).status !== 'demolished');
  it.each(of('spacing'))('%s', (_s, c) => {
    const b = ledgerById.get(c.ids.ledger[0])!;
    const B = metricPolygons(b.geometry)[0];
    const bb = box(b);
    const rows: { id: string; layer: string; spacing: number; req: number }[] = [];
    for (const [layer, fs] of [['footprints', footprints], ['ledger', standing]] as const) {
      for (const f of fs) {
        if (f === b || !near(box(f), bb, 30)) continue;
        const d = polygonDistance(B, metricPolygons(f.geometry)[0]);
        if (d === 0) continue;
        const req = required(b.properties as P, f.properties as P);
        if (d < req) rows.push({ id: idOf(f), layer, spacing: d, req });
      }
    }
    if (c.expect.reported === false) {
      expect(rows).toEqual([]);
      return;
    }
    rows.sort((x, y) => y.req - y.spacing - (x.req - x.spacing) || x.spacing - y.spacing || (x.id < y.id ? -1 : 1));
    expect(rows.length).toBe(c.expect.violations);
    expect(rows[0].id).toBe(c.expect.neighbor_id);
    expect(rows[0].layer).toBe(c.expect.neighbor_layer);
    expect(Math.abs(rows[0].spacing - (c.expect.spacing_m as number))).toBeLessThan(0.05);
    expect(rows[0].req).toBe(c.expect.required_m);
  });
});

describe('planted siting cases', () => {
  const candidates = byId(load('candidates'));
  const landfills = load('landfills');
  const standing = [...footprints, ...ledger.filter((f) => (f.properties as P).status !== 'demolished')];
  it.each(of('siting').filter(([, c]) => 'feasible' in c.expect))('%s', (_s, c) => {
    const cand = candidates.get(c.ids.candidates[0])!;
    const p = metric((cand.geometry as { coordinates: number[] }).coordinates);
    const cap = (cand.properties as P).capacity_tpd as number;
    const sep = cap < 150 ? 10 : cap <= 450 ? 15 : 30;
    const tooClose = standing.some((f) => near(box(f), [p[0], p[1], p[0], p[1]], 40) && pointPolygonDistance(p, metricPolygons(f.geometry)[0]) <= sep);
    const inLandfill = landfills.some((l) => pointPolygonDistance(p, metricPolygons(l.geometry)[0]) === 0);
    expect(!tooClose && !inLandfill).toBe(c.expect.feasible);
  });
});

describe('planted coverage cases', () => {
  const stations = load('transfer_stations');
  const landfills = load('landfills');
  const demand = byId(load('demand'));
  it.each(of('coverage').filter(([, c]) => c.ids.demand))('%s', (_s, c) => {
    const u = demand.get(c.ids.demand[0])!;
    const p = metric((u.geometry as { coordinates: number[] }).coordinates);
    let best: { id: string; d: number } | null = null;
    let covered = false;
    for (const s of stations) {
      const sp = s.properties as P;
      if (sp.status !== 'operating' && sp.status !== 'upgrading') continue;
      const q = metric((s.geometry as { coordinates: number[] }).coordinates);
      const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
      if (!best || d < best.d) best = { id: String(sp.id), d };
      if (d <= ((sp.service_radius_m as number | undefined) ?? 3000)) covered = true;
    }
    expect(best?.id).toBe(c.expect.station_id);
    expect(best!.d).toBeCloseTo(c.expect.distance_m as number, 0);
    expect(covered).toBe(c.expect.covered);
    const setback = landfills.some((l) => (l.properties as P).status !== 'closed' && pointPolygonDistance(p, metricPolygons(l.geometry)[0]) < 500);
    expect(setback).toBe(c.expect.in_landfill_setback);
  });
});
