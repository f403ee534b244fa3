// A dataset directory: one file per layer named after it (<layer>.<ext>) and an optional
// dataset.json with the run parameters, "layer_crs" and "field_map".
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { LAYER_NAMES, isLayerName, type LayerName } from '../layers/schema.ts';
import { LAYER_FILE_EXTENSIONS } from './formats.ts';
import { ImportError, type DatasetConfig } from './types.ts';

/** Every <layer>.<ext> in the directory, in schema order; two files for one layer is an error. */
export async function detectLayerFiles(dir: string): Promise<{ layer: LayerName; path: string }[]> {
  const found = new Map<LayerName, string>();
  for (const name of (await readdir(dir)).sort()) {
    const ext = extname(name).toLowerCase();
    if (!LAYER_FILE_EXTENSIONS.includes(ext) || name.toLowerCase() === 'dataset.json') continue;
    const stem = name.slice(0, -ext.length).toLowerCase();
    if (!isLayerName(stem)) continue;
    const other = found.get(stem);
    if (other) throw new ImportError(dir, `layer ${stem} has two files: ${other} and ${name}; keep one`);
    found.set(stem, name);
  }
  return LAYER_NAMES.filter((l) => found.has(l)).map((layer) => ({ layer, path: join(dir, found.get(layer)!) }));
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
  if (c.field_map !== undefined && (!c.field_map || typeof c.field_map !== 'object')) {
    throw new ImportError('dataset.json', '"field_map" must be an object');
  }
  return c;
}
