// CSV cells that Excel would run as formulas (=, +, -, @, tab, CR first) get a leading
// apostrophe, the OWASP-recommended neutraliser; numbers stay numbers. Every CSV writer passes
// its cells through here (csv-stringify's cast hooks or safeCell directly).
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** csv-stringify options that neutralise formula cells. */
export const SAFE_CAST = {
  cast: {
    string: (v: string) => (FORMULA_START.test(v) ? `'${v}` : v),
  },
} as const;
