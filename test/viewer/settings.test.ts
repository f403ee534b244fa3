import { describe, expect, it } from 'vitest';
import { basemapTileUrls, BASEMAP_STORAGE_KEY, loadBasemap, saveBasemap, validateBasemap } from '../../viewer/src/lib/settings.ts';

describe('basemap settings', () => {
  it('are off unless the user set them; a broken entry falls back to off', () => {
    expect(loadBasemap(undefined)).toEqual({ kind: 'none' });
    expect(loadBasemap({ getItem: () => null })).toEqual({ kind: 'none' });
    expect(loadBasemap({ getItem: () => '{not json' })).toEqual({ kind: 'none' });
    expect(loadBasemap({ getItem: () => '{"kind":"xyz","url":"ftp://x/{z}/{x}/{y}"}' })).toEqual({ kind: 'none' });
  });

  it('round-trip through storage', () => {
    const data: Record<string, string> = {};
    const storage = { getItem: (k: string) => data[k] ?? null, setItem: (k: string, v: string) => void (data[k] = v) };
    saveBasemap(storage, { kind: 'tianditu', tk: 'abcdef0123456789', layer: 'img' });
    expect(JSON.parse(data[BASEMAP_STORAGE_KEY])).toEqual({ kind: 'tianditu', tk: 'abcdef0123456789', layer: 'img' });
    expect(loadBasemap(storage)).toEqual({ kind: 'tianditu', tk: 'abcdef0123456789', layer: 'img' });
  });

  it('reject bad values with a message naming them', () => {
    expect(() => validateBasemap({ kind: 'tianditu', tk: 'a b' })).toThrow(/Tianditu key "a b"/);
    expect(() => validateBasemap({ kind: 'xyz', url: 'https://t.cn/{z}/{x}.png' })).toThrow(/lacks \{y\}/);
    expect(() => validateBasemap({ kind: 'google' })).toThrow(/basemap kind "google"/);
    expect(() => validateBasemap(null)).toThrow(/must be an object/);
  });

  it('make Tianditu Web-Mercator WMTS URLs over its eight hosts with the key', () => {
    const urls = basemapTileUrls({ kind: 'tianditu', tk: 'abcdef0123456789', layer: 'vec' });
    expect(urls).toHaveLength(8);
    expect(urls[0]).toBe(
      'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abcdef0123456789',
    );
    expect(urls[7]).toMatch(/^https:\/\/t7\.tianditu\.gov\.cn\//);
    expect(basemapTileUrls({ kind: 'none' })).toEqual([]);
  });
});
