// Shared areas of a ledger record with another layer: each path of pieceArea (convex clipping,
// two non-convex simple rings, JSTS for the rest) against areas worked out by hand.
import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { Geometry } from 'geojson';
import { gaussKrugerZone } from '../../service/geo/gauss-kruger.ts';
import { MetricContext } from '../../service/checks/metric-context.ts';
import { drawnArea, pieceArea } from '../../service/checks/quality-overlap.ts';
import type { CheckFeature } from '../../service/checks/types.ts';

const toLonLat = proj4(gaussKrugerZone(4549)!.proj4, 'WGS84');
const ring = (pts: [number, number][]) => [...pts, pts[0]].map(([x, y]) => toLonLat.forward([480_000 + x, 3_300_000 + y]));
const feat = (id: string, geometry: Geometry): CheckFeature => ({ id, props: { id }, geometry });
/** An L: [x, x+10] × [y, y+4] ∪ [x, x+4] × [y+4, y+10], area 64. */
const ell = (x: number, y: number): Geometry => ({ type: 'Polygon', coordinates: [ring([[x, y], [x + 10, y], [x + 10, y + 4], [x + 4, y + 4], [x + 4, y + 10], [x, y + 10]])] });
const square = (x: number, y: number, s: number): Geometry => ({ type: 'Polygon', coordinates: [ring([[x, y], [x + s, y], [x + s, y + s], [x, y + s]])] });

describe('pieceArea', () => {
  const ctx = new MetricContext(
    {
      ledger: [feat('A', ell(0, 0)), feat('Q', square(0, 0, 10)), feat('M', { type: 'MultiPolygon', coordinates: [[ring([[0, 0], [5, 0], [5, 5], [0, 5]])], [ring([[6, 0], [9, 0], [9, 9], [6, 9]])]] })],
      footprints: [feat('B', ell(2, 1)), feat('S', square(3, 3, 4))],
    },
    null,
  );
  const ledger = ctx.layer('ledger');
  const footprints = ctx.layer('footprints');

  it('two non-convex rings: A ∩ B = 8 × 3 + 2 × 1 + 2 × 5 = 36', () => {
    expect(drawnArea(ledger, 0)).toBeCloseTo(64, 6);
    expect(pieceArea(ledger, 0, footprints, 0)).toBeCloseTo(36, 6);
  });

  it('a convex side is clipped: L ∩ [3,7]² = [3,7] × [3,4] + [3,4] × [4,7] = 4 + 3 = 7', () => {
    expect(pieceArea(ledger, 0, footprints, 1)).toBeCloseTo(7, 6);
    // [0,10]² ∩ L(2,1) = [2,10] × [1,5] + [2,6] × [5,10] = 32 + 20 = 52.
    expect(pieceArea(ledger, 1, footprints, 0)).toBeCloseTo(52, 6);
  });

  it('a MultiPolygon of parts apart is summed part by part: ([0,5]² ∪ [6,9]×[0,9]) ∩ [3,7]² = 2 × 2 + 1 × 4 = 8', () => {
    expect(drawnArea(ledger, 2)).toBeCloseTo(25 + 27, 6);
    expect(pieceArea(ledger, 2, footprints, 1)).toBeCloseTo(8, 6);
  });
});
