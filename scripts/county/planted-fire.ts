// Planted fire-lane situations (docs/spec/checks.md §2, first half). Each slot has one straight lane along
// the slot's u axis through (−30, 0)–(30, 0) and one 10 m long record; the record's distance
// from the centre line sets the expected encroachment exactly: area = 10 × (w/2 − d).
import { local } from './shapes.ts';
import type { Manifest } from './manifest.ts';
import type { PlantKit, Slot } from './planted-kit.ts';

const POST = { status: 'pending' as const, built_on: '2020-05-01', recorded_on: '2021-03-03' };

export function plantFire(kit: PlantKit, slot: () => Slot, manifest: Manifest): void {
  const add = (situation: string, ids: Record<string, string[]>, expect: Record<string, unknown>) =>
    manifest.add({ check: 'fire', situation, ids, expect });
  const straight = (s: Slot, width: number) =>
    kit.lane({ type: 'LineString', coordinates: [local(s.frame, -30, 0), local(s.frame, 30, 0)] }, width);

  // Straddling the centre line of a 4 m lane: the lane is cut.
  let s = slot();
  let lane = straight(s, 4);
  let rec = kit.ledger(s, -5, -4, 5, 4, POST);
  add('blocked: record straddles the centre line of a 4 m lane', { ledger: [rec], fire_lanes: [lane] }, { encroach_area_m2: 40, distance_m: 0, remaining_width_m: 0, blocked: true });

  // 0.5 m from the centre of a 6 m lane: 3 + 0.5 = 3.5 m left.
  s = slot();
  lane = straight(s, 6);
  rec = kit.ledger(s, -5, 0.5, 5, 8.5, POST);
  add('blocked: record 0.5 m from the centre line of a 6 m lane', { ledger: [rec], fire_lanes: [lane] }, { encroach_area_m2: 25, distance_m: 0.5, remaining_width_m: 3.5, blocked: true });

  // A 3.5 m lane: anything reaching into it leaves < 4 m.
  s = slot();
  lane = straight(s, 3.5);
  rec = kit.ledger(s, -5, 1.5, 5, 9.5, POST);
  add('blocked: record 1.5 m from the centre of a 3.5 m lane', { ledger: [rec], fire_lanes: [lane] }, { encroach_area_m2: 2.5, distance_m: 1.5, remaining_width_m: 3.25, blocked: true });

  // Encroached but not blocked: outer edge of a 7 m lane.
  s = slot();
  lane = straight(s, 7);
  rec = kit.ledger(s, -5, 2.5, 5, 10.5, POST);
  add('encroached, not blocked: record 2.5 m from the centre of a 7 m lane', { ledger: [rec], fire_lanes: [lane] }, { encroach_area_m2: 10, distance_m: 2.5, remaining_width_m: 6, blocked: false });

  s = slot();
  lane = straight(s, 6);
  rec = kit.ledger(s, -5, 1.5, 5, 9.5, POST);
  add('encroached, not blocked: record 1.5 m from the centre of a 6 m lane', { ledger: [rec], fire_lanes: [lane] }, { encroach_area_m2: 15, distance_m: 1.5, remaining_width_m: 4.5, blocked: false });

  // Under min_encroach_area_m2: 10 m × 0.03 m = 0.3 m² inside a 4 m lane's corridor.
  s = slot();
  lane = straight(s, 4);
  rec = kit.ledger(s, -5, 1.97, 5, 9.97, POST);
  add('not reported: encroachment 0.3 m² < min_encroach_area_m2', { ledger: [rec], fire_lanes: [lane] }, { reported: false });

  // A demolished record across the lane no longer stands.
  s = slot();
  lane = straight(s, 4);
  rec = kit.ledger(s, -5, -4, 5, 4, { ...POST, status: 'demolished', demolished_on: '2023-07-13' });
  add('not reported: demolished record straddling a lane', { ledger: [rec], fire_lanes: [lane] }, { reported: false });

  // Beyond the flat end of the lane: within w/2 of the end point, but outside a flat-ended corridor.
  s = slot();
  lane = straight(s, 4);
  rec = kit.ledger(s, 30.5, -1, 40.5, 1, POST);
  add('not reported: record 0.5 m past the end of a 4 m lane (flat ends)', { ledger: [rec], fire_lanes: [lane] }, { reported: false });

  // A lane with a bend (and width absent: the default 4 m applies) cut by a record on its second leg.
  s = slot();
  const bent = kit.lane(
    { type: 'LineString', coordinates: [local(s.frame, -30, 0), local(s.frame, 10, 0), local(s.frame, 10, 40)] },
    null,
  );
  rec = kit.ledger(s, 6, 20, 14, 28, POST);
  add('blocked: record across the second leg of a bent lane without width_m (default 4 m)', { ledger: [rec], fire_lanes: [bent] }, { encroach_area_m2: 32, distance_m: 0, remaining_width_m: 0, blocked: true });

  // A MultiLineString lane: two parallel legs 30 m apart; a record 1 m from the second leg of 6 m.
  s = slot();
  const multi = kit.lane(
    {
      type: 'MultiLineString',
      coordinates: [
        [local(s.frame, -30, -15), local(s.frame, 30, -15)],
        [local(s.frame, -30, 15), local(s.frame, 30, 15)],
      ],
    },
    6,
  );
  rec = kit.ledger(s, -5, 16.2, 5, 24.2, POST);
  add('encroached, not blocked: record 1.2 m from one leg of a MultiLineString 6 m lane', { ledger: [rec], fire_lanes: [multi] }, { encroach_area_m2: 18, distance_m: 1.2, remaining_width_m: 4.2, blocked: false });
}
