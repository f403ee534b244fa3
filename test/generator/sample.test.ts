// The committed sample (data/sample, made by `npm run generate:sample`) against docs/spec/layers.md and the
// counts and mixes the generator is meant to produce.
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import { LAYER_NAMES, LAYERS, type LayerName } from '../../service/layers/schema.ts';
import { COUNTY_BBOX } from '../../scripts/county/frame.ts';
import { TOWNSHIPS } from '../../scripts/county/names.ts';
import { allPositions, readLayer, SAMPLE_DIR } from './helpers.ts';

const layers = Object.fromEntries(LAYER_NAMES.map((l) => [l, readLayer(SAMPLE_DIR, l)])) as Record<LayerName, FeatureCollection>;
const props = (l: LayerName) => layers[l].features.map((f) => f.properties as Record<string, unknown>);
const count = (l: LayerName) => layers[l].features.length;
const tally = (l: LayerName, key: string) => {
  const t: Record<string, number> = {};
  for (const p of props(l)) t[String(p[key])] = (t[String(p[key])] ?? 0) + 1;
  return t;
};

describe('committed sample: every layer follows docs/spec/layers.md', () => {
  // Problems are collected as text and compared with [] once: an expect() per vertex of 30,000
  // footprints would take a minute.
  it.each(LAYER_NAMES)('%s: geometry kinds, required and known properties', (layer) => {
    const def = LAYERS[layer];
    const known = new Set(def.props.map((p) => p.name));
    const problems: string[] = [];
    expect(count(layer)).toBeGreaterThan(0);
    layers[layer].features.forEach((f: Feature, i) => {
      const at = `${layer}[${i}]`;
      if (f.type !== 'Feature') problems.push(`${at}: type ${f.type}`);
      if (!def.geometry.includes(f.geometry.type as never)) problems.push(`${at}: geometry ${f.geometry.type}`);
      const p = f.properties as Record<string, unknown>;
      for (const d of def.props) {
        const v = p[d.name];
        if (d.required && (v === undefined || v === null || v === '')) problems.push(`${at}.${d.name} missing`);
        if (v === undefined || v === null) continue;
        if (d.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(v))) problems.push(`${at}.${d.name} = ${v} is not a date`);
        if (d.type === 'number' && typeof v !== 'number') problems.push(`${at}.${d.name} = ${v} is not a number`);
        if (d.positive && !((v as number) > 0)) problems.push(`${at}.${d.name} = ${v} is not > 0`);
        if (d.strictEnum && !d.values!.includes(String(v))) problems.push(`${at}.${d.name} = ${v} is not one of ${d.values}`);
      }
      for (const k of Object.keys(p)) if (!known.has(k)) problems.push(`${at}: unknown property ${k}`);
    });
    expect(problems).toEqual([]);
  });

  it.each(LAYER_NAMES)('%s: ids unique, coordinates inside the county box with ≤ 7 decimals', (layer) => {
    const key = LAYERS[layer].idProp;
    const ids = props(layer).map((p) => String(p[key]));
    expect(new Set(ids).size).toBe(ids.length);
    const problems: string[] = [];
    layers[layer].features.forEach((f, i) => {
      for (const [lon, lat] of allPositions(f.geometry)) {
        if (lon < COUNTY_BBOX.west || lon > COUNTY_BBOX.east || lat < COUNTY_BBOX.south || lat > COUNTY_BBOX.north) {
          problems.push(`${layer}[${i}]: ${lon},${lat} outside the county box`);
        }
        if (Math.round(lon * 1e7) / 1e7 !== lon || Math.round(lat * 1e7) / 1e7 !== lat) problems.push(`${layer}[${i}]: ${lon},${lat} has > 7 decimals`);
      }
    });
    expect(problems).toEqual([]);
  });

  it('dataset.json names the sample and its baseline', () => {
    const ds = JSON.parse(readFileSync(join(SAMPLE_DIR, 'dataset.json'), 'utf8'));
    expect(ds.name).toBe('武义县 (sample)');
    expect(ds.baseline_on).toBe('2013-04-01');
  });

  it('stays under 20 MB in all', () => {
    const total = readdirSync(SAMPLE_DIR).reduce((n, f) => n + statSync(join(SAMPLE_DIR, f)).size, 0);
    expect(total).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('committed sample: counts and mixes it is meant to have', () => {
  it('has the 18 real townships of 武义县', () => {
    expect(props('townships').map((p) => p.name).sort()).toEqual(TOWNSHIPS.map((t) => t.name).sort());
  });

  it('has about 30,000 footprints with uses and structures', () => {
    expect(count('footprints')).toBeGreaterThan(28_000);
    expect(count('footprints')).toBeLessThan(32_000);
    expect(Object.keys(tally('footprints', 'use'))).toEqual(expect.arrayContaining(['residential', 'enterprise', 'commercial', 'public', 'other']));
  });

  it('has a ledger of about 3,000 records in every status, some MultiPolygons and invalid rings', () => {
    expect(count('ledger')).toBeGreaterThan(2_500);
    expect(count('ledger')).toBeLessThan(3_500);
    const status = tally('ledger', 'status');
    for (const s of ['pending', 'demolished', 'retained', 'permitted', 'deferred']) expect(status[s], s).toBeGreaterThan(100);
    expect(status.pending).toBeGreaterThan(status.demolished);
    expect(layers.ledger.features.filter((f) => f.geometry.type === 'MultiPolygon').length).toBeGreaterThan(10);
    const unclosed = layers.ledger.features.filter((f) => {
      if (f.geometry.type !== 'Polygon') return false;
      const r = f.geometry.coordinates[0];
      return r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1];
    });
    expect(unclosed.length).toBe(1);
    const empty = props('ledger').filter((p) => p.built_on === null).length;
    expect(empty / count('ledger')).toBeGreaterThan(0.2);
    for (const p of props('ledger')) {
      if (p.built_on) expect(p.built_on).toMatch(/-01$/);
      expect((p.recorded_on as string) >= '2010-01-01' && (p.recorded_on as string) <= '2024-12-31').toBe(true);
      expect(Boolean(p.demolished_on)).toBe(p.status === 'demolished');
    }
  });

  it('has two patch batches of a few hundred, dated in their quarter, with every change type', () => {
    const batches = tally('patches', 'batch');
    expect(Object.keys(batches).sort()).toEqual(['2024Q1', '2024Q2']);
    for (const n of Object.values(batches)) expect(n).toBeGreaterThan(200);
    for (const p of props('patches')) {
      const [from, to] = p.batch === '2024Q1' ? ['2024-01-01', '2024-03-31'] : ['2024-04-01', '2024-06-30'];
      expect((p.detected_on as string) >= from && (p.detected_on as string) <= to, String(p.id)).toBe(true);
      const gap = (Date.parse(p.detected_on as string) - Date.parse(p.before_on as string)) / 86_400_000;
      expect(gap).toBeGreaterThanOrEqual(89);
      expect(gap).toBeLessThanOrEqual(95);
      expect(String(p.id).startsWith('330723')).toBe(true);
    }
    const types = tally('patches', 'change_type');
    expect(types.construction).toBeGreaterThan(types.expansion);
    for (const t of ['expansion', 'land_clearing', 'removal']) expect(types[t], t).toBeGreaterThan(10);
  });

  it('has permits, fire lanes of 3.5, 4, 6 and 7 m, and one without width', () => {
    expect(count('permits')).toBeGreaterThan(200);
    const widths = tally('fire_lanes', 'width_m');
    for (const w of ['3.5', '4', '6', '7']) expect(widths[w], w).toBeGreaterThan(10);
    expect(widths.undefined).toBe(1);
    expect(widths['4']).toBeGreaterThan(widths['6']);
  });

  it('has ≥ 7 transfer stations of 20–400 t/d in every status and landfills operating, closing, closed', () => {
    expect(count('transfer_stations')).toBeGreaterThanOrEqual(7);
    for (const p of props('transfer_stations')) {
      expect(p.capacity_tpd as number).toBeGreaterThanOrEqual(20);
      expect(p.capacity_tpd as number).toBeLessThanOrEqual(400);
    }
    expect(Object.keys(tally('transfer_stations', 'status')).sort()).toEqual(['closed', 'operating', 'planned', 'upgrading']);
    expect(Object.keys(tally('landfills', 'status')).sort()).toEqual(['closed', 'closing', 'operating']);
  });

  it('has a few hundred demand units, points and polygons, some weighed', () => {
    expect(count('demand')).toBeGreaterThan(200);
    expect(count('demand')).toBeLessThan(800);
    const kinds = new Set(layers.demand.features.map((f) => f.geometry.type));
    expect([...kinds].sort()).toEqual(['Point', 'Polygon']);
    const weighed = props('demand').filter((p) => typeof p.waste_tpd === 'number').length;
    expect(weighed).toBeGreaterThan(10);
    for (const p of props('demand')) expect(p.population as number).toBeGreaterThan(0);
  });

  it('has tens of candidates of 50–600 t/d', () => {
    expect(count('candidates')).toBeGreaterThanOrEqual(20);
    expect(count('candidates')).toBeLessThan(100);
    for (const p of props('candidates')) {
      expect(p.capacity_tpd as number).toBeGreaterThanOrEqual(50);
      expect(p.capacity_tpd as number).toBeLessThanOrEqual(600);
    }
  });

  it('ships PLANTED.md and PLANTED.json', () => {
    expect(existsSync(join(SAMPLE_DIR, 'PLANTED.md'))).toBe(true);
    const planted = JSON.parse(readFileSync(join(SAMPLE_DIR, 'PLANTED.json'), 'utf8'));
    const checks = new Set(planted.cases.map((c: { check: string }) => c.check));
    expect([...checks].sort()).toEqual(['coverage', 'fire', 'load', 'patches', 'siting', 'spacing']);
  });
});

describe('committed sample: roads', () => {
  it('form one connected network that every transfer station can drive', async () => {
    const { MetricContext } = await import('../../service/checks/metric-context.ts');
    const { RoadNetwork } = await import('../../service/checks/road-network.ts');
    const asCheck = (l: LayerName) => layers[l].features.map((f) => ({ id: String(f.properties!.id), props: f.properties as Record<string, string>, geometry: f.geometry }));
    const ctx = new MetricContext({ roads: asCheck('roads') }, 'EPSG:4549');
    const net = new RoadNetwork(ctx.layer('roads'));
    expect(count('roads')).toBeGreaterThan(50);
    const from = net.nearest(net.nodeX[0], net.nodeY[0])!;
    const dist = net.fromPoint(from);
    expect(dist.every(Number.isFinite)).toBe(true);
  });
});
