import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../viewer/src/lib/csv.ts';

describe('csv', () => {
  it('quotes only what needs quoting (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(['x', 'y'])).toBe('x;y');
  });
  it('disarms cells Excel would run as formulas, leaving numbers alone', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+86')).toBe("'+86");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-3)).toBe('-3');
  });
  it('writes a BOM, a header and CRLF lines', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: '城南路' }, { a: null }])).toBe('\ufeffa,b\r\n1,城南路\r\n,\r\n');
  });
});
