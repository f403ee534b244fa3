// @maplibre/maplibre-gl-compare ships no types; its browser bundle is loaded for its side effect.
declare module '@maplibre/maplibre-gl-compare/dist/maplibre-gl-compare.js';
