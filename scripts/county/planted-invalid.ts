// Ledger records with broken polygons, as surveyors' files have them, so the loader's repair path
// shows in its report: a bow-tie (self-intersection → two triangles under ST_MakeValid), a ring
// that is not closed, and an exterior ring wound clockwise.
import type { Polygon } from 'geojson';
import { local } from './shapes.ts';
import type { Manifest } from './manifest.ts';
import type { PlantKit, Slot } from './planted-kit.ts';

const POST = { status: 'pending' as const, built_on: '2022-03-01', recorded_on: '2022-07-19' };

export function plantInvalid(kit: PlantKit, slot: () => Slot, manifest: Manifest): void {
  let s = slot();
  const f = s.frame;
  const bowTie: Polygon = { type: 'Polygon', coordinates: [[local(f, 0, 0), local(f, 10, 10), local(f, 10, 0), local(f, 0, 10), local(f, 0, 0)]] };
  let id = kit.ledgerGeometry(s, bowTie, { u0: 0, v0: 0, u1: 10, v1: 10 }, POST);
  manifest.add({ check: 'load', situation: 'bow-tie ledger polygon (self-intersection)', ids: { ledger: [id] }, expect: { repaired: true, parts: 2, area_m2: 50 } });

  s = slot();
  const g = s.frame;
  const unclosed: Polygon = { type: 'Polygon', coordinates: [[local(g, 0, 0), local(g, 12, 0), local(g, 12, 8), local(g, 0, 8)]] };
  id = kit.ledgerGeometry(s, unclosed, { u0: 0, v0: 0, u1: 12, v1: 8 }, POST);
  manifest.add({ check: 'load', situation: 'unclosed ring (last point ≠ first)', ids: { ledger: [id] }, expect: { repaired: true, area_m2: 96 } });

  s = slot();
  const h = s.frame;
  const clockwise: Polygon = { type: 'Polygon', coordinates: [[local(h, 0, 0), local(h, 0, 9), local(h, 11, 9), local(h, 11, 0), local(h, 0, 0)]] };
  id = kit.ledgerGeometry(s, clockwise, { u0: 0, v0: 0, u1: 11, v1: 9 }, POST);
  manifest.add({ check: 'load', situation: 'exterior ring wound clockwise', ids: { ledger: [id] }, expect: { repaired: true, area_m2: 99 } });
}
