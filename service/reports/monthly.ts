// The monthly bulletin (每月一通报、一月一排名): one row per township with the month's satellite
// patches and their verdicts, new violations found, records demolished and their area, stock
// records written off (counted apart: a write-off is not a teardown), fire-lane records still
// standing, and the land use after teardown (拆后土地利用): of the area torn down whose
// `reuse_within_months` had run out by the month's end, the share put to a use in time.
// Townships ranked by area demolished (more first), then by fewer fire-lane records left, then
// by name.

export const MONTHLY_COLUMNS = ['patches', 'legal', 'illegal', 'false_change', 'undecided', 'new_violations', 'demolished', 'demolished_m2', 'written_off', 'fire_lane_remaining', 'reuse_due_m2', 'reused_m2', 'reused_share'] as const;
export type MonthlyColumn = (typeof MONTHLY_COLUMNS)[number];

export const MONTHLY_TITLES: Record<MonthlyColumn, { zh: string; en: string }> = {
  patches: { zh: '本月图斑', en: 'Patches' },
  legal: { zh: '合法', en: 'Legal' },
  illegal: { zh: '违法', en: 'Illegal' },
  false_change: { zh: '伪变化', en: 'False change' },
  undecided: { zh: '未核查', en: 'Undecided' },
  new_violations: { zh: '新增违建', en: 'New violations' },
  demolished: { zh: '拆除处数', en: 'Demolished' },
  demolished_m2: { zh: '拆除面积(m²)', en: 'Demolished m²' },
  written_off: { zh: '存量销号', en: 'Stock written off' },
  fire_lane_remaining: { zh: '消防通道违建余量', en: 'Fire-lane records left' },
  reuse_due_m2: { zh: '拆后应利用面积(m²)', en: 'Torn-down m² due for reuse' },
  reused_m2: { zh: '按期利用面积(m²)', en: 'Reused in time m²' },
  reused_share: { zh: '拆后利用率', en: 'Share reused' },
};

export type MonthlyRow = { rank: number; township: string } & Record<MonthlyColumn, number>;

export interface MonthlyBulletin {
  month: string;
  /** First and last day of the month. */
  from: string;
  to: string;
  fire_run_id: number | null;
  /** Months after demolished_on within which a reuse counts. */
  reuse_within_months: number;
  rows: MonthlyRow[];
  totals: Record<MonthlyColumn, number>;
}

/** Township name for records without one. */
export const NO_TOWNSHIP = '（未填乡镇）';

/** Counts per township and column, as the queries give them. */
export type Tally = Map<string, Partial<Record<MonthlyColumn, number>>>;

export function monthRange(month: string): { from: string; to: string; next: string } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  const last = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: last, next };
}

/** A share is not summed: reused over due, to four places; 0 when nothing is due. */
function shareOf(r: Record<MonthlyColumn, number>): number {
  return r.reuse_due_m2 > 0 ? Math.round((r.reused_m2 / r.reuse_due_m2) * 10_000) / 10_000 : 0;
}

export function rankTownships(tally: Tally, townships: readonly string[]): MonthlyRow[] {
  const names = new Set([...townships, ...tally.keys()]);
  const rows = [...names].map((township) => {
    const t = tally.get(township) ?? {};
    const row = { rank: 0, township } as MonthlyRow;
    for (const c of MONTHLY_COLUMNS) row[c] = Math.round((t[c] ?? 0) * 100) / 100;
    row.reused_share = shareOf(row);
    return row;
  });
  rows.sort(
    (a, b) =>
      b.demolished_m2 - a.demolished_m2 ||
      a.fire_lane_remaining - b.fire_lane_remaining ||
      (a.township < b.township ? -1 : a.township > b.township ? 1 : 0),
  );
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

export function totalsOf(rows: readonly MonthlyRow[]): Record<MonthlyColumn, number> {
  const t = {} as Record<MonthlyColumn, number>;
  for (const c of MONTHLY_COLUMNS) t[c] = Math.round(rows.reduce((s, r) => s + r[c], 0) * 100) / 100;
  t.reused_share = shareOf(t);
  return t;
}
