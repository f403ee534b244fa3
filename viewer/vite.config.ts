// Builds the viewer into viewer/dist (served by the service at /). `vite --config
// viewer/vite.config.ts` is the dev server: hot reload, with the service's paths proxied to a
// service running on 127.0.0.1:8787.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const viewerRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const service = process.env.GROUNDTRUTH_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root: viewerRoot,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // maplibre-gl alone is ~800 kB minified; splitting it buys nothing for a single-page app.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The viewer imports service/layers/schema.ts, which lives outside viewer/.
    fs: { allow: [repoRoot] },
    proxy: Object.fromEntries(['/api', '/tiles', '/collections', '/conformance'].map((p) => [p, { target: service, changeOrigin: false }])),
  },
});
