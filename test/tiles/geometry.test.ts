// Clip, simplify and render stages on hand-made tile-unit geometry, with values worked out by hand.
import { describe, expect, it } from 'vitest';
import { clipLine, clipRing } from '../../service/tiles/clip.ts';
import { simplifyLine, simplifyRing } from '../../service/tiles/simplify.ts';
import { renderLayer, signedArea } from '../../service/tiles/render.ts';
import type { ProjectedFeature } from '../../service/tiles/project.ts';

const params = { extent: 4096, buffer: 64, tolerance: 0, minArea: 0 };

function polygonFeature(id: number, rings: number[][]): ProjectedFeature {
  const xs = rings[0].filter((_, i) => i % 2 === 0);
  const ys = rings[0].filter((_, i) => i % 2 === 1);
  return {
    feature: { id, geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
    type: 3, points: [], lines: [], polygons: [rings], area: Math.abs(signedArea(rings[0])), projector: null,
    minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys),
  };
}

describe('clip', () => {
  it('cuts a square overhanging the right edge at the buffer line', () => {
    // 4000..4300 × 100..200 against [-64, 4160]
    expect(clipRing([4000, 100, 4300, 100, 4300, 200, 4000, 200], -64, 4160)).toEqual([4000, 100, 4160, 100, 4160, 200, 4000, 200]);
  });

  it('returns nothing for a ring wholly outside', () => {
    expect(clipRing([5000, 0, 5100, 0, 5100, 100], -64, 4160)).toEqual([]);
  });

  it('splits a line that leaves and comes back', () => {
    // Up out of the top at x=100 (y -64) and back down at x=300.
    const parts = clipLine([0, 100, 100, -200, 200, -200, 300, 100], -64, 4160);
    expect(parts.length).toBe(2);
    expect(parts[0][0]).toBe(0);
    expect(parts[0][2]).toBeCloseTo(100 * (164 / 300), 9); // x where y = -64 on 0,100 → 100,-200
    expect(parts[0][3]).toBe(-64);
    expect(parts[1][parts[1].length - 2]).toBe(300);
  });
});

describe('simplify', () => {
  it('drops a point 1 unit off a straight line at tolerance 2, keeps it at 0.5', () => {
    expect(simplifyLine([0, 0, 50, 1, 100, 0], 4)).toEqual([0, 0, 100, 0]);
    expect(simplifyLine([0, 0, 50, 1, 100, 0], 0.25)).toEqual([0, 0, 50, 1, 100, 0]);
  });

  it('keeps the four corners of a square with midpoints on its sides', () => {
    const ring = [0, 0, 50, 0, 100, 0, 100, 50, 100, 100, 50, 100, 0, 100, 0, 50];
    expect(simplifyRing(ring, 1)).toEqual([0, 0, 100, 0, 100, 100, 0, 100]);
  });
});

describe('render', () => {
  it('winds an anticlockwise exterior clockwise and its clockwise hole anticlockwise', () => {
    const outer = [0, 0, 0, 100, 100, 100, 100, 0]; // anticlockwise on screen (y down)
    const hole = [20, 20, 40, 20, 40, 40, 20, 40]; // clockwise on screen
    expect(signedArea(outer)).toBe(-10000);
    const [f] = renderLayer([polygonFeature(1, [outer, hole])], null, params, { merged: 0, mergedSquares: 0 });
    expect(signedArea(f.parts[0])).toBe(10000);
    expect(signedArea(f.parts[1])).toBe(-400);
  });

  it('drops a ring that snaps to a line', () => {
    const sliver = [10, 10, 20, 10.2, 30, 10.4];
    expect(renderLayer([polygonFeature(1, [sliver])], null, params, { merged: 0, mergedSquares: 0 })).toEqual([]);
  });

  it('merges tiny polygons into one square per minArea of accumulated area', () => {
    // Ten 4×4 squares (16 units² each) against minArea 64: 160 units² → two 8×8 squares.
    const tiny = Array.from({ length: 10 }, (_, i) => polygonFeature(i + 1, [[i * 100, 0, i * 100 + 4, 0, i * 100 + 4, 4, i * 100, 4]]));
    const stats = { merged: 0, mergedSquares: 0 };
    const out = renderLayer(tiny, null, { ...params, minArea: 64 }, stats);
    expect(stats).toEqual({ merged: 10, mergedSquares: 2 });
    expect(out.map((f) => f.feature.id)).toEqual([4, 8]);
    expect(Array.from(out[0].parts[0])).toEqual([298, -2, 306, -2, 306, 6, 298, 6]);
    expect(signedArea(out[0].parts[0])).toBe(64);
  });
});
