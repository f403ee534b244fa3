// Timing checks the way a user waits for them: POST /api/checks/:check on a running service,
// until the run is done with its rows stored, then GET the latest document. The phases come from
// the runner's own progress events, so the table shows where the wait goes (reading, computing,
// saving).
import { startServer, type RunningServer } from '../../service/server.ts';
import type { RunProgress } from '../../service/runs/runner.ts';

export type CheckName = 'patches' | 'fire' | 'coverage' | 'quality';

export interface ApiTiming {
  check: CheckName;
  /** POST → phase "done" (rows and document stored). */
  seconds: number;
  /** CPU seconds of the whole process (all threads, DuckDB's too) over the same span. */
  cpuSeconds: number;
  /** GET /api/checks/:check/latest after the run. */
  servedSeconds: number;
  phases: Record<string, number>;
  rows: number;
  /** Layers read from DuckDB during the run (0 when all were in memory at their versions). */
  layerReads: number;
}

export interface ApiBench {
  server: RunningServer;
  /** With keepReady: the seconds (and process CPU seconds) until the checks' layers were read and projected. */
  ready?: { seconds: number; cpuSeconds: number };
  token: string;
  run(check: CheckName): Promise<ApiTiming>;
  close(): Promise<void>;
}

const ROWS_OF: Record<CheckName, string[]> = {
  patches: ['patches'],
  fire: ['encroachments', 'spacing'],
  coverage: ['demand'],
  quality: ['findings'],
};

/** keepReady: the service holds the checks' layers ready (as `groundtruth serve` does) and the runs wait for that first. */
export async function startApiBench(dbPath: string, opts: { keepReady?: boolean } = {}): Promise<ApiBench> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const server = await startServer({ dbPath, port: 0, keepChecksReady: opts.keepReady });
  let ready: ApiBench['ready'];
  if (opts.keepReady) {
    await server.runner.ready();
    const cpu = process.cpuUsage(cpu0);
    ready = { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  }
  const token = await server.store.users.add('bench_admin', 'admin');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  async function run(check: CheckName): Promise<ApiTiming> {
    const phaseStart: Record<string, number> = {};
    let runId = -1;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const reads0 = server.runner.layers.reads;
    let resolveDone!: () => void;
    let rejectDone!: (e: Error) => void;
    const done = new Promise<void>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
    // Events may arrive before the POST answers: keep them all and pick this run's afterwards.
    const seen: (RunProgress & { at: number })[] = [];
    const onProgress = (p: RunProgress) => {
      seen.push({ ...p, at: performance.now() });
      if (runId >= 0) settle();
    };
    const settle = () => {
      for (const p of seen) {
        if (p.id !== runId) continue;
        phaseStart[p.phase] ??= p.at;
        if (p.phase === 'done') resolveDone();
        if (p.phase === 'failed') rejectDone(new Error(`${check} failed: ${p.error}`));
      }
    };
    server.runner.events.on('run-progress', onProgress);
    try {
      const res = await fetch(`${server.url}/api/checks/${check}`, { method: 'POST', headers, body: '{}' });
      if (res.status !== 202) throw new Error(`POST /api/checks/${check}: ${res.status} ${await res.text()}`);
      runId = ((await res.json()) as { id: number }).id;
      settle();
      await done;
    } finally {
      server.runner.events.off('run-progress', onProgress);
    }
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const layerReads = server.runner.layers.reads - reads0;
    const latest = await fetch(`${server.url}/api/checks/${check}/latest`);
    const doc = (await latest.json()) as Record<string, unknown[]>;
    const t2 = performance.now();
    const order = ['reading', 'computing', 'saving', 'done'];
    const phases: Record<string, number> = {};
    for (let i = 0; i < order.length - 1; i++) {
      const a = phaseStart[order[i]] ?? t0;
      const b = phaseStart[order[i + 1]] ?? a;
      phases[order[i]] = (b - a) / 1000;
    }
    const rows = ROWS_OF[check].reduce((n, k) => n + (doc[k]?.length ?? 0), 0);
    return { check, seconds: (t1 - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, servedSeconds: (t2 - t1) / 1000, phases, rows, layerReads };
  }

  return { server, ready, token, run, close: () => server.close() };
}
