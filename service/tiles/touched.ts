// Areas of a layer changed in place (a verdict on one patch) without a new layer version: each
// gets a serial, and a tile's cache key and ETag carry the newest serial among the areas reaching
// into it, so only the tiles over a changed area are made again. Past MAX_AREAS a layer's areas
// fold into one epoch that every tile of the layer carries (a full refresh, as rare as that).
import { bufferedTileBbox } from './tile-math.ts';

type BBox = [number, number, number, number];

const MAX_AREAS = 10_000;

export class TouchedAreas {
  private serial = 0;
  private readonly areas = new Map<string, { boxes: number[]; serials: number[] }>();
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly buffer: number,
    private readonly extent: number,
  ) {}

  /** Records a changed area of `layer`; null = unknown where, every tile of the layer. */
  touch(layer: string, bbox: BBox | null): void {
    const serial = ++this.serial;
    let a = this.areas.get(layer);
    if (!bbox || (a && a.serials.length >= MAX_AREAS)) {
      this.epochs.set(layer, serial);
      this.areas.delete(layer);
      return;
    }
    if (!a) this.areas.set(layer, (a = { boxes: [], serials: [] }));
    a.boxes.push(...bbox);
    a.serials.push(serial);
  }

  /** Whether tile z/x/y (with its buffer) reaches into `bbox`. */
  covers(bbox: BBox, z: number, x: number, y: number): boolean {
    const [w, s, e, n] = bufferedTileBbox(z, x, y, this.buffer, this.extent);
    return bbox[2] >= w && bbox[0] <= e && bbox[3] >= s && bbox[1] <= n;
  }

  /** '' when nothing touched the tile, else a marker to append to the layer's version. */
  marker(layer: string, z: number, x: number, y: number): string {
    let newest = this.epochs.get(layer) ?? 0;
    const a = this.areas.get(layer);
    if (a) {
      const [w, s, e, n] = bufferedTileBbox(z, x, y, this.buffer, this.extent);
      const b = a.boxes;
      for (let i = 0; i < a.serials.length; i++) {
        if (a.serials[i] > newest && b[4 * i + 2] >= w && b[4 * i] <= e && b[4 * i + 3] >= s && b[4 * i + 1] <= n) newest = a.serials[i];
      }
    }
    return newest ? `~${newest}` : '';
  }
}
