// County codes: the 6-digit 行政区划代码 that keys every per-county row of the PostgreSQL store.
// A code is checked before it reaches any statement, so a typo is a clear error, never an empty
// result from a county that does not exist.

export class CountyError extends Error {
  constructor(
    message: string,
    /** 400: the code is not a county code at all; 404: well formed but not in this store. */
    readonly status: 400 | 404,
  ) {
    super(message);
    this.name = 'CountyError';
  }
}

/** Throws unless `code` is a 6-digit county code (a province's or prefecture's, ending in 00, is not). */
export function checkCountyCode(code: unknown): string {
  const text = typeof code === 'number' ? String(code) : code;
  if (typeof text !== 'string' || !/^[0-9]{6}$/.test(text)) {
    throw new CountyError(`county code ${JSON.stringify(code)} is not a 6-digit 行政区划代码 such as "330723"`, 400);
  }
  if (text.endsWith('00')) {
    throw new CountyError(`county code "${text}" names a province or prefecture (it ends in 00), not a county`, 400);
  }
  return text;
}
