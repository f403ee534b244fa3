// A province on a throwaway cluster for the tests: the PostgreSQL store with the run tables, the
// queue, a LISTEN connection, and a small Hono app mounting the province routes and the county
// check routes as the composition root will (/api/province, /c/:county/api/checks), with bearer
// tokens resolved by the store's users.
import { Hono } from 'hono';
import type PgBoss from 'pg-boss';
import { startPgCluster, type PgCluster } from '../kit/pg-cluster.ts';
import { PgStore } from '../../service/store/pg/index.ts';
import { handleError } from '../../service/http/errors.ts';
import type { AppEnv } from '../../service/http/auth.ts';
import type { Role } from '../../service/layers/roles.ts';
import { migrateRuns } from '../../service/province/runs.ts';
import { openQueue, type JobPolicy } from '../../service/province/queue.ts';
import { ProgressListener } from '../../service/province/progress.ts';
import { provinceRunRoutes } from '../../service/province/routes.ts';
import { countyCheckRoutes } from '../../service/province/county-routes.ts';
import { Store } from '../../service/store/index.ts';
import { loadDataset } from '../../service/datasets/load.ts';
import { CheckRunner } from '../../service/runs/runner.ts';
import { runDocument } from '../../service/runs/persist.ts';
import type { CheckName } from '../../service/checks/registry/index.ts';

export interface Province {
  cluster: PgCluster;
  store: PgStore;
  boss: PgBoss;
  listener: ProgressListener;
  app: Hono<AppEnv>;
  tokens: Record<string, string>;
  send(method: string, path: string, who: string | null, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function openProvince(policy?: JobPolicy): Promise<Province> {
  const cluster = await startPgCluster();
  const store = await PgStore.open(cluster.url);
  await migrateRuns(store);
  const boss = await openQueue(cluster.url, { supervise: false });
  const listener = await ProgressListener.start(cluster.url);
  const tokens: Record<string, string> = {};
  for (const role of ['admin', 'enforcer', 'viewer'] as Role[]) tokens[role] = await store.users.add(`u_${role}`, role);
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use('*', async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    c.set('user', m ? ((await store.users.byToken(m[1])) as AppEnv['Variables']['user']) : null);
    await next();
  });
  app.route('/api/province', provinceRunRoutes({ store, boss, listener, policy, pollSeconds: 1 }));
  app.route('/c/:county/api/checks', countyCheckRoutes({ store, boss, listener, policy, pollSeconds: 1 }));
  const send = async (method: string, path: string, who: string | null, body?: unknown) =>
    app.request(path, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });
  return {
    cluster,
    store,
    boss,
    listener,
    app,
    tokens,
    send,
    async close() {
      await listener.close().catch(() => undefined);
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await store.close().catch(() => undefined);
      await cluster.stop();
    },
  };
}

/** Reads an SSE response to its end: the events in order. */
export async function readEvents(res: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: data ? JSON.parse(data) : null };
    });
}

/** The county edition's answer to compare with: a dataset in an in-memory DuckDB store and each check's document. */
export async function duckDocuments(dir: string, checks: CheckName[]): Promise<{ duck: Store; docs: Partial<Record<CheckName, unknown>> }> {
  const duck = await Store.open(':memory:');
  await loadDataset(duck, dir);
  const runner = await CheckRunner.create(duck);
  const docs: Partial<Record<CheckName, unknown>> = {};
  for (const check of checks) {
    const { id, finished } = await runner.start(check, {}, null);
    await finished;
    docs[check] = await runDocument(duck, id);
  }
  await runner.close();
  return { duck, docs };
}
