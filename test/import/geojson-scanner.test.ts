import { describe, expect, it } from 'vitest';
import { GeoJsonScanner, ScanError } from '../../service/import/geojson-scanner.ts';

/** Runs the scanner over `text` cut into pieces of `step` bytes (1 = every byte boundary). */
function scan(text: string, step: number) {
  const features: unknown[] = [];
  const members: Record<string, unknown> = {};
  const firsts: number[] = [];
  const s = new GeoJsonScanner({
    features: (v, first) => {
      firsts.push(first);
      features.push(...v);
    },
    member: (k, v) => (members[k] = v),
  });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += step) s.push(Buffer.from(bytes.subarray(i, i + step)));
  s.end();
  return { features, members, firsts };
}

// Strings holding quotes, escaped backslashes, braces and brackets must not move the depth.
const TRICKY = [
  { type: 'Feature', properties: { name: 'a "quoted" {brace} [bracket]', path: 'C:\\dir\\', 中文: '乡镇' }, geometry: { type: 'Point', coordinates: [120, 30] } },
  { type: 'Feature', properties: { note: '\\"', empty: '' }, geometry: null },
  { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
];
const DOC = JSON.stringify({ type: 'FeatureCollection', name: 'x', crs: { type: 'name', properties: { name: 'EPSG:4549' } }, features: TRICKY, bbox: [0, 0, 1, 1] }, null, 2);

describe('GeoJsonScanner', () => {
  it.each([1, 2, 3, 7, 64, 100000])('cuts the same features at every chunk size (%i bytes)', (step) => {
    const { features, members } = scan(DOC, step);
    expect(features).toEqual(TRICKY);
    expect(members).toEqual({ type: 'FeatureCollection', name: 'x', crs: { type: 'name', properties: { name: 'EPSG:4549' } }, bbox: [0, 0, 1, 1] });
  });

  it('numbers features in order across batches', () => {
    const { firsts, features } = scan(DOC, 1);
    expect(features).toHaveLength(3);
    expect(firsts[0]).toBe(0);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });

  it('accepts a UTF-8 BOM and reads a lone Feature as members', () => {
    const { features, members } = scan('\uFEFF' + JSON.stringify(TRICKY[0]), 5);
    expect(features).toEqual([]);
    expect(members.type).toBe('Feature');
    expect(members.properties).toEqual(TRICKY[0].properties);
  });

  it.each([
    ['truncated', DOC.slice(0, 300), /truncated/],
    ['truncated inside a string', DOC.slice(0, DOC.indexOf('quoted')), /truncated/],
    ['empty', '', /empty/],
    ['not an object', '[1, 2]', /expected "\{"/],
    ['garbage after the object', DOC + ' x', /unexpected content/],
    ['a feature that is not an object', '{"type":"FeatureCollection","features":[1]}', /feature 0 is not an object/],
    ['a malformed feature', '{"type":"FeatureCollection","features":[{"a":1},{"a":}]}', /malformed JSON in feature 1/],
  ])('fails on %s', (_name, text, message) => {
    expect(() => scan(text, 16)).toThrow(ScanError);
    expect(() => scan(text, 16)).toThrow(message);
  });
});
