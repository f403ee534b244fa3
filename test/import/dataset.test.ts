import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Point } from 'geojson';
import { detectLayerFiles, openLayerFile, readDatasetJson } from '../../service/import/index.ts';
import { IN, metresBetween } from './helpers.ts';

const DIR = join(IN, 'dataset');

describe('dataset directories', () => {
  it('finds every <layer>.<ext> in schema order, ignoring other files', async () => {
    expect(await detectLayerFiles(DIR)).toEqual([
      { layer: 'ledger', path: join(DIR, 'ledger.zip') },
      { layer: 'transfer_stations', path: join(DIR, 'transfer_stations.csv') },
    ]);
  });

  it('reads dataset.json and keeps run parameters', async () => {
    const config = await readDatasetJson(DIR);
    expect(config).toEqual({
      name: '测试县',
      layer_crs: { transfer_stations: 'GCJ02' },
      field_map: { transfer_stations: { 站点代码: 'id' } },
      coverage_radius_m: 800,
    });
    expect(await readDatasetJson(IN)).toEqual({});
  });

  it('loads a CSV with the CRS and field map the dataset declares', async () => {
    const config = await readDatasetJson(DIR);
    const fieldMap = (config.field_map as Record<string, Record<string, string>>).transfer_stations;
    const { report, features } = await openLayerFile(join(DIR, 'transfer_stations.csv'), { layer: 'transfer_stations', crs: config.layer_crs?.transfer_stations, fieldMap });
    const out = [];
    for await (const f of features) out.push(f);
    expect(report).toMatchObject({ crs: 'GCJ02', loaded: 2, rejected: 0 });
    expect(out[0].props.id).toBe('T1');
    expect(metresBetween((out[0].geometry as Point).coordinates, [120.16, 30.27])).toBeLessThan(1);
  });
});
