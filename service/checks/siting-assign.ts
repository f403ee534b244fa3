// Demand assigned to the chosen sites with their capacities respected (docs/spec/checks.md §3):
// units are served closest first — in order of the straight-line distance to their nearest
// covering chosen site, ties by unit order — and each pours its tonnage into the covering chosen
// sites nearest first (ties to the one chosen earlier) up to what each has left; what none has
// room for is unassigned and counted at the unit's nearest site.

export interface AssignSite {
  x: number;
  y: number;
  capacity: number;
  covers: ArrayLike<number>;
}

export interface SiteLoad {
  /** Tonnage assigned within capacity. */
  assigned_tpd: number;
  /** Tonnage whose nearest covering chosen site this is (no capacity). */
  nearest_tpd: number;
  /** nearest_tpd above capacity (0 when it fits). */
  overload_tpd: number;
  /** Of nearest_tpd, what no covering chosen site had room for. */
  unassigned_tpd: number;
}

/** Ties in distance closer than this (m) go to the site chosen earlier. */
const DIST_TIE = 1e-9;

/** `sites` in choice order; `eligible[i]` says whether unit i is to be assigned at all. */
export function assignWithCapacity(sites: AssignSite[], x: Float64Array, y: Float64Array, tpd: Float64Array, eligible: (i: number) => boolean): SiteLoad[] {
  // Every unit's covering chosen sites, nearest first.
  const options = new Map<number, { site: number; d: number }[]>();
  sites.forEach((s, k) => {
    for (const i of Array.from(s.covers)) {
      if (!eligible(i)) continue;
      let list = options.get(i);
      if (!list) options.set(i, (list = []));
      list.push({ site: k, d: Math.hypot(x[i] - s.x, y[i] - s.y) });
    }
  });
  const units = [...options.keys()];
  for (const i of units) options.get(i)!.sort((a, b) => (Math.abs(a.d - b.d) <= DIST_TIE ? a.site - b.site : a.d - b.d));
  units.sort((a, b) => {
    const da = options.get(a)![0].d, db = options.get(b)![0].d;
    return Math.abs(da - db) <= DIST_TIE ? a - b : da - db;
  });
  const left = sites.map((s) => s.capacity);
  const out: SiteLoad[] = sites.map(() => ({ assigned_tpd: 0, nearest_tpd: 0, overload_tpd: 0, unassigned_tpd: 0 }));
  for (const i of units) {
    const list = options.get(i)!;
    out[list[0].site].nearest_tpd += tpd[i];
    let rest = tpd[i];
    for (const { site } of list) {
      if (rest <= 1e-9) break;
      const put = Math.min(rest, left[site]);
      if (put <= 0) continue;
      left[site] -= put;
      out[site].assigned_tpd += put;
      rest -= put;
    }
    if (rest > 1e-9) out[list[0].site].unassigned_tpd += rest;
  }
  sites.forEach((s, k) => (out[k].overload_tpd = Math.max(0, out[k].nearest_tpd - s.capacity)));
  return out;
}
