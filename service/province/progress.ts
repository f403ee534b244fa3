// Run progress across nodes: workers NOTIFY on one channel, every service node LISTENs on one
// dedicated connection and hands each message to the SSE streams open on it. A dropped
// connection is opened again; a stream meanwhile falls back on the run's row (phase, counts).
import pg from 'pg';
import type { CheckName } from '../checks/registry/index.ts';
import { PROGRESS_CHANNEL } from './queries.ts';

export interface ProgressMessage {
  id: number;
  county: string;
  check: CheckName;
  province_run: number | null;
  phase: 'queued' | 'reading' | 'computing' | 'saving' | 'done' | 'failed' | 'retrying';
  done: number;
  total: number;
  error?: string;
}

type Listener = (m: ProgressMessage) => void;

export class ProgressListener {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<Listener>();
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  private constructor(private readonly url: string) {}

  static async start(url: string): Promise<ProgressListener> {
    const l = new ProgressListener(url);
    await l.connect();
    return l;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'groundtruth-listen' });
    client.on('notification', (n) => {
      if (n.channel !== PROGRESS_CHANNEL || !n.payload) return;
      let m: ProgressMessage;
      try {
        m = JSON.parse(n.payload) as ProgressMessage;
      } catch {
        return;
      }
      for (const f of this.listeners) f(m);
    });
    const reconnect = () => {
      if (this.closed || this.client !== client) return;
      this.client = null;
      this.retry = setTimeout(() => void this.connect().catch(reconnect), 1000);
      this.retry.unref();
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    await client.connect();
    await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
    this.client = client;
  }

  /** Calls `f` with every message; returns the unsubscribe. */
  on(f: Listener): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
