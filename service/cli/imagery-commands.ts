// import-imagery: store a dated GeoTIFF beside the database, as PUT /api/imagery/:name does.
import type { Command } from 'commander';
import { Store } from '../store/index.ts';
import { dbOption } from './data-commands.ts';

export function registerImageryCommands(program: Command): void {
  program
    .command('import-imagery')
    .description('store a dated GeoTIFF orthophoto (8-bit RGB/RGBA; EPSG:4326/4490/4513–4554) and serve it as raster tiles')
    .argument('<file>', 'GeoTIFF or Cloud-Optimised GeoTIFF')
    .requiredOption('--name <name>', 'imagery name (letters, digits, _ or -); an existing one is replaced')
    .requiredOption('--date <date>', 'the day the image was taken, YYYY-MM-DD')
    .option('--crs <crs>', 'CRS when the GeoKeys name none (or name it wrongly), e.g. EPSG:4549')
    .action(async (file: string, opts: { name: string; date: string; crs?: string }, cmd: Command) => {
      const store = await Store.open(dbOption(cmd));
      try {
        // GeoTIFF reading and tile rendering load only for imagery commands.
        const { ImageryService } = await import('../imagery/index.ts');
        const imagery = await ImageryService.create(store);
        const row = await imagery.importFile(file, { ...opts, user: 'cli' });
        const [w, s, e, n] = row.bounds.map((v) => v.toFixed(6));
        process.stdout.write(
          `imagery ${row.name} (${row.date}) stored: ${row.width} × ${row.height} px in ${row.source_crs}, ` +
            `bounds ${w},${s},${e},${n}, zoom ${row.minzoom}–${row.maxzoom} → ${imagery.dir}/${row.file}\n`,
        );
        await imagery.close();
      } finally {
        store.close();
      }
    });
}
