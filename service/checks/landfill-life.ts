// How long each landfill lasts (docs/spec/checks.md §3, landfill life): the remaining volume
// filled at the daily tonnage it receives. A landfill's own `daily_tpd` is what it receives;
// otherwise every serving station delivers its assigned load to the nearest operating landfill
// (ties by smaller id), as a county's collection plan routes it.
import { pointDistance } from './flat-distance.ts';
import { compareIds, numberProp, text, TIE_EPS_M } from './ledger-rules.ts';
import type { MetricLayer } from './metric-context.ts';
import type { CheckParams } from './params.ts';
import type { LandfillRow } from './types.ts';

export interface StationLoad {
  x: number;
  y: number;
  tpd: number;
}

export function landfillLife(landfills: MetricLayer, loads: StationLoad[], params: CheckParams): LandfillRow[] {
  const order = Array.from({ length: landfills.size }, (_, i) => i).sort((a, b) => compareIds(landfills.features[a].id, landfills.features[b].id));
  const receiving = order.filter((l) => text(landfills.features[l], 'status') === 'operating');
  const delivered = new Map<number, number>();
  for (const s of loads) {
    let best = -1;
    let bestD = Infinity;
    for (const l of receiving) {
      const d = pointDistance(landfills.flat(l), s.x, s.y);
      if (d < bestD - TIE_EPS_M) {
        best = l;
        bestD = d;
      }
    }
    if (best >= 0) delivered.set(best, (delivered.get(best) ?? 0) + s.tpd);
  }
  return order.map((l) => {
    const f = landfills.features[l];
    const status = text(f, 'status');
    const remaining = numberProp(f, 'remaining_m3');
    const own = numberProp(f, 'daily_tpd');
    const tpd = status === 'closed' ? 0 : (own ?? delivered.get(l) ?? 0);
    const life = remaining === null || !(tpd > 0) ? null : (remaining * params.landfill_density_t_m3) / (tpd * 365);
    return {
      id: f.id,
      status,
      remaining_m3: remaining,
      daily_tpd: tpd,
      life_years: life,
      warning: life !== null && life < params.landfill_warn_years,
    };
  });
}
