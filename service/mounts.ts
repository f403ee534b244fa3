// The parts of the app beyond layers (checks, tiles) plug in here, each as a Mount. Parts that
// need tables of their own create them before the app is built, and they are wired so that a
// changed layer or a finished check run refreshes the tiles that show it, and no others.
import type { Mount } from './app.ts';
import type { Store } from './store/index.ts';
import type { LayerName } from './layers/schema.ts';
import { CheckRunner } from './runs/runner.ts';
import { resultLayers, type CheckName } from './checks/registry/index.ts';
import { checkRoutes } from './routes/checks.ts';
import { createTileRoutes } from './tiles/index.ts';
import { StoreTileSource } from './tilesource/duckdb-source.ts';
import { FIELD_SQL } from './field/tables.ts';
import { fieldRoutes } from './routes/field.ts';
import { searchRoutes } from './routes/search.ts';
import { QUALITY_SQL } from './quality/tables.ts';
import { qualityRoutes } from './routes/quality.ts';

export interface Parts {
  runner: CheckRunner;
  tiles: StoreTileSource;
  mounts: Mount[];
}

export async function prepareParts(store: Store): Promise<Parts> {
  const runner = await CheckRunner.create(store);
  await store.migrate(FIELD_SQL);
  await store.migrate(QUALITY_SQL);
  const tiles = new StoreTileSource(store);

  const mountField: Mount = (app, ctx) => {
    const changed = (layer: LayerName) => ctx.layerChanged.forEach((fn) => fn(layer));
    app.route('/api', searchRoutes(ctx.store));
    app.route('/api', fieldRoutes(ctx.store, changed));
    app.route('/api/quality', qualityRoutes(ctx.store, changed));
  };

  const mountChecks: Mount = (app, ctx) => {
    app.route('/api/checks', checkRoutes(ctx.store, runner));
  };

  const mountTiles: Mount = (app, ctx) => {
    const routes = createTileRoutes({
      source: tiles,
      publicUrl: ctx.config.publicUrl,
      // Sign-in for reads is checked by the app's read guard before the tile routes.
      cacheControl: ctx.config.readsNeedAuth ? 'private, no-cache' : undefined,
    });
    ctx.layerChanged.add((layer) => {
      tiles.invalidate();
      routes.evictLayer(layer);
    });
    runner.events.on('finished', ({ check }: { check: CheckName }) => {
      tiles.invalidate();
      resultLayers(check).forEach((l) => routes.evictLayer(l));
    });
    app.route('/tiles', routes);
  };

  return { runner, tiles, mounts: [mountChecks, mountTiles, mountField] };
}

