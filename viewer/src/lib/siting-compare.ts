// "What if": two coverage runs side by side — their settings, what they cover, which sites each
// chose that the other did not, and each run's sites as map features.
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { CoverageResult } from '../../../service/checks/types.ts';

export type CoverageDocument = Pick<CoverageResult, 'params' | 'summary' | 'siting'>;

export interface RunSide {
  id: number;
  k: number;
  method: string;
  distance: string;
  coveredTpdShare: number;
  coveredBefore: number;
  coveredAfter: number;
  chosen: string[];
  /** Chosen here and not in the other run. */
  only: string[];
  /** `keep` or `relocate`. */
  existing: string;
  /** Existing stations chosen (relocation) and those the run closes. */
  keptStations: string[];
  closed: string[];
  /** Newly covered demand no chosen site had room for. */
  unassigned: number;
}

export function compareRuns(a: { id: number; doc: CoverageDocument }, b: { id: number; doc: CoverageDocument }): [RunSide, RunSide] {
  const side = (r: typeof a, other: typeof a): RunSide => {
    const chosen = r.doc.siting.chosen.map((c) => c.id);
    const theirs = new Set(other.doc.siting.chosen.map((c) => c.id));
    const params = r.doc.params as unknown as Record<string, unknown>;
    return {
      id: r.id,
      k: Number(params.sites_to_choose),
      method: r.doc.siting.method ?? 'greedy',
      distance: String(params.distance ?? 'straight'),
      coveredTpdShare: r.doc.summary.covered_tpd_share,
      coveredBefore: r.doc.siting.covered_tpd_before,
      coveredAfter: r.doc.siting.covered_tpd_after,
      chosen,
      only: chosen.filter((id) => !theirs.has(id)),
      existing: String(params.siting_existing ?? 'keep'),
      keptStations: r.doc.siting.chosen.filter((c) => c.kind === 'station').map((c) => c.id),
      closed: r.doc.siting.closed ?? [],
      unassigned: r.doc.siting.unassigned_tpd ?? 0,
    };
  };
  return [side(a, b), side(b, a)];
}

/** Covered t/d after siting, second run minus first. */
export const afterDifference = (sides: [RunSide, RunSide]) => sides[1].coveredAfter - sides[0].coveredAfter;

/** How a site shows on a run's map. */
export type SiteRole = 'chosen' | 'only' | 'kept' | 'closed' | 'station' | 'candidate';

/**
 * One run's sites as points: candidates it chose (`only` when the other run did not), stations it
 * keeps open or closes (relocation), other serving stations, and candidates left unchosen.
 */
export function siteFeatures(side: RunSide, candidates: FeatureCollection | null, stations: FeatureCollection | null): FeatureCollection<Point, { id: string; role: SiteRole }> {
  const features: Feature<Point, { id: string; role: SiteRole }>[] = [];
  const chosen = new Set(side.chosen);
  const only = new Set(side.only);
  const kept = new Set(side.keptStations);
  const closed = new Set(side.closed);
  const add = (f: Feature, role: SiteRole) => {
    if (f.geometry?.type !== 'Point') return;
    features.push({ type: 'Feature', properties: { id: String(f.properties?.id), role }, geometry: f.geometry });
  };
  for (const f of stations?.features ?? []) {
    const id = String(f.properties?.id);
    const status = f.properties?.status;
    if (closed.has(id)) add(f, 'closed');
    else if (kept.has(id)) add(f, only.has(id) ? 'only' : 'kept');
    else if (status === 'operating' || status === 'upgrading') add(f, 'station');
  }
  for (const f of candidates?.features ?? []) {
    const id = String(f.properties?.id);
    // A station chosen under the same id as a candidate is the station's.
    if (chosen.has(id) && !kept.has(id)) add(f, only.has(id) ? 'only' : 'chosen');
    else add(f, 'candidate');
  }
  // Drawn bottom first: unchosen candidates under everything else.
  const order: SiteRole[] = ['candidate', 'station', 'closed', 'kept', 'chosen', 'only'];
  features.sort((a, b) => order.indexOf(a.properties.role) - order.indexOf(b.properties.role));
  return { type: 'FeatureCollection', features };
}
