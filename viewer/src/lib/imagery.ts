// Which dated images a patch is judged on, and where their tiles are. Pure, so node tests it.
// A patch is the change between two images: the earlier one (before_on) and the later one
// (detected_on). The compare shows, of the images that cover the patch, the one dated nearest
// on or before before_on (before detected_on when the patch names no earlier date) and the one
// nearest on or after detected_on; when either is missing, the two latest images instead.

export type Bbox = [number, number, number, number];

export interface ImageryInfo {
  name: string;
  /** YYYY-MM-DD, the day the image was taken. */
  date: string;
  /** [west, south, east, north] in degrees (WGS 84). */
  bounds: Bbox;
  minzoom: number;
  maxzoom: number;
  source: 'file' | 'xyz';
  /** EPSG:3857 tiles line up with the vectors; GCJ02 tiles (Gaode, Tencent) are offset. */
  crs: 'EPSG:3857' | 'GCJ02';
  /** Templates with {z}/{x}/{y}, absolute or relative to the service. */
  tiles: string[];
  attribution?: string | null;
}

export interface PatchDates {
  before_on?: string | null;
  detected_on: string;
}

export interface ImagePair {
  before: ImageryInfo;
  after: ImageryInfo;
  /** True when the dates could not be matched and the two latest images are shown. */
  fallback: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function overlaps(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The before/after pair for a patch, or null when fewer than two images cover it. */
export function pickPair(images: readonly ImageryInfo[], patch: PatchDates, bbox: Bbox | null): ImagePair | null {
  if (!DATE.test(patch.detected_on)) throw new Error(`detected_on "${patch.detected_on}" is not YYYY-MM-DD`);
  if (patch.before_on && !DATE.test(patch.before_on)) throw new Error(`before_on "${patch.before_on}" is not YYYY-MM-DD`);
  // Oldest first; the name breaks ties so the choice does not depend on the list's order.
  const usable = images
    .filter((i) => DATE.test(i.date) && (!bbox || overlaps(i.bounds, bbox)))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (usable.length < 2) return null;
  const before = patch.before_on ? usable.filter((i) => i.date <= patch.before_on!).at(-1) : usable.filter((i) => i.date < patch.detected_on).at(-1);
  const after = usable.find((i) => i.date >= patch.detected_on && i !== before);
  if (before && after) return { before, after, fallback: false };
  return { before: usable[usable.length - 2], after: usable[usable.length - 1], fallback: true };
}

/** Tile templates as absolute URLs (MapLibre needs them absolute). */
export function absoluteTiles(tiles: readonly string[], origin: string): string[] {
  return tiles.map((t) => new URL(t, origin + '/').toString().replace(/%7B/g, '{').replace(/%7D/g, '}'));
}
