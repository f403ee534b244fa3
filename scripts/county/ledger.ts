// Ledger records drawn from standing buildings: a shed or extension added at the back (the most
// common 违建), a whole illegal building, or an extra storey on an existing one (加层). The
// footprint survey is taken as of the end of 2022, so annexes recorded later are not in it.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Rng } from './rng.ts';
import { rectIn, polygonArea } from './shapes.ts';
import { addMonths, dateBetween, dayOf, monthOf } from './dates.ts';
import type { Building, BuildingAttrs, LedgerRecord, LedgerStatus, Spot, World } from './world.ts';

export const FOOTPRINT_SURVEY_ON = '2022-12-31';
export const LEDGER_STATUS_WEIGHTS: Record<LedgerStatus, number> = {
  pending: 45,
  demolished: 25,
  retained: 12,
  permitted: 8,
  deferred: 10,
};

export interface LedgerDates {
  recorded_on: string;
  built_on: string | null;
  demolished_on: string | null;
}

/** Recording peaked with the 三改一拆 surveys of 2013–2016 and again with the 2023 fire-lane campaign. */
export function ledgerDates(rng: Rng, status: LedgerStatus): LedgerDates {
  const era = rng.weighted({ early: 15, campaign: 40, steady: 30, recent: 15 });
  const range = {
    early: ['2010-01-01', '2013-03-31'],
    campaign: ['2013-04-01', '2016-12-31'],
    steady: ['2017-01-01', '2022-12-31'],
    recent: ['2023-01-01', '2024-06-30'],
  }[era];
  const recorded_on = dateBetween(rng, range[0], range[1]);
  // 建成年月 is often blank; when given it is a month, up to six years before recording.
  const built_on = rng.chance(0.4) ? null : monthOf(addMonths(recorded_on, -rng.int(0, 72)));
  const demolished_on =
    status === 'demolished' ? dateBetween(rng, addMonths(recorded_on, 1), '2024-06-30') : null;
  return { recorded_on, built_on, demolished_on };
}

export function ownerName(rng: Rng, surnames: readonly string[]): string {
  return `${rng.pick(surnames)}某某`;
}

const SHED: readonly BuildingAttrs['structure'][] = ['simple', 'steel_shed', 'brick', 'steel_shed', 'simple'];

/** Builds the record; `emitFootprint` is told which polygon (if any) stands as a footprint. */
export function ledgerFromBuilding(
  world: World,
  b: Building,
): { record: LedgerRecord; footprintOfBuilding: boolean; annexFootprint: Polygon | MultiPolygon | null } {
  const rng = world.rng;
  const status = rng.weighted(LEDGER_STATUS_WEIGHTS);
  const dates = ledgerDates(rng, status);
  const kind = b.backRoom >= 3 ? rng.weighted({ annex: 55, whole: 25, storey: 20 }) : rng.weighted({ whole: 55, storey: 45 });
  const s = b.spot;
  let geometry: Polygon | MultiPolygon;
  let spot: Spot = s;
  let attrs: BuildingAttrs;
  if (kind === 'annex') {
    const depth = Math.min(b.backRoom - 0.5, rng.range(2.5, 6));
    const width = Math.min(s.u1 - s.u0, rng.range(3, 9));
    const a = s.u0 + rng.range(0, s.u1 - s.u0 - width);
    const [v0, v1] = b.back > 0 ? [s.v1, s.v1 + depth] : [s.v0 - depth, s.v0];
    spot = { ...s, u0: a, u1: a + width, v0, v1 };
    const main = rectIn(s.frame, a, v0, a + width, v1);
    if (rng.chance(0.08) && s.u1 - (a + width) > 3) {
      // A second, detached shed on the same plot makes the record a MultiPolygon.
      const u = a + width + 1;
      const w2 = Math.min(3, s.u1 - u);
      const second = rectIn(s.frame, u, v0, u + w2, b.back > 0 ? v0 + depth * 0.6 : v1);
      geometry = { type: 'MultiPolygon', coordinates: [main.coordinates, second.coordinates] };
    } else {
      geometry = main;
    }
    const structure = b.use === 'enterprise' ? 'steel_shed' : rng.pick(SHED);
    attrs = { use: b.use === 'enterprise' ? 'enterprise' : rng.pick(['residential', 'other'] as const), structure, floors: 1, height_m: Math.round(rng.range(2.8, 4.5) * 10) / 10 };
  } else if (kind === 'whole') {
    // Digitised separately from the footprint, so it is off by a few decimetres.
    const dx = rng.range(-0.4, 0.4);
    const dy = rng.range(-0.4, 0.4);
    geometry = { type: 'Polygon', coordinates: b.geometry.coordinates.map((r) => r.map(([x, y]) => [x + dx, y + dy])) };
    attrs = { use: b.use, structure: b.structure, floors: b.floors, height_m: b.height_m };
  } else {
    geometry = b.geometry;
    attrs = { use: b.use, structure: b.structure, floors: b.floors + 1, height_m: Math.round((b.height_m + 3) * 10) / 10 };
  }
  const area =
    geometry.type === 'Polygon'
      ? polygonArea(geometry.coordinates)
      : geometry.coordinates.reduce((sum, p) => sum + polygonArea(p), 0);
  const record: LedgerRecord = {
    id: world.nextId('WJ'),
    geometry,
    spot,
    status,
    ...dates,
    ...attrs,
    // Declared floor area: ground area × floors, rounded as a clerk would.
    area_m2: Math.round(area * (kind === 'storey' ? 1 : attrs.floors)),
    owner: b.owner,
    address: b.address,
  };
  const standingAtSurvey = status !== 'demolished' && dayOf(dates.recorded_on) <= dayOf(FOOTPRINT_SURVEY_ON);
  return {
    record,
    footprintOfBuilding: !(kind === 'whole' && status === 'demolished'),
    annexFootprint: kind === 'annex' && standingAtSurvey ? geometry : null,
  };
}
