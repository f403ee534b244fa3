// The teardown list's data (Svelte 5 runes): the ledger, the latest fire run and the latest
// patches run. Read once per signed-in token and kept while the user switches tabs; read again
// after a run or a field update.
import type { FeatureCollection } from 'geojson';
import { app, showError } from './state.svelte.ts';
import { fetchCollection } from './features.ts';
import { latestDoc } from './runs.ts';
import type { FireDoc, PatchesDoc } from './teardown.ts';

class TeardownStore {
  ledger = $state.raw<FeatureCollection | null>(null);
  fire = $state.raw<FireDoc | null>(null);
  patches = $state.raw<PatchesDoc | null>(null);
  #loadedFor: string | null | undefined = undefined;

  async open(): Promise<void> {
    if (this.#loadedFor !== app.token) await this.load();
  }

  async load(): Promise<void> {
    this.#loadedFor = app.token;
    try {
      const [l, f, p] = await Promise.all([fetchCollection('ledger', app.token), latestDoc<FireDoc>('fire', app.token), latestDoc<PatchesDoc>('patches', app.token)]);
      this.ledger = l;
      this.fire = f;
      this.patches = p;
    } catch (err) {
      this.#loadedFor = undefined;
      showError(err);
    }
  }
}

export const teardown = new TeardownStore();
