// The review queue's state and loading (Svelte 5 runes): the patch outlines, the batches, the
// latest patches run of the chosen batch and its verdicts, the filters and the current patch.
// One store for the whole page, so switching tabs keeps the queue where the inspector left it;
// the components only read it and call its actions.
import type { Feature } from 'geojson';
import { app, showError } from './state.svelte.ts';
import { fetchCollection } from './features.ts';
import { latestDoc } from './runs.ts';
import { ConflictError, currentVerdicts, putVerdict } from './field-api.ts';
import { batchDeadline, daysLeft, filterQueue, latestDeadline, progress, sortQueue, type PatchClass, type PatchResult, type Verdict, type VerdictRecord } from './review.ts';

export interface PatchesLatest {
  patches: PatchResult[];
  run: { id: number; finished_at: string; run_by: string; stale: boolean };
}

export interface Conflict {
  id: string;
  current: VerdictRecord | null;
  message: string;
}

class ReviewStore {
  /** Patch outlines and properties by `batch:id`. */
  features = $state.raw(new Map<string, Feature>());
  batches: string[] = $state([]);
  batch: string | null = $state(null);
  doc = $state.raw<PatchesLatest | null>(null);
  loading = $state(true);
  verdicts = $state.raw(new Map<string, VerdictRecord>());
  saving = $state(0);
  township: string | null = $state(null);
  cls: PatchClass | null = $state(null);
  index = $state(0);
  note = $state('');
  conflict: Conflict | null = $state(null);
  /** The map flies only once the user works the queue, so opening the page keeps the county view. */
  follow = $state(false);
  /** The token the outlines were read with; a new sign-in reads them again. */
  #loadedFor: string | null | undefined = undefined;
  /** The batch whose run and verdicts are in `doc` and `verdicts`. */
  #docFor: string | null = null;
  #today = new Date().toISOString().slice(0, 10);

  queue = $derived(this.doc ? sortQueue(this.doc.patches.filter((p) => p.batch === this.batch)) : []);
  shown = $derived(filterQueue(this.queue, { township: this.township, cls: this.cls }));
  position = $derived(Math.min(this.index, this.shown.length - 1));
  current = $derived(this.shown[this.position] ?? null);
  townships = $derived([...new Set(this.queue.map((p) => p.township ?? '—'))].sort((a, b) => a.localeCompare(b, 'zh')));
  deadline = $derived(latestDeadline(this.queue.map((p) => this.detectedOn(p.id)).filter((d): d is string => d !== null)));
  stats = $derived(progress(this.queue, new Set(this.verdicts.keys()), (id) => this.deadlineOf(id), this.#today));
  daysLeft = $derived(this.deadline ? daysLeft(this.deadline, this.#today) : null);

  feature(id: string, batch = this.batch): Feature | undefined {
    return this.features.get(`${batch}:${id}`);
  }

  detectedOn(id: string): string | null {
    const d = this.feature(id)?.properties?.detected_on;
    return typeof d === 'string' ? d : null;
  }

  deadlineOf(id: string): string | null {
    const d = this.detectedOn(id);
    return d ? batchDeadline(d) : null;
  }

  /** Reads the outlines once per signed-in token; the batch's run follows from the batch. */
  async open(): Promise<void> {
    if (this.#loadedFor === app.token) return;
    this.#loadedFor = app.token;
    try {
      const fc = await fetchCollection('patches', app.token);
      const byKey = new Map<string, Feature>();
      for (const f of fc.features) byKey.set(`${f.properties?.batch}:${f.properties?.id}`, f);
      this.features = byKey;
      this.batches = [...new Set(fc.features.map((f) => String(f.properties?.batch)))].sort().reverse();
      this.batch ??= this.batches[0] ?? null;
    } catch (err) {
      this.#loadedFor = undefined;
      showError(err);
    }
  }

  /** Shows a batch, reading its run and verdicts unless they are already here. */
  async showBatch(b: string): Promise<void> {
    if (b !== this.#docFor) await this.loadBatch(b);
  }

  async loadBatch(b: string, keepIndex = false): Promise<void> {
    this.loading = true;
    this.#docFor = b;
    try {
      const [d, v] = await Promise.all([latestDoc<PatchesLatest>('patches', app.token, b), currentVerdicts(b, app.token)]);
      if (b !== this.batch) return;
      this.doc = d;
      this.verdicts = new Map(v.map((r) => [r.id, r]));
      if (!keepIndex) this.index = 0;
    } catch (err) {
      this.#docFor = null;
      showError(err);
    } finally {
      this.loading = false;
    }
  }

  select(i: number): void {
    this.index = i;
    this.note = '';
    this.follow = true;
  }

  step(delta: number): void {
    if (!this.shown.length) return;
    this.select(Math.max(0, Math.min(this.shown.length - 1, this.index + delta)));
  }

  /** Moves on at once; the save finishes in the background. Resolves true when it was saved. */
  async decide(verdict: Verdict): Promise<boolean> {
    const p = this.current;
    const batch = this.batch;
    if (!p || !batch) return false;
    const base = this.verdicts.get(p.id)?.seq ?? null;
    const text = this.note.trim() || null;
    this.step(1);
    this.saving++;
    try {
      const record = await putVerdict({ batch, id: p.id, verdict, note: text, baseSeq: base }, app.token);
      this.verdicts = new Map(this.verdicts).set(p.id, record);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) this.conflict = { id: p.id, current: err.current as VerdictRecord | null, message: err.message };
      else showError(err);
      return false;
    } finally {
      this.saving--;
    }
  }

  async reloadAfterConflict(): Promise<void> {
    this.conflict = null;
    if (this.batch) await this.loadBatch(this.batch, true);
  }
}

export const review = new ReviewStore();
