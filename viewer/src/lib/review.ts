// The review queue's pure logic: ordering the patches of a batch, the batch
// deadline, progress per township, and which key means which verdict. The component only wires
// these to the API and the map, so everything here is unit-tested in node.

export const PATCH_CLASS_ORDER = ['new', 'rebuilt', 'known_new', 'stock', 'legal', 'removal'] as const;
export type PatchClass = (typeof PATCH_CLASS_ORDER)[number];
import { VERDICTS, type Verdict } from '../../../service/review/tables.ts';
import type { VerdictRecord } from '../../../service/review/verdicts.ts';
import type { PatchRow as PatchResult } from '../../../service/checks/types.ts';

export { VERDICTS, type Verdict, type VerdictRecord, type PatchResult };

/** By class in PATCH_CLASS_ORDER, then by area, largest first; the id breaks ties so the order is stable. */
export function sortQueue(patches: readonly PatchResult[]): PatchResult[] {
  const rank = (c: string) => {
    const i = (PATCH_CLASS_ORDER as readonly string[]).indexOf(c);
    return i < 0 ? PATCH_CLASS_ORDER.length : i;
  };
  return [...patches].sort((a, b) => rank(a.class) - rank(b.class) || b.area_m2 - a.area_m2 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface QueueFilter {
  township: string | null;
  cls: PatchClass | null;
}

export function filterQueue(queue: readonly PatchResult[], f: QueueFilter): PatchResult[] {
  return queue.filter((p) => (f.township === null || p.township === f.township) && (f.cls === null || p.class === f.cls));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The batch deadline: the last day of the month after the later image (detected_on).
 * 2024-06-28 → 2024-07-31; 2024-12-05 → 2025-01-31. Month arithmetic in UTC, no time zone drift.
 */
export function batchDeadline(detectedOn: string): string {
  const m = DATE.exec(detectedOn);
  if (!m) throw new Error(`detected_on "${detectedOn}" is not YYYY-MM-DD`);
  // Day 0 of the month two ahead is the last day of the month after.
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 + 2, 0));
  return last.toISOString().slice(0, 10);
}

/** The latest deadline over the batch's patches (a batch's images may span days). */
export function latestDeadline(detectedOns: Iterable<string>): string | null {
  let out: string | null = null;
  for (const d of detectedOns) {
    const dl = batchDeadline(d);
    if (out === null || dl > out) out = dl;
  }
  return out;
}

/** Whole days from `today` to `deadline` (both YYYY-MM-DD); negative once it has passed. */
export function daysLeft(deadline: string, today: string): number {
  const ms = Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`cannot count days from "${today}" to "${deadline}"`);
  return Math.round(ms / 86_400_000);
}

export interface TownshipProgress {
  township: string;
  total: number;
  verified: number;
  /** Undecided patches whose deadline has passed. */
  overdue: number;
}

/**
 * Verified / total per township (sorted by name, '—' for patches outside every township) and
 * for the whole batch. `deadlineOf` gives a patch's deadline, `today` is YYYY-MM-DD.
 */
export function progress(
  queue: readonly PatchResult[],
  decided: ReadonlySet<string>,
  deadlineOf: (id: string) => string | null,
  today: string,
): { total: TownshipProgress; townships: TownshipProgress[] } {
  const by = new Map<string, TownshipProgress>();
  const total: TownshipProgress = { township: '', total: 0, verified: 0, overdue: 0 };
  for (const p of queue) {
    const name = p.township ?? '—';
    let row = by.get(name);
    if (!row) by.set(name, (row = { township: name, total: 0, verified: 0, overdue: 0 }));
    const done = decided.has(p.id);
    const deadline = deadlineOf(p.id);
    const late = !done && deadline !== null && deadline < today;
    for (const r of [row, total]) {
      r.total++;
      if (done) r.verified++;
      if (late) r.overdue++;
    }
  }
  return { total, townships: [...by.values()].sort((a, b) => a.township.localeCompare(b.township, 'zh')) };
}

/** The verdict key `1`/`2`/`3` stands for, or null. Typing in a text field never decides. */
export function verdictForKey(key: string, target: EventTarget | null): Verdict | null {
  if (isTyping(target)) return null;
  const i = ['1', '2', '3'].indexOf(key);
  return i < 0 ? null : VERDICTS[i];
}

export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase()) || el.isContentEditable === true;
}

/**
 * The records a patch matched, split by the layer they live in (spec/checks.md: `legal` lists
 * permit ids and permitted ledger records as `ledger:<id>`; the other classes list ledger ids).
 */
export function matchedRecords(p: Pick<PatchResult, 'class' | 'ids'>): { ledger: string[]; permits: string[] } {
  const ledger: string[] = [];
  const permits: string[] = [];
  for (const id of p.ids) {
    if (id.startsWith('ledger:')) ledger.push(id.slice('ledger:'.length));
    else if (p.class === 'legal') permits.push(id);
    else ledger.push(id);
  }
  return { ledger, permits };
}
