// What happened, told to whoever keeps something derived from it (tile caches, memoised
// versions, progress streams). One hub per app, created by the composition root (app.ts) and
// passed to the parts that emit or listen; listeners run synchronously in the emitter's turn.
import type { LayerName } from './layers/schema.ts';
import type { CheckName } from './checks/registry/index.ts';

export interface RunProgress {
  id: number;
  check: CheckName;
  phase: 'reading' | 'computing' | 'saving' | 'done' | 'failed';
  done: number;
  total: number;
  error?: string;
}

export interface EventMap {
  /** A layer's rows changed (load, clear, a field update of a record); its version was bumped. */
  'layer-changed': { layer: LayerName };
  /** A check run moved on (every phase, and computing progress). */
  'run-progress': RunProgress;
  /** A check run stored its results. */
  'run-finished': { id: number; check: CheckName };
  /** A verdict was given on a patch (no layer version changes, patch tiles show it). */
  'verdict-given': { batch: string; id: string };
  /** A teardown plan was created, changed or removed. */
  'plan-changed': { plan: string };
}

export type EventName = keyof EventMap;
export type Listener<K extends EventName> = (payload: EventMap[K]) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends EventName>(name: K, fn: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn as Listener<EventName>);
    return () => this.off(name, fn);
  }

  off<K extends EventName>(name: K, fn: Listener<K>): void {
    this.listeners.get(name)?.delete(fn as Listener<EventName>);
  }

  /** Tells every listener; one that throws does not keep the others from hearing. */
  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) {
      try {
        fn(payload);
      } catch (err) {
        console.error(`listener of ${name} failed:`, err);
      }
    }
  }

  listenerCount(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}
