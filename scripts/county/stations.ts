// Transfer stations: the county's seven real ones are upgraded in place; here ten sites of mixed
// status around township seats. Capacities of most are set from the demand they end up serving,
// so utilisation is plausible; 王宅 is deliberately too small (overloaded).
import type { Position } from 'geojson';
import type { World } from './world.ts';
import type { StationSite } from './coverage-model.ts';

interface Plan {
  id: string;
  town: string;
  name: string;
  status: StationSite['status'];
  capacity?: number;
  radius?: number;
}

const PLANS: Plan[] = [
  { id: 'ZZ01', town: '白洋街道', name: '城东垃圾中转站', status: 'operating' },
  { id: 'ZZ02', town: '壶山街道', name: '城西垃圾中转站', status: 'operating' },
  { id: 'ZZ03', town: '桐琴镇', name: '桐琴镇垃圾中转站', status: 'upgrading' },
  { id: 'ZZ04', town: '泉溪镇', name: '泉溪镇垃圾中转站', status: 'operating' },
  { id: 'ZZ05', town: '王宅镇', name: '王宅镇垃圾中转站', status: 'operating', capacity: 20 },
  { id: 'ZZ06', town: '履坦镇', name: '履坦镇垃圾中转站', status: 'operating', radius: 5000 },
  { id: 'ZZ08', town: '茭道镇', name: '茭道镇垃圾中转站(停用)', status: 'closed', capacity: 30 },
  { id: 'ZZ09', town: '桃溪镇', name: '桃溪镇垃圾中转站', status: 'operating', radius: 2000 },
  { id: 'ZZ10', town: '大溪口乡', name: '大溪口乡垃圾中转站', status: 'planned', capacity: 50 },
];

export function placeStations(world: World): StationSite[] {
  const rng = world.rng;
  return PLANS.map((p) => {
    const seat = world.map.townships.find((t) => t.name === p.town)!.seat;
    const t = rng.range(0, 2 * Math.PI);
    const r = rng.range(300, 900);
    const at: Position = [seat[0] + r * Math.cos(t), seat[1] + r * Math.sin(t)];
    return { id: p.id, name: p.name, at, status: p.status, capacity_tpd: p.capacity ?? 0, service_radius_m: p.radius ?? null };
  });
}

/** Capacity from the assigned tonnage: 1.2–2.5 × load, in tens, within 20–400 t/d. */
export function sizeStations(world: World, stations: StationSite[], assigned: Map<string, number>): void {
  const rng = world.rng;
  for (const s of stations) {
    if (s.capacity_tpd > 0) continue;
    const load = assigned.get(s.id) ?? 0;
    s.capacity_tpd = Math.min(400, Math.max(20, Math.round((load * rng.range(1.2, 2.5)) / 10) * 10));
  }
}
