// Vector tiles: what the rest of the service uses. Mount the routes with
//   app.route('/tiles', createTileRoutes({ source, publicUrl, authorize, cors }))
// and give them a TileSource (MemorySource here; the store provides one over DuckDB).
export type { TileFeature, TileLayerInfo, TileSource, TileFieldType, TilePropValue } from './types.ts';
export { createTileRoutes, MVT_CONTENT_TYPE, TILE_PATHS, type TileRoutes, type TileRoutesOptions } from './routes.ts';
export { tileBbox, lonLatToTile, bufferedTileBbox, tileCoordError } from './tile-math.ts';
export { encodeTile, renderTile, DEFAULT_ENCODE_OPTIONS, type EncodeOptions, type RenderedTile, type TileLayerInput } from './encode.ts';
export { MemorySource, type MemoryLayerOptions } from './memory-source.ts';
export { TileCache } from './cache.ts';
export { renderSourceTile } from './source-tile.ts';
