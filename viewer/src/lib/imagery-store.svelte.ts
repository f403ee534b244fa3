// The dated images the service knows (GET /api/imagery), read once per signed-in token, and the
// before/after pair for the review's current patch.
import { app, showError } from './state.svelte.ts';
import { api, ApiError } from './api.ts';
import { review } from './review-store.svelte.ts';
import { bboxOf } from './teardown.ts';
import { pickPair, type ImagePair, type ImageryInfo } from './imagery.ts';

class ImageryStore {
  list: ImageryInfo[] = $state.raw([]);
  /** The compare can be put away to see the vector map; a button brings it back. */
  open = $state(true);
  /** Before on the right instead of the left. */
  swapped = $state(false);
  #loadedFor: string | null | undefined = undefined;

  pair = $derived.by((): ImagePair | null => {
    const p = review.current;
    const f = p ? review.feature(p.id, p.batch) : undefined;
    const detected = f?.properties?.detected_on;
    if (!f || typeof detected !== 'string') return null;
    const before = f.properties?.before_on;
    try {
      return pickPair(this.list, { detected_on: detected, before_on: typeof before === 'string' ? before : null }, bboxOf(f.geometry));
    } catch {
      return null;
    }
  });

  async load(): Promise<void> {
    if (this.#loadedFor === app.token) return;
    this.#loadedFor = app.token;
    try {
      const r = await api<ImageryInfo[] | { imagery: ImageryInfo[] }>('/api/imagery', { token: app.token });
      this.list = Array.isArray(r) ? r : (r.imagery ?? []);
    } catch (err) {
      // A service without imagery answers 404: the review works without the compare.
      if (err instanceof ApiError && err.status === 404) this.list = [];
      else {
        this.#loadedFor = undefined;
        showError(err);
      }
    }
  }
}

export const imagery = new ImageryStore();
