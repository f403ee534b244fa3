// CSV for the exports built in the browser: RFC 4180 quoting and a UTF-8 BOM so that Excel on a
// Chinese Windows opens the file as UTF-8 instead of GBK.
export const BOM = '\ufeff';

/** A field quoted when it holds a comma, a quote, a line break or leading/trailing spaces. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(';') : String(value);
  // Excel runs a cell starting with = + - @ (or tab, CR) as a formula; an apostrophe disarms it.
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** Hands a text or a fetched file to the browser as a download. */
export function download(filename: string, content: string | Blob, type?: string): void {
  const url = URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
