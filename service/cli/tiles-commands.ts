// tiles export: a PMTiles archive for offline use (a township on a tablet), optionally published
// to S3-compatible storage under a versioned key.
import type { Command } from 'commander';
import { Store } from '../store/index.ts';
import { Progress } from './progress.ts';
import { dbOption } from './data-commands.ts';

interface ExportOpts {
  layers: string[];
  bbox?: string;
  township?: string;
  minzoom: string;
  maxzoom: string;
  out: string;
  publish?: string;
  s3Endpoint?: string;
}

function parseBBoxOption(raw: string): [number, number, number, number] {
  const n = raw.split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw new Error(`--bbox must be west,south,east,north in degrees; got ${JSON.stringify(raw)}`);
  return n as [number, number, number, number];
}

export function registerTilesCommands(program: Command): void {
  const tiles = program.command('tiles').description('vector tiles for offline use');
  tiles
    .command('export')
    .description('write a PMTiles v3 archive of some layers (with check results) over an area')
    .requiredOption('--layers <layers...>', 'layers, e.g. --layers ledger footprints (or ledger,footprints)')
    .option('--bbox <w,s,e,n>', 'area in degrees')
    .option('--township <name>', 'area: the bbox of this township')
    .option('--minzoom <z>', 'lowest zoom', '8')
    .option('--maxzoom <z>', 'highest zoom', '16')
    .requiredOption('--out <file>', 'archive to write (.pmtiles)')
    .option('--publish <s3url>', 'upload to s3://bucket/prefix under a versioned key')
    .option('--s3-endpoint <url>', 'S3 endpoint, e.g. http://127.0.0.1:9000 (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)')
    .action(async (opts: ExportOpts, cmd: Command) => {
      if (!opts.out.endsWith('.pmtiles')) throw new Error(`--out ${opts.out} must end in .pmtiles`);
      if (opts.publish && !opts.s3Endpoint) throw new Error('--publish needs --s3-endpoint');
      // The service and the S3 client load only for this command.
      const { createApp } = await import('../app.ts');
      const { exportArchive } = await import('../pmtiles/export.ts');
      const { parseS3Url, publishArchive, s3Client } = await import('../pmtiles/publish.ts');
      const target = opts.publish ? parseS3Url(opts.publish) : null;
      const zoom = (label: string, v: string) => {
        if (!/^\d{1,2}$/.test(v)) throw new Error(`--${label} must be a whole number; got ${JSON.stringify(v)}`);
        return Number(v);
      };
      const store = await Store.open(dbOption(cmd));
      try {
        // The app's own tile source: the tables and joins the live /tiles use.
        const { ctx } = await createApp(store);
        const progress = new Progress('tiles');
        const result = await exportArchive(store, ctx.tiles, {
          layers: opts.layers.flatMap((l) => l.split(',')).filter(Boolean),
          bbox: opts.bbox ? parseBBoxOption(opts.bbox) : undefined,
          township: opts.township,
          minzoom: zoom('minzoom', opts.minzoom),
          maxzoom: zoom('maxzoom', opts.maxzoom),
          out: opts.out,
          onProgress: (done, total) => progress.update(`${done.toLocaleString('en')} / ${total.toLocaleString('en')} tiles`),
        });
        progress.done(
          `${opts.out}: ${result.addressed.toLocaleString('en')} tiles (${result.contents.toLocaleString('en')} distinct, ${result.empty.toLocaleString('en')} empty skipped), ` +
            `${(result.bytes / 1e6).toFixed(2)} MB in ${result.seconds.toFixed(1)} s ` +
            `(columns ${result.phases.columns.toFixed(1)} s, plan ${result.phases.plan.toFixed(1)} s, render ${Object.entries(result.phases.render).map(([z, s]) => `z${z} ${s.toFixed(1)}`).join(' ')} s)`,
        );
        if (target) {
          const pub = await publishArchive(s3Client(opts.s3Endpoint!), opts.out, target, opts.s3Endpoint!, { layers: opts.layers, bbox: result.bbox });
          process.stdout.write(`published ${pub.url}\n  current: s3://${pub.bucket}/${pub.latestKey}\n`);
        }
      } finally {
        store.close();
      }
      // The app's check thread (which read the layers' columns) would keep the process alive.
      process.exit(0);
    });
}
