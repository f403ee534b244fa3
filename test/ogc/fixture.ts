// The hand-made ledger of in/ledger.geojson loaded into an in-memory store, and the app around it.
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { Store } from '../../service/store/index.ts';
import { createApp } from '../../service/app.ts';
import type { LayerFeature, PropValue } from '../../service/layers/schema.ts';
import { report, stream } from '../helpers.ts';

export const LEDGER = JSON.parse(readFileSync(new URL('in/ledger.geojson', import.meta.url), 'utf8')) as FeatureCollection;

export async function ledgerApp() {
  const store = await Store.open(':memory:');
  const features: LayerFeature[] = LEDGER.features.map((f, index) => ({
    index,
    geometry: f.geometry,
    props: f.properties as Record<string, PropValue>,
    extra: {},
  }));
  await store.load('ledger', stream(features), report('ledger', features.length));
  const { app } = await createApp(store);
  return { store, app };
}

export const ids = (fc: { features: { id: string }[] }) => fc.features.map((f) => f.id).sort();
