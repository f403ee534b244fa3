import { describe, expect, it } from 'vitest';
import { batchDeadline, daysLeft, filterQueue, isTyping, latestDeadline, matchedRecords, progress, sortQueue, verdictForKey, type PatchResult } from '../../viewer/src/lib/review.ts';

const p = (id: string, cls: PatchResult['class'], area: number, township: string | undefined = 'A'): PatchResult => ({ id, class: cls, overlap: 0, ids: [], batch: 'B', area_m2: area, township });

describe('sortQueue', () => {
  it('orders by class (new, rebuilt, known_new, stock, legal, removal), then area desc, then id', () => {
    const q = sortQueue([p('a', 'removal', 900), p('b', 'legal', 10), p('c', 'new', 5), p('d', 'rebuilt', 1), p('e', 'new', 50), p('f', 'stock', 3), p('g', 'known_new', 2), p('h', 'new', 50)]);
    expect(q.map((x) => x.id)).toEqual(['e', 'h', 'c', 'd', 'g', 'f', 'b', 'a']);
  });
  it('does not change its input', () => {
    const input = [p('x', 'legal', 1), p('y', 'new', 1)];
    sortQueue(input);
    expect(input.map((x) => x.id)).toEqual(['x', 'y']);
  });
});

describe('filterQueue', () => {
  it('filters by township and class; null means all', () => {
    const q = [p('a', 'new', 1, 'A'), p('b', 'legal', 1, 'A'), p('c', 'new', 1, 'B')];
    expect(filterQueue(q, { township: 'A', cls: null }).map((x) => x.id)).toEqual(['a', 'b']);
    expect(filterQueue(q, { township: null, cls: 'new' }).map((x) => x.id)).toEqual(['a', 'c']);
    expect(filterQueue(q, { township: 'B', cls: 'legal' })).toEqual([]);
  });
});

describe('batch deadline', () => {
  it('is the last day of the month after the later image', () => {
    expect(batchDeadline('2024-06-28')).toBe('2024-07-31');
    expect(batchDeadline('2024-01-31')).toBe('2024-02-29'); // leap year
    expect(batchDeadline('2023-01-01')).toBe('2023-02-28');
    expect(batchDeadline('2024-12-05')).toBe('2025-01-31'); // across the year
    expect(batchDeadline('2024-11-30')).toBe('2024-12-31');
  });
  it('throws on a date it cannot read, naming it', () => {
    expect(() => batchDeadline('2024/06/28')).toThrow('"2024/06/28"');
  });
  it('takes the latest over a batch', () => {
    expect(latestDeadline(['2024-03-01', '2024-04-02', '2024-03-30'])).toBe('2024-05-31');
    expect(latestDeadline([])).toBeNull();
  });
  it('counts days left, negative once passed', () => {
    expect(daysLeft('2024-07-31', '2024-07-01')).toBe(30);
    expect(daysLeft('2024-07-31', '2024-07-31')).toBe(0);
    expect(daysLeft('2024-02-29', '2024-03-02')).toBe(-2);
  });
});

describe('progress', () => {
  it('counts verified and overdue per township and in total', () => {
    const q = [p('a', 'new', 1, '乙'), p('b', 'new', 1, '甲'), p('c', 'new', 1, '甲'), { ...p('d', 'new', 1), township: undefined }];
    const deadlines: Record<string, string> = { a: '2024-05-31', b: '2024-05-31', c: '2024-08-31', d: '2024-05-31' };
    const r = progress(q, new Set(['b']), (id) => deadlines[id], '2024-06-15');
    expect(r.total).toEqual({ township: '', total: 4, verified: 1, overdue: 2 });
    expect(r.townships.find((t) => t.township === '甲')).toEqual({ township: '甲', total: 2, verified: 1, overdue: 0 });
    expect(r.townships.find((t) => t.township === '乙')).toEqual({ township: '乙', total: 1, verified: 0, overdue: 1 });
    expect(r.townships.find((t) => t.township === '—')).toEqual({ township: '—', total: 1, verified: 0, overdue: 1 });
  });
});

describe('keys', () => {
  const el = (tagName: string) => ({ tagName }) as unknown as EventTarget;
  it('maps 1/2/3 to legal/illegal/false change', () => {
    expect(verdictForKey('1', null)).toBe('legal');
    expect(verdictForKey('2', el('BODY'))).toBe('illegal');
    expect(verdictForKey('3', el('DIV'))).toBe('false_change');
    expect(verdictForKey('4', null)).toBeNull();
  });
  it('never decides while the user types in a field', () => {
    expect(verdictForKey('1', el('TEXTAREA'))).toBeNull();
    expect(verdictForKey('2', el('INPUT'))).toBeNull();
    expect(isTyping(el('SELECT'))).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
  });
});

describe('matchedRecords', () => {
  it('splits legal matches into permits and ledger:<id> records', () => {
    expect(matchedRecords({ class: 'legal', ids: ['PM-1', 'ledger:L-3'] })).toEqual({ ledger: ['L-3'], permits: ['PM-1'] });
  });
  it('reads the ids of the other classes as ledger records', () => {
    expect(matchedRecords({ class: 'rebuilt', ids: ['L-2'] })).toEqual({ ledger: ['L-2'], permits: [] });
    expect(matchedRecords({ class: 'new', ids: [] })).toEqual({ ledger: [], permits: [] });
  });
});
