// The measuring tool's figures, against values worked out by hand on turf's sphere of
// R = 6 371 008.8 m: length by haversine (1° of the equator = R·π/180 = 111 195.080 m), area as
// on the sphere (a 0.01° square on the equator = R²·Δλ·sin(0.01°) = 1 236 434.58 m²).
import { describe, expect, it } from 'vitest';
import { formatArea, formatLength, measure, measureShapes, pathLength, ringArea } from '../../viewer/src/lib/measure.ts';

const SQUARE = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01]];

describe('measuring', () => {
  it('measures a path along the equator and through a bend', () => {
    expect(pathLength([[0, 0], [1, 0]])).toBeCloseTo(111_195.08, 1);
    // Out and back: twice the leg.
    expect(pathLength([[0, 0], [0.5, 0], [0, 0]])).toBeCloseTo(111_195.08, 1);
    expect(pathLength([[0, 0]])).toBe(0);
  });

  it('measures the area and perimeter of a closed ring (closing it itself)', () => {
    expect(ringArea(SQUARE)).toBeCloseTo(1_236_434.58, 0);
    const m = measure(SQUARE, 'area');
    expect(m.area).toBeCloseTo(1_236_434.58, 0);
    expect(m.length).toBeCloseTo(4 * 1_111.9508, 1);
    expect(ringArea(SQUARE.slice(0, 2))).toBe(0);
    expect(measure(SQUARE, 'length')).toEqual({ mode: 'length', length: pathLength(SQUARE), area: 0 });
  });

  it('says lengths in metres under 1 km and kilometres above, in both languages', () => {
    expect(formatLength(56.78, 'en')).toBe('56.8 m');
    expect(formatLength(523.44, 'zh')).toBe('523 米');
    expect(formatLength(1234.6, 'en')).toBe('1.235 km');
    expect(formatLength(111_195.08, 'zh')).toBe('111.195 公里');
  });

  it('says areas in square metres under 1 ha and hectares above, in both languages', () => {
    expect(formatArea(42.25, 'en')).toBe('42.3 m²');
    expect(formatArea(5000, 'en')).toBe('5,000 m²');
    expect(formatArea(9999.4, 'zh')).toBe('9,999 平方米');
    expect(formatArea(1_236_434.58, 'zh')).toBe('123.6435 公顷');
  });

  it('draws vertices, the path, and in area mode the closed ring and its fill', () => {
    const kinds = (fc: ReturnType<typeof measureShapes>) => fc.features.map((f) => f.properties?.kind);
    expect(kinds(measureShapes(SQUARE.slice(0, 1), 'length'))).toEqual(['vertex']);
    expect(kinds(measureShapes(SQUARE, 'length'))).toEqual(['vertex', 'vertex', 'vertex', 'vertex', 'line']);
    const area = measureShapes(SQUARE, 'area');
    expect(kinds(area)).toEqual(['vertex', 'vertex', 'vertex', 'vertex', 'line', 'fill']);
    const ring = area.features[4].geometry as { coordinates: number[][] };
    expect(ring.coordinates.at(-1)).toEqual(ring.coordinates[0]);
  });
});
