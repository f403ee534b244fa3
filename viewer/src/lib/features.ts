// Whole layers as GeoJSON from the OGC items endpoint, page by page (10 000 a page), for the
// workspaces that need every record's properties and outline (queue, teardown list).
import type { FeatureCollection } from 'geojson';
import { api } from './api.ts';

export const PAGE = 10_000;

export async function fetchCollection(layer: string, token: string | null, fetchFn?: typeof fetch): Promise<FeatureCollection> {
  const out: FeatureCollection = { type: 'FeatureCollection', features: [] };
  for (let offset = 0; ; offset += PAGE) {
    const page = await api<FeatureCollection & { numberReturned?: number }>(`/collections/${layer}/items?limit=${PAGE}&offset=${offset}`, { token, fetchFn });
    out.features.push(...page.features);
    if (page.features.length < PAGE) return out;
  }
}
