// Small builders shared by the store and API tests: square features and an import-style report.
import type { LayerFeature, LayerName } from '../service/layers/schema.ts';

export function square(lon: number, lat: number, size = 0.0001): LayerFeature['geometry'] {
  return {
    type: 'Polygon',
    coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
  };
}

export async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export function report(layer: LayerName, read: number, rejected = 0) {
  return { file: `${layer}.geojson`, layer, read, loaded: 0, rejected, repaired: 0, problems: [] };
}

export function patch(i: number, batch: string, extra: Partial<LayerFeature['props']> = {}): LayerFeature {
  return {
    index: i,
    geometry: square(119.8 + i * 0.001, 28.9),
    props: { id: `P${i}`, batch, detected_on: '2024-03-01', before_on: null, change_type: 'construction', township: '熟溪街道', ...extra },
    extra: { 监测编号: `330723${i}` },
  };
}
