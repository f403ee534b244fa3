// A plain, all-pairs implementation of docs/spec/checks.md written for clarity, not speed: every
// pair is tested with JSTS (intersects, union, intersection, DistanceOp, buffer). The randomized
// test checks that the indexed engine agrees with it. Shared with the engine on purpose: only
// the projection setup and the MakeValid repair (both contract, not algorithm).
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import BufferOp from 'jsts/org/locationtech/jts/operation/buffer/BufferOp.js';
import BufferParameters from 'jsts/org/locationtech/jts/operation/buffer/BufferParameters.js';
import DistanceOp from 'jsts/org/locationtech/jts/operation/distance/DistanceOp.js';
import UnaryUnionOp from 'jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js';
import InteriorPointArea from 'jsts/org/locationtech/jts/algorithm/InteriorPointArea.js';
import 'jsts/org/locationtech/jts/monkey.js';
import { metricZoneFor } from '../../service/geo/gauss-kruger.ts';
import { factory, makeValidPolygonal, type JstsGeometry } from '../../service/checks/jsts-geometry.ts';
import { resolveParams, type CheckData, type CheckFeature, type CheckParams } from '../../service/checks/index.ts';

type G = JstsGeometry;
const str = (f: CheckFeature, k: string) => (f.props[k] === null || f.props[k] === undefined ? '' : String(f.props[k]));
const num = (f: CheckFeature, k: string) => (f.props[k] === null || f.props[k] === undefined || f.props[k] === '' ? null : Number(f.props[k]));
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function projector(data: CheckData) {
  // Centre: the middle of the longitude range of every coordinate of every layer.
  let lo = Infinity, hi = -Infinity;
  const walk = (v: unknown): void => {
    if (!Array.isArray(v)) return;
    if (typeof v[0] === 'number') {
      lo = Math.min(lo, v[0]);
      hi = Math.max(hi, v[0]);
    } else v.forEach(walk);
  };
  for (const fs of Object.values(data)) for (const f of fs ?? []) if ('coordinates' in f.geometry) walk(f.geometry.coordinates);
  const zone = metricZoneFor(lo <= hi ? (lo + hi) / 2 : 120);
  const fwd = proj4('WGS84', zone.proj4);
  const c = (p: Position) => { const [x, y] = fwd.forward([p[0], p[1]]); return new Coordinate(x, y); };
  const ring = (r: Position[]) => factory.createLinearRing(r.map(c));
  const poly = (rs: Position[][]) => factory.createPolygon(ring(rs[0]), rs.slice(1).map(ring));
  const geom = (g: Geometry): G => {
    switch (g.type) {
      case 'Point': return factory.createPoint(c(g.coordinates));
      case 'LineString': return factory.createLineString(g.coordinates.map(c));
      case 'MultiLineString': return factory.createMultiLineString(g.coordinates.map((l) => factory.createLineString(l.map(c))));
      case 'Polygon': { const p = poly(g.coordinates); return p.isValid() ? p : makeValidPolygonal(p); }
      case 'MultiPolygon': { const p: G = factory.createMultiPolygon(g.coordinates.map(poly)); return p.isValid() ? p : makeValidPolygonal(p); }
      default: throw new Error(`reference: geometry ${g.type}`);
    }
  };
  return { geom, crs: `EPSG:${zone.epsg}` };
}

const before = (f: CheckFeature, baseline: string) => { const d = str(f, 'built_on') || str(f, 'recorded_on'); return d !== '' && d < baseline; };

export function referencePatches(data: CheckData, input: Partial<CheckParams>) {
  const params = resolveParams(input);
  const { geom } = projector(data);
  const patches = data.patches ?? [], ledger = data.ledger ?? [], permits = data.permits ?? [];
  let batch = params.batch, bestDate = '';
  if (batch === null) for (const f of patches) if (batch === null || str(f, 'detected_on') > bestDate || (str(f, 'detected_on') === bestDate && str(f, 'batch') > batch)) { batch = str(f, 'batch'); bestDate = str(f, 'detected_on'); }
  const lg = ledger.map((f) => geom(f.geometry));
  const pg = permits.map((f) => geom(f.geometry));
  const layers: { label: string; g: G; rule: string; standing: boolean; isLedger: boolean }[] = [
    ...permits.map((f, i) => ({ label: f.id, g: pg[i], rule: 'legal', standing: true, isLedger: false })),
    ...ledger.map((f, i) => {
      const s = str(f, 'status');
      const rule = s === 'permitted' ? 'legal' : s === 'demolished' ? 'rebuilt' : before(f, params.baseline_on) ? 'stock' : 'known_new';
      return { label: rule === 'legal' ? `ledger:${f.id}` : f.id, g: lg[i], rule, standing: s !== 'demolished', isLedger: true };
    }),
  ];
  const rows = patches.filter((f) => str(f, 'batch') === batch).map((f) => {
    const p = geom(f.geometry);
    const area = p.getArea();
    const share = (xs: G[]) => (xs.length === 0 ? 0 : p.intersection(UnaryUnionOp.union(factory.createGeometryCollection(xs))).getArea() / area);
    if (str(f, 'change_type') === 'removal') {
      const covering = layers.filter((x) => x.isLedger && x.standing).filter((x) => p.intersection(x.g).getArea() / area >= params.min_overlap);
      return { id: f.id, class: 'removal', overlap: share(covering.map((x) => x.g)), ids: covering.map((x) => x.label).sort(byId) };
    }
    for (const rule of ['legal', 'stock', 'rebuilt', 'known_new']) {
      const hits = layers.filter((x) => x.rule === rule && p.intersects(x.g));
      const overlap = share(hits.map((x) => x.g));
      if (hits.length && overlap >= params.min_overlap) return { id: f.id, class: rule, overlap, ids: hits.map((x) => x.label).sort(byId) };
    }
    return { id: f.id, class: 'new', overlap: 0, ids: [] as string[] };
  });
  return { params: { batch }, patches: rows, ledger: ledger.map((f, i) => ({ id: f.id, class: before(f, params.baseline_on) ? 'stock' : 'new', area_m2: lg[i].getArea() })) };
}

function grade(f: CheckFeature): number {
  const s = str(f, 'structure');
  return s === 'brick' ? 3 : s === 'steel_shed' || s === 'timber' || s === 'simple' ? 4 : 1;
}
const high = (f: CheckFeature) => (num(f, 'floors') ?? 0) >= 10 || (num(f, 'height_m') ?? 0) > 27;
function required(a: CheckFeature, b: CheckFeature): number {
  const ga = grade(a), gb = grade(b);
  if (str(a, 'use') === 'enterprise' && str(b, 'use') === 'enterprise') {
    const extra = (g: number) => (g === 3 ? 2 : g === 4 ? 4 : 0);
    return (high(a) || high(b) ? 13 : 10) + extra(ga) + extra(gb);
  }
  if (high(a) && high(b)) return 13;
  if (high(a) || high(b)) { const other = high(a) ? gb : ga; return other === 1 ? 9 : other === 3 ? 11 : 14; }
  const table: Record<number, Record<number, number>> = { 1: { 1: 6, 3: 7, 4: 9 }, 3: { 1: 7, 3: 8, 4: 10 }, 4: { 1: 9, 3: 10, 4: 12 } };
  return table[ga][gb];
}

export function referenceFire(data: CheckData, input: Partial<CheckParams>) {
  const params = resolveParams(input);
  const { geom } = projector(data);
  const ledger = (data.ledger ?? []).map((f) => ({ f, g: geom(f.geometry) }));
  const standing = ledger.filter((x) => str(x.f, 'status') !== 'demolished');
  const bp = new BufferParameters();
  bp.setEndCapStyle(BufferParameters.CAP_FLAT);
  bp.setQuadrantSegments(8);
  const lanes = (data.fire_lanes ?? []).map((f) => {
    const g = geom(f.geometry), w = num(f, 'width_m') ?? params.required_lane_width_m;
    return { f, g, w, corridor: BufferOp.bufferOp(g, w / 2, bp) };
  });
  const encroachments = [];
  for (const b of standing) {
    for (const l of lanes) {
      const area = b.g.intersection(l.corridor).getArea();
      if (area < params.min_encroach_area_m2) continue;
      const d = DistanceOp.distance(b.g, l.g);
      const remaining = b.g.intersects(l.g) ? 0 : l.w / 2 + d;
      encroachments.push({ building_id: b.f.id, lane_id: l.f.id, encroach_area_m2: area, distance_m: d, remaining_width_m: remaining, blocked: remaining < params.required_lane_width_m });
    }
  }
  encroachments.sort((x, y) => byId(x.building_id, y.building_id) || byId(x.lane_id, y.lane_id));
  const neighbours = [...(data.footprints ?? []).map((f) => ({ f, g: geom(f.geometry), layer: 'footprints' })), ...standing.map((x) => ({ ...x, layer: 'ledger' }))];
  const spacing = [];
  for (const b of standing) {
    const bad = [];
    for (const n of neighbours) {
      if (n.layer === 'ledger' && n.f === b.f) continue;
      if (b.g.intersects(n.g)) continue;
      const d = DistanceOp.distance(b.g, n.g);
      const req = required(b.f, n.f);
      if (d < req) bad.push({ id: n.f.id, layer: n.layer, d, req });
    }
    if (!bad.length) continue;
    bad.sort((x, y) => {
      const dx = x.req - x.d, dy = y.req - y.d;
      if (Math.abs(dx - dy) > 1e-3) return dy - dx;
      if (Math.abs(x.d - y.d) > 1e-3) return x.d - y.d;
      return byId(x.id, y.id) || byId(x.layer, y.layer);
    });
    spacing.push({ building_id: b.f.id, neighbor_id: bad[0].id, neighbor_layer: bad[0].layer, spacing_m: bad[0].d, required_m: bad[0].req, violations: bad.length });
  }
  spacing.sort((x, y) => byId(x.building_id, y.building_id));
  return { encroachments, spacing };
}

export function referenceCoverage(data: CheckData, input: Partial<CheckParams>) {
  const params = resolveParams(input);
  const { geom } = projector(data);
  const stations = (data.transfer_stations ?? []).filter((f) => ['operating', 'upgrading'].includes(str(f, 'status'))).map((f) => ({ f, g: geom(f.geometry), r: num(f, 'service_radius_m') ?? params.service_radius_m }));
  stations.sort((a, b) => byId(a.f.id, b.f.id));
  const landfills = (data.landfills ?? []).map((f) => ({ f, g: geom(f.geometry) }));
  const demand = (data.demand ?? []).map((f) => {
    const g0 = geom(f.geometry);
    const g = g0.getDimension() === 2 ? factory.createPoint(InteriorPointArea.getInteriorPoint(g0)) : g0;
    const pop = num(f, 'population') ?? 0;
    return { f, g, pop, tpd: num(f, 'waste_tpd') ?? (pop * params.per_capita_kg) / 1000 };
  });
  const assigned = new Map(stations.map((s) => [s.f.id, 0]));
  const rows = demand.map((d) => {
    let best: (typeof stations)[number] | null = null, bestD = Infinity, covered = false;
    for (const s of stations) {
      const dist = d.g.distance(s.g);
      if (dist < bestD - 1e-3) { best = s; bestD = dist; }
      if (dist <= s.r) covered = true;
    }
    if (best) assigned.set(best.f.id, assigned.get(best.f.id)! + d.tpd);
    const setback = landfills.some((l) => str(l.f, 'status') !== 'closed' && d.g.distance(l.g) < params.landfill_setback_m);
    return { id: d.f.id, station_id: best ? best.f.id : null, distance_m: best ? bestD : null, covered, demand_tpd: d.tpd, in_landfill_setback: setback };
  });
  const obstacles = [...(data.footprints ?? []), ...(data.ledger ?? []).filter((f) => str(f, 'status') !== 'demolished')].map((f) => geom(f.geometry));
  const feasible: { id: string; covers: number[] }[] = [];
  const infeasible: string[] = [];
  for (const c of data.candidates ?? []) {
    const g = geom(c.geometry);
    const cap = num(c, 'capacity_tpd')!;
    const sep = cap < 150 ? 10 : cap <= 450 ? 15 : 30;
    if (obstacles.some((o) => g.distance(o) <= sep) || landfills.some((l) => g.intersects(l.g))) infeasible.push(c.id);
    else feasible.push({ id: c.id, covers: demand.flatMap((d, i) => (d.g.distance(g) <= params.service_radius_m ? [i] : [])) });
  }
  feasible.sort((a, b) => byId(a.id, b.id));
  const covered = rows.map((r) => r.covered);
  const before = demand.reduce((s, d, i) => s + (covered[i] ? d.tpd : 0), 0);
  const chosen: { id: string; gain_tpd: number }[] = [];
  for (let k = 0; k < params.sites_to_choose && feasible.length; k++) {
    const gains = feasible.map((c) => c.covers.reduce((s, i) => s + (covered[i] ? 0 : demand[i].tpd), 0));
    let best = 0;
    for (let j = 1; j < feasible.length; j++) if (gains[j] > gains[best] + 1e-9) best = j;
    for (const i of feasible[best].covers) covered[i] = true;
    chosen.push({ id: feasible[best].id, gain_tpd: gains[best] });
    feasible.splice(best, 1);
  }
  const popAll = demand.reduce((s, d) => s + d.pop, 0), tpdAll = demand.reduce((s, d) => s + d.tpd, 0);
  return {
    demand: rows,
    stations: stations.map((s) => ({ id: s.f.id, assigned_tpd: assigned.get(s.f.id)!, capacity_tpd: num(s.f, 'capacity_tpd'), utilization: assigned.get(s.f.id)! / num(s.f, 'capacity_tpd')! })),
    summary: {
      covered_population_share: popAll ? demand.reduce((s, d, i) => s + (rows[i].covered ? d.pop : 0), 0) / popAll : 0,
      covered_tpd_share: tpdAll ? before / tpdAll : 0,
      uncovered_units: rows.filter((r) => !r.covered).length,
    },
    siting: { chosen, covered_tpd_before: before, covered_tpd_after: before + chosen.reduce((s, c) => s + c.gain_tpd, 0), infeasible: infeasible.sort(byId) },
  };
}

/** Check 4's geometric kinds and areas, all pairs through JSTS (dates and townships are attribute rules). */
export function referenceQuality(data: CheckData, input: Partial<CheckParams>) {
  const params = resolveParams(input);
  const { geom } = projector(data);
  const withGeom = (fs: CheckFeature[] | undefined) => (fs ?? []).map((f) => ({ f, g: geom(f.geometry) }));
  const ledger = withGeom(data.ledger), footprints = withGeom(data.footprints), patches = withGeom(data.patches);
  const isOpen = (f: CheckFeature) => ['pending', 'retained', 'deferred'].includes(str(f, 'status'));
  const share = (r: G, area: number, xs: G[]) => (area > 0 && xs.length ? r.intersection(UnaryUnionOp.union(factory.createGeometryCollection(xs))).getArea() / area : 0);
  const matches = (a: number, v: number) => Math.abs(a - v) <= Math.max(params.area_tolerance * v, params.area_tolerance_m2);
  const findings: Record<string, unknown>[] = [];
  for (const { f, g } of ledger) {
    const area = g.getArea() > 1e-6 ? g.getArea() : 0;
    const built = footprints.filter((x) => x.g.intersects(g));
    const fpShare = share(g, area, built.map((x) => x.g));
    if (str(f, 'status') === 'demolished' && str(f, 'violation_type') !== 'added_storey' && fpShare >= params.min_overlap) {
      const ids = built.filter((x) => g.intersection(x.g).getArea() > 1e-6).map((x) => x.f.id).sort(byId);
      findings.push({ ledger_id: f.id, kind: 'still_standing', overlap: fpShare, ids });
    }
    if (isOpen(f) && fpShare < params.min_overlap) {
      const seen = share(g, area, patches.filter((p) => str(p.f, 'change_type') !== 'removal' && p.g.intersects(g)).map((p) => p.g));
      if (seen < params.min_overlap) findings.push({ ledger_id: f.id, kind: 'not_seen', footprint_overlap: fpShare, patch_overlap: seen });
    }
    const a = num(f, 'area_m2'), floors = num(f, 'floors');
    if (a !== null && a > 0 && !matches(a, area) && !(floors !== null && floors >= 1 && matches(a, area * floors))) {
      findings.push({ ledger_id: f.id, kind: 'area_mismatch', declared: a, drawn: area, ratio: area > 0 ? a / area : null });
    }
    const dups = ledger
      .filter((s) => s.f.id < f.id && area > 0 && s.g.getArea() > 1e-6 && s.g.intersects(g))
      .map((s) => { const inter = g.intersection(s.g).getArea(); return { id: s.f.id, iou: inter / (area + s.g.getArea() - inter) }; })
      .filter((d) => d.iou >= params.duplicate_iou);
    if (dups.length) {
      const best = [...dups].sort((x, y) => y.iou - x.iou || byId(x.id, y.id))[0];
      findings.push({ ledger_id: f.id, kind: 'duplicate', other_id: best.id, iou: best.iou, others: dups.map((d) => d.id).sort(byId) });
    }
    if (isOpen(f) && area >= params.large_area_m2 && !patches.some((p) => p.g.intersects(g))) findings.push({ ledger_id: f.id, kind: 'large_unverified', drawn: area });
  }
  findings.sort((x, y) => byId(x.ledger_id as string, y.ledger_id as string) || byId(x.kind as string, y.kind as string));
  return { findings };
}
