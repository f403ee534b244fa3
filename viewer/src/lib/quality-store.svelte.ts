// The data-quality workspace's data (Svelte 5 runes): the latest quality run's findings with
// their dismissal state, its townships ranked by share, the ledger (for the records' outlines)
// and the dated images. Read once per signed-in token; read again after a run or an action.
import type { FeatureCollection } from 'geojson';
import { app, showError } from './state.svelte.ts';
import { api, ApiError } from './api.ts';
import { fetchCollection } from './features.ts';
import type { ImageryInfo } from './imagery.ts';
import type { Finding, QualityDoc } from './quality.ts';
import type { PhotoUpload } from './field-api.ts';

class QualityStore {
  findings = $state.raw<Finding[] | null>(null);
  doc = $state.raw<QualityDoc | null>(null);
  ledger = $state.raw<FeatureCollection | null>(null);
  images = $state.raw<ImageryInfo[]>([]);
  /** False until a quality run has finished (the service answers 404 before). */
  hasRun = $state(false);
  #loadedFor: string | null | undefined = undefined;

  async open(): Promise<void> {
    if (this.#loadedFor !== app.token) await this.load();
  }

  async load(): Promise<void> {
    this.#loadedFor = app.token;
    const token = app.token;
    const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
      try {
        return await p;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    };
    try {
      const [f, d, l, i] = await Promise.all([
        orNull(api<{ findings: Finding[] }>('/api/quality/findings', { token })),
        orNull(api<QualityDoc>('/api/checks/quality/latest', { token })),
        fetchCollection('ledger', token),
        orNull(api<ImageryInfo[] | { imagery: ImageryInfo[] }>('/api/imagery', { token })),
      ]);
      this.hasRun = f !== null;
      this.findings = f?.findings ?? [];
      this.doc = d;
      this.ledger = l;
      this.images = !i ? [] : Array.isArray(i) ? i : (i.imagery ?? []);
    } catch (err) {
      this.#loadedFor = undefined;
      showError(err);
    }
  }

  feature(id: string) {
    return this.ledger?.features.find((f) => String(f.properties?.id) === id);
  }

  async dismiss(f: Finding, reason: string): Promise<void> {
    await api(`/api/quality/findings/${encodeURIComponent(f.ledger_id)}/${encodeURIComponent(f.kind)}/dismiss`, { method: 'POST', body: { reason }, token: app.token });
    await this.load();
  }

  async writeOff(id: string, body: { reason: string; patch: { batch: string; id: string } | null; photos: PhotoUpload[]; baseSeq: number | null }): Promise<void> {
    await api(`/api/quality/write-offs/${encodeURIComponent(id)}`, {
      method: 'POST',
      body: { reason: body.reason, patch: body.patch ?? undefined, photos: body.photos.length ? body.photos : undefined, base_seq: body.baseSeq },
      token: app.token,
    });
    await this.load();
  }
}

export const quality = new QualityStore();
