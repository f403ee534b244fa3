// Keeping one PMTiles archive per layer current in object storage: when a layer changes (or a
// check run changes the results its tiles carry), its archive is built again and published under
// a new versioned key; TileJSON (pmtilesRoutes) points to the latest archive that was fully
// stored. One build at a time; changes during a build mark the layer for one more build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EventHub } from '../events.ts';
import type { Store } from '../store/index.ts';
import type { TileSource } from '../tiles/index.ts';
import { resultLayers } from '../checks/registry/index.ts';
import { isLayerName } from '../layers/schema.ts';
import { DEFAULT_EXPORT_ZOOMS, exportArchive } from './export.ts';
import { parseS3Url, publishArchive, s3Client, type PublishTarget } from './publish.ts';

export interface RepublishSetting {
  /** s3://bucket[/prefix] */
  target: string;
  /** S3 endpoint, http(s)://host[:port] */
  endpoint: string;
  /** Layers kept published, one archive each. */
  layers: string[];
  minzoom?: number;
  maxzoom?: number;
  /** Quiet time after a change before building (a load emits once, a run per phase). Default 2 s. */
  debounceMs?: number;
}

/** What a layer's TileJSON is made from: the archive latest.json names. */
export interface CurrentArchive {
  layer: string;
  key: string;
  url: string;
  bytes: number;
  published_at: string;
  /** The layer's tile version the archive was built from. */
  version: string;
  bbox: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
  vector_layers: unknown;
}

export interface ArchiveState {
  current: CurrentArchive | null;
  building: boolean;
  /** The last build or upload that failed (the current archive stays as it was). */
  error: string | null;
}

export class Republisher {
  private readonly target: PublishTarget;
  private readonly client: S3Client;
  private readonly states = new Map<string, ArchiveState>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private work: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly source: TileSource,
    private readonly setting: RepublishSetting,
  ) {
    this.target = parseS3Url(setting.target);
    this.client = s3Client(setting.endpoint);
    const bad = setting.layers.filter((l) => !isLayerName(l));
    if (!setting.layers.length || bad.length) throw new Error(`--publish-layers: ${bad.length ? `unknown layer ${bad.join(', ')}` : 'no layer given'}`);
    for (const l of setting.layers) this.states.set(l, { current: null, building: false, error: null });
  }

  /** Listens for changes and brings every archive up to date (reading what was published before). */
  start(events: EventHub): void {
    this.unsubscribe.push(
      events.on('layer-changed', ({ layer }) => this.mark([layer])),
      events.on('run-finished', ({ check }) => this.mark(resultLayers(check))),
    );
    this.work = this.work.then(() => this.adoptPublished());
  }

  stop(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
    if (this.timer) clearTimeout(this.timer);
  }

  state(layer: string): ArchiveState | undefined {
    return this.states.get(layer);
  }

  layers(): string[] {
    return [...this.states.keys()];
  }

  /** Resolves when no build is waiting or running. */
  async idle(): Promise<void> {
    for (;;) {
      const before = this.work;
      await before;
      if (this.work === before && !this.timer && !this.dirty.size) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private mark(layers: readonly string[]): void {
    const mine = layers.filter((l) => this.states.has(l));
    if (!mine.length) return;
    mine.forEach((l) => this.dirty.add(l));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.work = this.work.then(() => this.buildDirty());
    }, this.setting.debounceMs ?? 2000);
  }

  private async buildDirty(): Promise<void> {
    while (this.dirty.size) {
      const layer = this.dirty.values().next().value as string;
      this.dirty.delete(layer);
      await this.publish(layer);
    }
  }

  /** Takes the archives latest.json names as current where they match the layers' versions. */
  private async adoptPublished(): Promise<void> {
    for (const layer of this.states.keys()) {
      const published = await this.readLatest(layer);
      if (published && published.version === (await this.source.version(layer))) this.states.get(layer)!.current = published;
      else this.dirty.add(layer);
    }
    await this.buildDirty();
  }

  private latestKey(layer: string): string {
    return `${this.target.prefix ? this.target.prefix + '/' : ''}${layer}.latest.json`;
  }

  private async readLatest(layer: string): Promise<CurrentArchive | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: this.latestKey(layer) }));
      const doc = JSON.parse(await res.Body!.transformToString()) as Partial<CurrentArchive>;
      return doc.key && doc.version ? ({ ...doc, layer } as CurrentArchive) : null;
    } catch {
      return null;
    }
  }

  /** Builds and publishes one layer's archive; a failure is kept in the state, not thrown. */
  private async publish(layer: string): Promise<void> {
    const state = this.states.get(layer)!;
    state.building = true;
    const dir = mkdtempSync(join(tmpdir(), 'gt-republish-'));
    try {
      const version = await this.source.version(layer);
      const info = await this.source.info(layer);
      if (!info?.bounds) throw new Error(`${layer} is empty; its archive stays as it was`);
      const minzoom = this.setting.minzoom ?? DEFAULT_EXPORT_ZOOMS.minzoom;
      const maxzoom = this.setting.maxzoom ?? DEFAULT_EXPORT_ZOOMS.maxzoom;
      const out = join(dir, `${layer}.pmtiles`);
      const built = await exportArchive(this.store, this.source, { layers: [layer], minzoom, maxzoom, out });
      const extra = { layer, version, bbox: built.bbox, minzoom, maxzoom, vector_layers: built.metadata.vector_layers };
      const pub = await publishArchive(this.client, out, this.target, this.setting.endpoint, extra);
      state.current = { ...extra, key: pub.key, url: pub.url, bytes: pub.bytes, published_at: new Date().toISOString() };
      state.error = null;
    } catch (err) {
      state.error = err instanceof Error ? err.message : String(err);
      console.error(`pmtiles: ${layer} was not republished: ${state.error}`);
    } finally {
      state.building = false;
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
