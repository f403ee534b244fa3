// Reading the layers a check needs out of the store, as the engine's in-memory CheckData.
import type { CheckData, CheckFeature } from '../checks/index.ts';
import { checkOf, type CheckName } from '../checks/registry/index.ts';
import type { Store } from '../store/index.ts';

export async function loadCheckData(store: Store, check: CheckName): Promise<CheckData> {
  const data: CheckData = {};
  for (const layer of checkOf(check).layers) {
    const features: CheckFeature[] = [];
    for await (const f of store.read(layer)) features.push({ id: f.id, props: f.props, geometry: f.geometry });
    data[layer] = features;
  }
  return data;
}
