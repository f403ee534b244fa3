// The facilities workspace's data (Svelte 5 runes): the latest coverage run, the candidate sites
// and the transfer stations. Read once per signed-in token and kept while the user switches
// tabs; read again after a siting run.
import type { FeatureCollection } from 'geojson';
import { app, showError } from './state.svelte.ts';
import { fetchCollection } from './features.ts';
import { latestDoc } from './runs.ts';
import type { CoverageDoc } from './facilities.ts';

class FacilitiesStore {
  doc = $state.raw<CoverageDoc | null>(null);
  candidates = $state.raw<FeatureCollection | null>(null);
  stations = $state.raw<FeatureCollection | null>(null);
  loaded = $state(false);
  #loadedFor: string | null | undefined = undefined;

  async open(): Promise<void> {
    if (this.#loadedFor !== app.token) await this.load();
  }

  async load(): Promise<void> {
    this.#loadedFor = app.token;
    try {
      const [d, c, s] = await Promise.all([latestDoc<CoverageDoc>('coverage', app.token), fetchCollection('candidates', app.token), fetchCollection('transfer_stations', app.token)]);
      this.doc = d;
      this.candidates = c;
      this.stations = s;
    } catch (err) {
      this.#loadedFor = undefined;
      showError(err);
    } finally {
      this.loaded = true;
    }
  }
}

export const facilities = new FacilitiesStore();
