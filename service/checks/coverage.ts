// Check 3 (docs/spec/checks.md §3): which demand units the serving transfer stations reach, station
// loads, the landfill setback, and greedy maximal-covering siting of new stations.
import Flatbush from 'flatbush';
import { pointDistance } from './flat-distance.ts';
import { interiorPoint } from './jsts-geometry.ts';
import { compareIds, numberProp, text, TIE_EPS_M, TOUCH_EPS_M } from './ledger-rules.ts';
import { MetricContext, type MetricLayer } from './metric-context.ts';
import { resolveParams, type CheckParams } from './params.ts';
import { chooseSites } from './siting.ts';
import { landfillLife } from './landfill-life.ts';
import { NetworkDistances } from './network-coverage.ts';
import type { CheckData, CoverageResult, DemandRow, ProgressFn, StationRow } from './types.ts';

export interface DemandPoints {
  x: Float64Array;
  y: Float64Array;
  tpd: Float64Array;
  population: Float64Array;
}

function positive(layer: MetricLayer, i: number, key: string): number {
  const v = numberProp(layer.features[i], key);
  if (v === null || !(v > 0)) throw new Error(`${layer.where(i)}: ${key} must be > 0, got ${JSON.stringify(layer.features[i].props[key] ?? null)}`);
  return v;
}

/** A demand unit's point: itself, or a polygon's JTS interior point (PostGIS ST_PointOnSurface). */
function demandPoints(demand: MetricLayer, params: CheckParams): DemandPoints {
  const n = demand.size;
  const out: DemandPoints = { x: new Float64Array(n), y: new Float64Array(n), tpd: new Float64Array(n), population: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const f = demand.flat(i);
    if (f.dim === 0) {
      out.x[i] = f.xy[0];
      out.y[i] = f.xy[1];
    } else if (f.dim === 2) {
      [out.x[i], out.y[i]] = interiorPoint(demand.geom(i));
    } else {
      throw new Error(`${demand.where(i)}: demand must be a Point or a Polygon`);
    }
    const population = numberProp(demand.features[i], 'population') ?? 0;
    const waste = numberProp(demand.features[i], 'waste_tpd');
    out.population[i] = population;
    out.tpd[i] = waste ?? (population * params.per_capita_kg) / 1000;
  }
  return out;
}

export function runCoverageCheck(data: CheckData, params: Partial<CheckParams> = {}, onProgress?: ProgressFn): CoverageResult {
  const resolved = resolveParams(params);
  const ctx = new MetricContext(data, resolved.metric_crs);
  const out: CheckParams = { ...resolved, metric_crs: ctx.crs };
  const stations = ctx.layer('transfer_stations');
  const demand = ctx.layer('demand');
  const landfills = ctx.layer('landfills');

  // Serving stations, flat: position, own radius, capacity.
  const serving: number[] = [];
  for (let s = 0; s < stations.size; s++) {
    positive(stations, s, 'capacity_tpd'); // a load error anywhere, serving or not
    const status = text(stations.features[s], 'status');
    if (status === 'operating' || status === 'upgrading') serving.push(s);
  }
  serving.sort((a, b) => compareIds(stations.features[a].id, stations.features[b].id));
  const sx = new Float64Array(serving.length), sy = new Float64Array(serving.length), sr = new Float64Array(serving.length);
  let maxRadius = 0;
  serving.forEach((s, k) => {
    const f = stations.flat(s);
    sx[k] = f.xy[0];
    sy[k] = f.xy[1];
    sr[k] = numberProp(stations.features[s], 'service_radius_m') ?? out.service_radius_m;
    maxRadius = Math.max(maxRadius, sr[k]);
  });
  const stationIndex = serving.length ? new Flatbush(serving.length) : null;
  if (stationIndex) {
    for (let k = 0; k < serving.length; k++) stationIndex.add(sx[k], sy[k], sx[k], sy[k]);
    stationIndex.finish();
  }

  const activeLandfills: number[] = [];
  for (let l = 0; l < landfills.size; l++) if (text(landfills.features[l], 'status') !== 'closed') activeLandfills.push(l);

  const pts = demandPoints(demand, out);
  const network = out.distance === 'network' ? new NetworkDistances(ctx.layer('roads'), pts) : null;
  const byRoad = network?.assign(sx, sy, sr);
  const covered = new Uint8Array(demand.size);
  const assigned = new Float64Array(serving.length);
  const rows: DemandRow[] = [];
  for (let i = 0; i < demand.size; i++) {
    const x = pts.x[i], y = pts.y[i];
    let nearest = -1;
    let nearestD = Infinity;
    let isCovered = false;
    if (byRoad) {
      nearest = byRoad.nearest[i];
      nearestD = byRoad.distance[i];
      isCovered = byRoad.covered[i] === 1;
      if (nearest >= 0) assigned[nearest] += pts.tpd[i];
    } else if (stationIndex) {
      const first = stationIndex.neighbors(x, y, 1)[0];
      const d0 = Math.hypot(sx[first] - x, sy[first] - y);
      // Stations sit in id order, so the smallest index among the ties is the smallest id.
      for (const k of stationIndex.neighbors(x, y, Infinity, d0 + TIE_EPS_M)) {
        const d = Math.hypot(sx[k] - x, sy[k] - y);
        if (nearest < 0 || d < nearestD - TIE_EPS_M || (Math.abs(d - nearestD) <= TIE_EPS_M && k < nearest)) {
          nearest = k;
          nearestD = d;
        }
      }
      for (const k of stationIndex.neighbors(x, y, Infinity, maxRadius)) {
        if (Math.hypot(sx[k] - x, sy[k] - y) <= sr[k] + TOUCH_EPS_M) {
          isCovered = true;
          break;
        }
      }
      assigned[nearest] += pts.tpd[i];
    }
    covered[i] = isCovered ? 1 : 0;
    let inSetback = false;
    if (activeLandfills.length) {
      for (const l of landfills.nearFeature(demand, i, out.landfill_setback_m)) {
        if (text(landfills.features[l], 'status') === 'closed') continue;
        if (pointDistance(landfills.flat(l), x, y) < out.landfill_setback_m - TOUCH_EPS_M) {
          inSetback = true;
          break;
        }
      }
    }
    const row: DemandRow = {
      id: demand.features[i].id,
      station_id: nearest >= 0 ? stations.features[serving[nearest]].id : null,
      distance_m: nearest >= 0 ? nearestD : null,
      covered: isCovered,
      demand_tpd: pts.tpd[i],
      in_landfill_setback: inSetback,
      population: pts.population[i],
    };
    const township = text(demand.features[i], 'township');
    if (township) row.township = township;
    rows.push(row);
    if (onProgress && i % 1024 === 1023) onProgress(i + 1, demand.size);
  }

  const stationRows: StationRow[] = serving.map((s, k) => {
    const capacity = positive(stations, s, 'capacity_tpd');
    return { id: stations.features[s].id, assigned_tpd: assigned[k], capacity_tpd: capacity, utilization: assigned[k] / capacity, overloaded: assigned[k] / capacity > 1 };
  });

  const landfillRows = landfillLife(landfills, serving.map((_, k) => ({ x: sx[k], y: sy[k], tpd: assigned[k] })), out);

  let popAll = 0, popCovered = 0, tpdAll = 0, tpdCovered = 0, uncovered = 0;
  for (let i = 0; i < demand.size; i++) {
    popAll += pts.population[i];
    tpdAll += pts.tpd[i];
    if (covered[i]) {
      popCovered += pts.population[i];
      tpdCovered += pts.tpd[i];
    } else {
      uncovered++;
    }
  }
  const existing = serving.map((s, k) => ({ id: stations.features[s].id, x: sx[k], y: sy[k], radius: sr[k], capacity: positive(stations, s, 'capacity_tpd') }));
  const { greedy_gain_tpd, ...siting } = chooseSites(ctx, pts, covered, out, network?.cover, existing);
  // Keeping the stations, the sites add to what they cover; relocating, the answer stands alone.
  const base = out.siting_existing === 'relocate' ? 0 : tpdCovered;
  if (onProgress) onProgress(demand.size, demand.size);
  return {
    params: out,
    demand: rows,
    stations: stationRows,
    landfills: landfillRows,
    summary: {
      covered_population_share: popAll > 0 ? popCovered / popAll : 0,
      covered_tpd_share: tpdAll > 0 ? tpdCovered / tpdAll : 0,
      uncovered_units: uncovered,
    },
    siting: {
      ...siting,
      covered_tpd_before: tpdCovered,
      covered_tpd_after: base + siting.chosen.reduce((s, c) => s + c.gain_tpd, 0),
      greedy_tpd_after: base + greedy_gain_tpd,
    },
  };
}
