// Planted fire-separation pairs (docs/spec/checks.md §2, second half): a standing ledger record B and one
// neighbour N facing it across a gap along u, one pair per slot, so the gap is the distance and
// the table gives the required spacing. B's own footprint (same polygon) intersects B and so is
// never its neighbour.
import type { BuildingAttrs } from './world.ts';
import type { Manifest } from './manifest.ts';
import type { PlantKit, Slot } from './planted-kit.ts';

type A = Omit<Partial<BuildingAttrs>, 'structure'> & { structure?: BuildingAttrs['structure'] | null };
const POST = { status: 'pending' as const, built_on: '2019-04-01', recorded_on: '2019-10-10' };
const civil = (structure: BuildingAttrs['structure'] | null, floors = 3, height_m = floors * 3.1): A => ({ use: 'residential', structure, floors, height_m });
const works = (structure: BuildingAttrs['structure'], floors = 1, height_m = 8): A => ({ use: 'enterprise', structure, floors, height_m });

export function plantSpacing(kit: PlantKit, slot: () => Slot, manifest: Manifest): void {
  const pair = (situation: string, b: A, n: A, gap: number, required: number | null) => {
    const s = slot();
    const size = b.use === 'enterprise' ? 30 : 10;
    const bId = kit.ledger(s, -gap / 2 - size, -size / 2, -gap / 2, size / 2, { ...POST, attrs: b });
    const bFoot = kit.footprintOf(bId);
    const nId = kit.footprint(s, gap / 2, -size / 2, gap / 2 + size, size / 2, n);
    manifest.add({
      check: 'spacing',
      situation,
      ids: { ledger: [bId], footprints: [nId, bFoot] },
      expect:
        required === null
          ? { reported: false, note: `gap ${gap} m meets the rule` }
          : { building_id: bId, neighbor_id: nId, neighbor_layer: 'footprints', spacing_m: gap, required_m: required, violations: 1 },
    });
  };

  pair('civil I/II–I/II: 5 m < 6 m', civil('concrete'), civil('concrete'), 5, 6);
  pair('civil I/II–I/II at 6.5 m: no violation', civil('concrete'), civil('steel_frame'), 6.5, null);
  pair('civil I/II–III: 6 m < 7 m', civil('concrete'), civil('brick'), 6, 7);
  pair('civil I/II–IV: 8 m < 9 m', civil('steel_frame'), civil('timber', 2), 8, 9);
  pair('civil III–III: 7.5 m < 8 m', civil('brick'), civil('brick'), 7.5, 8);
  pair('civil III–IV: 9 m < 10 m', civil('brick'), civil('simple', 1), 9, 10);
  pair('civil IV–IV: 11 m < 12 m', civil('steel_shed', 1), civil('timber', 2), 11, 12);
  pair('civil one high-rise (12 floors) vs I/II: 8 m < 9 m', civil('concrete', 12), civil('concrete'), 8, 9);
  pair('civil one high-rise vs III: 10 m < 11 m', civil('concrete', 14), civil('brick'), 10, 11);
  pair('civil one high-rise vs IV: 13 m < 14 m', civil('concrete', 11), civil('steel_shed', 1), 13, 14);
  pair('civil high-rise by height only (8 floors, 28 m) vs I/II: 8.5 m < 9 m', civil('concrete', 8, 28), civil('concrete'), 8.5, 9);
  pair('civil 9 floors, 27.0 m is not high-rise: 7 m ≥ 6 m', civil('concrete', 9, 27), civil('concrete'), 7, null);
  pair('civil both high-rise: 12 m < 13 m', civil('concrete', 16), civil('concrete', 10), 12, 13);
  pair('civil, B structure unknown (→ I/II): 5.5 m < 6 m', civil(null), civil('concrete'), 5.5, 6);
  pair('enterprise I/II pair: 9 m < 10 m', works('steel_frame'), works('concrete', 4, 18), 9, 10);
  pair('enterprise I/II + III: 11 m < 12 m', works('concrete', 3, 14), works('brick', 2), 11, 12);
  pair('enterprise I/II + IV: 13 m < 14 m', works('steel_frame'), works('steel_shed'), 13, 14);
  pair('enterprise III + IV: 15 m < 16 m', works('brick', 2), works('steel_shed'), 15, 16);
  pair('enterprise IV + IV: 17 m < 18 m', works('steel_shed'), works('steel_shed'), 17, 18);
  pair('enterprise high-rise (10 floors) + I/II: 12 m < 13 m', works('concrete', 10, 40), works('steel_frame'), 12, 13);
  pair('enterprise high-rise + IV: 16 m < 17 m (13 + 4)', works('concrete', 10, 40), works('steel_shed'), 16, 17);
  pair('enterprise IV beside a civil III (civil rule): 9 m < 10 m', works('steel_shed'), civil('brick'), 9, 10);

  // The neighbour is another ledger record (built 2023, after the footprint survey).
  {
    const s = slot();
    const b = kit.ledger(s, -13, -5, -3, 5, { ...POST, attrs: civil('concrete') });
    const bFoot = kit.footprintOf(b);
    const n = kit.ledger(s, 3, -5, 13, 5, { status: 'pending', built_on: '2023-05-01', recorded_on: '2023-09-12', attrs: civil('brick', 2) });
    manifest.add({
      check: 'spacing',
      situation: 'neighbour is a ledger record not in footprints: 6 m < 7 m',
      ids: { ledger: [b, n], footprints: [bFoot] },
      expect: { building_id: b, neighbor_id: n, neighbor_layer: 'ledger', spacing_m: 6, required_m: 7, violations: 1, also: `${n} is reported too: violations 2 (${b} and its footprint ${bFoot}, both 6 m of 7), worst ${bFoot} (footprints: tie, smaller id)` },
    });
  }

  // Several neighbours: the worst is the largest shortfall, not the nearest.
  {
    const s = slot();
    const b = kit.ledger(s, -5, -5, 5, 5, { ...POST, attrs: civil('brick') });
    const bFoot = kit.footprintOf(b);
    const n1 = kit.footprint(s, 11.5, -5, 21.5, 5, civil('concrete')); // 6.5 m, needs 7: short 0.5
    const n2 = kit.footprint(s, -5, 13, 5, 23, civil('steel_shed', 1)); // 8 m, needs 10: short 2
    const n3 = kit.footprint(s, -24, -5, -14, 5, civil('brick')); // 9 m, needs 8: fine
    manifest.add({
      check: 'spacing',
      situation: 'three neighbours: 6.5 m of 7, 8 m of 10, 9 m of 8 — worst is the 2 m shortfall',
      ids: { ledger: [b], footprints: [n1, n2, n3, bFoot] },
      expect: { building_id: b, neighbor_id: n2, neighbor_layer: 'footprints', spacing_m: 8, required_m: 10, violations: 2 },
    });
  }

  // A demolished record 3 m away does not count.
  {
    const s = slot();
    const b = kit.ledger(s, -13, -5, -3, 5, { ...POST, attrs: civil('concrete') });
    const bFoot = kit.footprintOf(b);
    const gone = kit.ledger(s, 0, -5, 10, 5, { status: 'demolished', built_on: '2018-01-01', recorded_on: '2018-05-05', demolished_on: '2022-02-02', attrs: civil('simple', 1) });
    manifest.add({
      check: 'spacing',
      situation: 'only neighbour is a demolished record 3 m away: not a neighbour',
      ids: { ledger: [b, gone], footprints: [bFoot] },
      expect: { reported: false },
    });
  }
}
