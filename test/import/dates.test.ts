import { describe, expect, it } from 'vitest';
import { parseDate } from '../../service/import/index.ts';

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024-03-05T10:20:00Z', '2024-03-05'],
    ['2024-03-05 10:20:00', '2024-03-05'],
    ['202403', '2024-03-01'],
    ['2024-03', '2024-03-01'],
    ['2024.3', '2024-03-01'],
    ['2024年3月', '2024-03-01'],
    [' 2024年12月 ', '2024-12-01'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each(['', '   ', null, undefined])('reads %j as no date', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', 'yesterday', '3/5/2024', '2024', true, {}])('rejects %j', (input) => {
    expect(parseDate(input)).toBeUndefined();
  });

  it('reads Excel serial days only when asked (CSV and Shapefile)', () => {
    // 45000 = 2023-03-15; 45356 = 2024-03-05 (day 0 = 1899-12-30, right for every date after
    // Excel's phantom 1900-02-29, so serial 1 reads one day early: no county record is that old).
    expect(parseDate(45000, { excelSerial: true })).toBe('2023-03-15');
    expect(parseDate('45356', { excelSerial: true })).toBe('2024-03-05');
    expect(parseDate(1, { excelSerial: true })).toBe('1899-12-31');
    expect(parseDate(45000)).toBeUndefined();
    expect(parseDate('45356')).toBeUndefined();
  });

  it('reads 6- and 8-digit numbers as YYYYMM / YYYYMMDD (numeric .dbf fields)', () => {
    expect(parseDate(202403)).toBe('2024-03-01');
    expect(parseDate(20240305, { excelSerial: true })).toBe('2024-03-05');
  });

  it('reads Date objects by their calendar day', () => {
    expect(parseDate(new Date(2024, 2, 5))).toBe('2024-03-05');
  });
});
