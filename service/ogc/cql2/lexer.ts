// CQL2 text → tokens. Keywords are case-insensitive; `"quoted"` identifiers keep their case;
// strings are single-quoted with '' for a quote.
import { Cql2Error } from './ast.ts';

export type TokenKind = 'word' | 'string' | 'number' | 'op' | 'punct' | 'quoted' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  at: number;
}

const OPS = ['<=', '>=', '<>', '=', '<', '>'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Cql2Error(`unterminated string starting at character ${start + 1}`, src.slice(start, start + 20), start);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += src[i++];
      }
      out.push({ kind: 'string', text, at: start });
    } else if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new Cql2Error(`unterminated quoted name at character ${start + 1}`, src.slice(start, start + 20), start);
      out.push({ kind: 'quoted', text: src.slice(i + 1, end), at: start });
      i = end + 1;
    } else if (/[0-9]/.test(ch) || ((ch === '-' || ch === '+' || ch === '.') && /[0-9.]/.test(src[i + 1] ?? ''))) {
      const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ kind: 'number', text: m[0], at: start });
      i += m[0].length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_:.\u0080-\uffff]*/.exec(src.slice(i))!;
      out.push({ kind: 'word', text: m[0], at: start });
      i += m[0].length;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ kind: 'punct', text: ch, at: start });
      i++;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new Cql2Error(`unexpected character "${ch}" at character ${start + 1}`, ch, start);
      out.push({ kind: 'op', text: op, at: start });
      i += op.length;
    }
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}
