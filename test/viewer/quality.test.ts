// The data-quality workspace's pure part: filters, bars per kind, what the map shows, the image.
import { describe, expect, it } from 'vitest';
import { filterFindings, imageFor, kindBars, mapView, mayWriteOff, type Finding } from '../../viewer/src/lib/quality.ts';

const f = (ledger_id: string, kind: Finding['kind'], township: string | null, extra: Record<string, unknown> = {}): Finding => ({ ledger_id, kind, township, dismissed: null, ...extra });
const rows = [
  f('A', 'not_seen', '白溪街道'),
  f('B', 'still_standing', null, { ids: ['F2', 'F1'], overlap: 0.9 }),
  { ...f('C', 'not_seen', '白溪街道'), dismissed: { reason: 'x', dismissed_by: 'u', dismissed_at: '2026-01-01' } },
];

describe('quality workspace logic', () => {
  it('filters by kind, by township ("" is none) and hides dismissed findings unless asked', () => {
    expect(filterFindings(rows, { kind: 'not_seen', township: null, showDismissed: false }).map((r) => r.ledger_id)).toEqual(['A']);
    expect(filterFindings(rows, { kind: null, township: '', showDismissed: false }).map((r) => r.ledger_id)).toEqual(['B']);
    expect(filterFindings(rows, { kind: null, township: '白溪街道', showDismissed: true }).map((r) => r.ledger_id)).toEqual(['A', 'C']);
  });

  it('draws a segment per kind in proportion to the records', () => {
    // 10 records, 2 not_seen and 1 dates on a 100 px bar.
    expect(kindBars({ township: 'T', records: 10, with_findings: 3, share: 0.3, by_kind: { not_seen: 2, dates: 1, duplicate: 0 } }, 100)).toEqual([
      { kind: 'not_seen', n: 2, px: 20 },
      { kind: 'dates', n: 1, px: 10 },
    ]);
    expect(kindBars({ township: null, records: 0, with_findings: 0, share: 0, by_kind: {} }, 100)).toEqual([]);
  });

  it('shows footprints for still_standing, imagery for not_seen, and only an open not_seen may be written off', () => {
    expect(mapView(rows[1])).toEqual({ footprints: ['F2', 'F1'], imagery: false, others: [] });
    expect(mapView(rows[0])).toEqual({ footprints: [], imagery: true, others: [] });
    expect([mayWriteOff(rows[0]), mayWriteOff(rows[1]), mayWriteOff(rows[2])]).toEqual([true, false, false]);
  });

  it('takes the latest image that covers the record', () => {
    const img = (name: string, date: string, bounds: [number, number, number, number]) => ({ name, date, bounds });
    const images = [img('old', '2023-01-01', [0, 0, 10, 10]), img('new', '2024-01-01', [0, 0, 10, 10]), img('far', '2025-01-01', [20, 20, 30, 30])];
    expect(imageFor(images, [1, 1, 2, 2])?.name).toBe('new');
    expect(imageFor(images, [15, 15, 16, 16])).toBeNull();
    expect(imageFor(images, null)).toBeNull();
  });
});
