// The one CSV writer: BOM, header, lists, and formula-like text shown as text, never run.
import { describe, expect, it } from 'vitest';
import { cell, csvText } from '../../service/export/csv.ts';

describe('CSV writer', () => {
  it('starts with the BOM and the header, and writes absent values as empty cells', () => {
    expect(csvText(['id', 'n', 'ok'], [{ id: 'L-1', n: 2.5, ok: true }, { id: 'L-2' }])).toBe('\ufeffid,n,ok\nL-1,2.5,1\nL-2,,\n');
  });

  it('defuses text a spreadsheet would run: = + - @ tab and carriage return', () => {
    expect(['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', '\rx', 'a=b'].map(cell)).toEqual([
      "'=1+1",
      "'+86 138",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'a=b',
    ]);
    // Numbers stay numbers: -2 as a number is a value, not a formula.
    expect(cell(-2)).toBe(-2);
    expect(csvText(['note'], [{ note: '=HYPERLINK("http://x")' }])).toBe('\ufeffnote\n"\'=HYPERLINK(""http://x"")"\n');
  });

  it('joins lists with semicolons, defusing the joined text too', () => {
    expect(cell(['P1', 'P2'])).toBe('P1;P2');
    expect(cell(['-P1', 'P2'])).toBe("'-P1;P2");
  });
});
