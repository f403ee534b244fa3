// A dataset directory: one file per layer named after it (<layer>.<ext>, or mapped by name in
// dataset.json "files") and an optional dataset.json with the run parameters, "layer_crs",
// "field_map" and "files". A file that looks like layer data but fits no layer is named, never
// silently skipped.
import { open, readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { LAYER_NAMES, isLayerName, type LayerName } from '../layers/schema.ts';
import { LAYER_FILE_EXTENSIONS } from './formats.ts';
import { ImportError, type DatasetConfig } from './types.ts';

/** Files that travel beside a .shp, and documents: never layer files themselves. */
const SIDECARS = /\.(shx|dbf|prj|cpg|sbn|sbx|qix|fix|aih|ain|atx|ixs|mxs|xml|qmd|qml|lyr|lyrx)$/i;
const DOCUMENTS = /\.(md|txt|pdf|docx?|html?|png|jpe?g)$/i;
/** GIS formats people hand over that the importers do not read: named, never silently skipped. */
const UNREADABLE = /\.(gpkg|kml|kmz|xlsx?|tab|mif|dwg|dxf|gdb|mdb|7z|rar|gz)$/i;

export interface Placement {
  files: { layer: LayerName; path: string }[];
  /** Files that may be layer data but could not be put on a layer, each with the reason. */
  unplaced: { file: string; reason: string }[];
}

/** The layer a file name stands for: <layer>.<ext>, <layer>.shp.zip, or dataset.json's "files". */
function layerOf(name: string, mapped: Map<string, LayerName>): LayerName | null {
  const byMap = mapped.get(name.normalize('NFC'));
  if (byMap) return byMap;
  const ext = extname(name).toLowerCase();
  let stem = name.slice(0, -ext.length).toLowerCase();
  if (ext === '.zip' && stem.endsWith('.shp')) stem = stem.slice(0, -4);
  return isLayerName(stem) ? stem : null;
}

/** A .json that is not GeoJSON (a note, a manifest) is not layer data. */
async function looksLikeGeoJson(path: string): Promise<boolean> {
  const h = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await h.read(head, 0, head.length, 0);
    return /"type"\s*:\s*"(FeatureCollection|Feature)"/.test(head.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await h.close();
  }
}

/**
 * Puts every file of a dataset directory on a layer, in schema order: <layer>.<ext> (and
 * <layer>.shp.zip), or the names dataset.json's "files" maps ({"违建台账.shp": "ledger"}).
 * Two files for one layer is an error; files that look like data but fit no layer are listed.
 */
export async function placeLayerFiles(dir: string, config: DatasetConfig = {}): Promise<Placement> {
  const mapped = new Map<string, LayerName>();
  for (const [file, layer] of Object.entries(config.files ?? {})) mapped.set(file.normalize('NFC'), layer as LayerName);
  const found = new Map<LayerName, string>();
  const unplaced: Placement['unplaced'] = [];
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
  const seen = new Set(names.map((n) => n.normalize('NFC')));
  for (const file of mapped.keys()) {
    if (!seen.has(file)) throw new ImportError('dataset.json', `"files" names ${JSON.stringify(file)}, which is not in ${dir}`);
  }
  for (const name of names) {
    if (name.toLowerCase() === 'dataset.json' || name.startsWith('.')) continue;
    const ext = extname(name).toLowerCase();
    const layer = layerOf(name, mapped);
    if (!layer) {
      if (SIDECARS.test(name) || DOCUMENTS.test(name)) continue;
      if (UNREADABLE.test(name)) unplaced.push({ file: name, reason: `${ext} files cannot be read; export it as GeoJSON, Shapefile, CSV or GeoParquet` });
      else if (LAYER_FILE_EXTENSIONS.includes(ext) && (ext !== '.json' || (await looksLikeGeoJson(join(dir, name))))) {
        unplaced.push({ file: name, reason: `no layer is named ${JSON.stringify(name)}; rename it <layer>${ext} or map it in dataset.json "files"` });
      }
      continue;
    }
    if (!LAYER_FILE_EXTENSIONS.includes(ext)) {
      unplaced.push({ file: name, reason: `${ext || 'no extension'} is not a layer format (${LAYER_FILE_EXTENSIONS.join(' ')})` });
      continue;
    }
    const other = found.get(layer);
    if (other) throw new ImportError(dir, `layer ${layer} has two files: ${other} and ${name}; keep one`);
    found.set(layer, name);
  }
  return {
    files: LAYER_NAMES.filter((l) => found.has(l)).map((layer) => ({ layer, path: join(dir, found.get(layer)!) })),
    unplaced,
  };
}

/** Every layer file of the directory, in schema order (see placeLayerFiles). */
export async function detectLayerFiles(dir: string, config: DatasetConfig = {}): Promise<{ layer: LayerName; path: string }[]> {
  return (await placeLayerFiles(dir, config)).files;
}

/** dataset.json, checked for the keys the importers use; {} when the directory has none. */
export async function readDatasetJson(dir: string): Promise<DatasetConfig> {
  const path = join(dir, 'dataset.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let config: unknown;
  try {
    config = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportError('dataset.json', `malformed JSON: ${(err as Error).message}`);
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new ImportError('dataset.json', 'must hold a JSON object');
  const c = config as DatasetConfig;
  if (c.layer_crs !== undefined) {
    if (!c.layer_crs || typeof c.layer_crs !== 'object') throw new ImportError('dataset.json', '"layer_crs" must be an object { layer: crs }');
    for (const [layer, crs] of Object.entries(c.layer_crs)) {
      if (!isLayerName(layer)) throw new ImportError('dataset.json', `"layer_crs" names unknown layer ${JSON.stringify(layer)}`);
      if (typeof crs !== 'string') throw new ImportError('dataset.json', `"layer_crs.${layer}" must be a string, got ${JSON.stringify(crs)}`);
    }
  }
  if (c.files !== undefined) {
    if (!c.files || typeof c.files !== 'object' || Array.isArray(c.files)) throw new ImportError('dataset.json', '"files" must be an object { "file name": "layer" }');
    for (const [file, layer] of Object.entries(c.files)) {
      if (typeof layer !== 'string' || !isLayerName(layer)) throw new ImportError('dataset.json', `"files.${file}" must name a layer (${LAYER_NAMES.join(', ')}); got ${JSON.stringify(layer)}`);
      if (file.includes('/') || file.includes('\\')) throw new ImportError('dataset.json', `"files" keys are file names in the dataset directory, not paths; got ${JSON.stringify(file)}`);
    }
  }
  if (c.field_map !== undefined && (!c.field_map || typeof c.field_map !== 'object')) {
    throw new ImportError('dataset.json', '"field_map" must be an object');
  }
  return c;
}
