// The optional raster basemap. Off by default (the county servers are often offline); the user
// may give a Tianditu key or any XYZ template. Kept in localStorage, checked on load so that a
// broken entry falls back to "none" instead of breaking the map.

export type BasemapSettings =
  | { kind: 'none' }
  | { kind: 'tianditu'; tk: string; layer: 'vec' | 'img' }
  | { kind: 'xyz'; url: string };

export const BASEMAP_STORAGE_KEY = 'groundtruth.basemap';
export const NO_BASEMAP: BasemapSettings = { kind: 'none' };

/** Throws with a message naming the bad value; returns the settings cleaned up. */
export function validateBasemap(input: unknown): BasemapSettings {
  const value = input as Record<string, unknown> | null;
  if (!value || typeof value !== 'object') throw new Error(`basemap settings must be an object, got ${JSON.stringify(input)}`);
  switch (value.kind) {
    case 'none':
      return NO_BASEMAP;
    case 'tianditu': {
      const tk = String(value.tk ?? '').trim();
      if (!/^[0-9a-zA-Z]{8,64}$/.test(tk)) throw new Error(`Tianditu key "${tk}" must be 8–64 letters or digits`);
      const layer = value.layer === 'img' ? 'img' : 'vec';
      return { kind: 'tianditu', tk, layer };
    }
    case 'xyz': {
      const url = String(value.url ?? '').trim();
      if (!/^https?:\/\//.test(url)) throw new Error(`tile URL "${url}" must start with http:// or https://`);
      for (const part of ['{z}', '{x}', '{y}']) {
        if (!url.includes(part)) throw new Error(`tile URL "${url}" lacks ${part}`);
      }
      return { kind: 'xyz', url };
    }
    default:
      throw new Error(`basemap kind "${String(value.kind)}" is not none, tianditu or xyz`);
  }
}

/** Tile URL templates for MapLibre's raster source; none for 'none'. */
export function basemapTileUrls(settings: BasemapSettings): string[] {
  switch (settings.kind) {
    case 'none':
      return [];
    case 'xyz':
      return [settings.url];
    case 'tianditu': {
      // Tianditu's Web Mercator WMTS ("_w"), spread over its eight hosts t0..t7.
      const { layer, tk } = settings;
      return [0, 1, 2, 3, 4, 5, 6, 7].map(
        (n) =>
          `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
          `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(tk)}`,
      );
    }
  }
}

export function loadBasemap(storage: Pick<Storage, 'getItem'> | undefined): BasemapSettings {
  const raw = storage?.getItem(BASEMAP_STORAGE_KEY);
  if (!raw) return NO_BASEMAP;
  try {
    return validateBasemap(JSON.parse(raw));
  } catch {
    return NO_BASEMAP;
  }
}

export function saveBasemap(storage: Pick<Storage, 'setItem'> | undefined, settings: BasemapSettings): void {
  storage?.setItem(BASEMAP_STORAGE_KEY, JSON.stringify(validateBasemap(settings)));
}
