// WAL positions as the read-after-write rule compares them: hex high/low words, and an insert
// position just past a page header counted as the page boundary the replica's replay stops at.
import { describe, expect, it } from 'vitest';
import { parseLsn, replayTarget } from '../../service/store/pg/read-route.ts';

describe('WAL positions', () => {
  it('reads high and low words as one number', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16n * 2n ** 32n + 0xb374d848n);
    expect(parseLsn('0/3000000') < parseLsn('0/3000001')).toBe(true);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('takes an insert position just past a page header back to the page boundary', () => {
    expect(replayTarget('0/3000028')).toBe(0x3000000n); // first page of a segment: 40-byte header
    expect(replayTarget('0/3002018')).toBe(0x3002000n); // any other page: 24 bytes
    expect(replayTarget('0/3002020')).toBe(0x3002020n); // inside a page: as it is
    expect(replayTarget('0/311BE70')).toBe(0x311be70n);
  });

  it('refuses what is not a position', () => {
    expect(() => parseLsn('3000028')).toThrow(/not a WAL position/);
    expect(() => parseLsn('0/xyz')).toThrow(/not a WAL position/);
  });
});
