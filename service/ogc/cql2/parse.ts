// CQL2 text (OGC 21-065) → expression tree, by recursive descent. Covered: comparison, AND/OR/NOT,
// LIKE, IN, BETWEEN, IS [NOT] NULL, DATE('…') and TIMESTAMP('…') literals, and S_INTERSECTS with
// a POINT, LINESTRING, POLYGON or BBOX literal. Anything else stops with a Cql2Error naming the
// token, so the client learns what was not understood instead of getting a wrong answer.
//
//   orExpr    := andExpr ( OR andExpr )*
//   andExpr   := notExpr ( AND notExpr )*
//   notExpr   := NOT notExpr | primary
//   primary   := '(' orExpr ')' | TRUE | FALSE | S_INTERSECTS '(' operand ',' geometry ')' | predicate
//   predicate := operand ( compOp operand | [NOT] LIKE operand | [NOT] BETWEEN operand AND operand
//                        | [NOT] IN '(' operand (',' operand)* ')' | IS [NOT] NULL )
import type { Geometry, Position } from 'geojson';
import { Cql2Error, type ComparisonOp, type Expr, type Operand } from './ast.ts';
import { tokenize, type Token } from './lexer.ts';

const SPATIAL_UNSUPPORTED = /^(S_CONTAINS|S_CROSSES|S_DISJOINT|S_EQUALS|S_OVERLAPS|S_TOUCHES|S_WITHIN)$/i;
const TEMPORAL = /^(T_\w+|INTERVAL)$/i;
const ARRAY = /^(A_\w+)$/i;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseCql2(text: string): Expr {
  return new Parser(tokenize(text)).parseAll();
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    if (this.peek().kind === 'end') throw new Cql2Error('empty filter', '', 0);
    const e = this.orExpr();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t, 'AND, OR or the end of the filter');
    return e;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }
  private acceptWord(word: string): boolean {
    if (this.isWord(this.peek(), word)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expectWord(word: string): void {
    if (!this.acceptWord(word)) this.unexpected(this.peek(), word);
  }
  private expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) this.unexpected(t, `"${p}"`);
  }
  private unexpected(t: Token, wanted: string): never {
    const shown = t.kind === 'end' ? 'end of filter' : t.kind === 'string' ? `'${t.text}'` : t.text;
    throw new Cql2Error(`unexpected ${shown} at character ${t.at + 1}; expected ${wanted}`, shown, t.at);
  }

  private orExpr(): Expr {
    const args = [this.andExpr()];
    while (this.acceptWord('OR')) args.push(this.andExpr());
    return args.length === 1 ? args[0] : { kind: 'or', args };
  }

  private andExpr(): Expr {
    const args = [this.notExpr()];
    while (this.acceptWord('AND')) args.push(this.notExpr());
    return args.length === 1 ? args[0] : { kind: 'and', args };
  }

  private notExpr(): Expr {
    if (this.acceptWord('NOT')) return { kind: 'not', arg: this.notExpr() };
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.i++;
      const e = this.orExpr();
      this.expectPunct(')');
      return e;
    }
    if (t.kind === 'word') {
      const word = t.text.toUpperCase();
      const call = this.peek(1).kind === 'punct' && this.peek(1).text === '(';
      if ((word === 'TRUE' || word === 'FALSE') && !this.startsPredicate(this.peek(1))) {
        this.i++;
        return { kind: 'boolean', value: word === 'TRUE' };
      }
      if (word === 'S_INTERSECTS' && call) return this.intersects();
      if (call && (SPATIAL_UNSUPPORTED.test(word) || TEMPORAL.test(word) || ARRAY.test(word))) {
        throw new Cql2Error(`${t.text} is not supported; spatial filters offer S_INTERSECTS only`, t.text, t.at);
      }
    }
    return this.predicate();
  }

  private startsPredicate(t: Token): boolean {
    return t.kind === 'op' || ['LIKE', 'BETWEEN', 'IN', 'IS', 'NOT'].some((w) => this.isWord(t, w));
  }

  private predicate(): Expr {
    const left = this.operand();
    const t = this.peek();
    if (t.kind === 'op') {
      this.i++;
      return { kind: 'compare', op: t.text as ComparisonOp, left, right: this.operand() };
    }
    if (this.acceptWord('IS')) {
      const negated = this.acceptWord('NOT');
      this.expectWord('NULL');
      return { kind: 'isNull', negated, value: left };
    }
    const negated = this.acceptWord('NOT');
    if (this.acceptWord('LIKE')) return { kind: 'like', negated, left, pattern: this.operand() };
    if (this.acceptWord('BETWEEN')) {
      const low = this.operand();
      this.expectWord('AND');
      return { kind: 'between', negated, value: left, low, high: this.operand() };
    }
    if (this.acceptWord('IN')) {
      this.expectPunct('(');
      const list = [this.operand()];
      while (this.peek().kind === 'punct' && this.peek().text === ',') {
        this.i++;
        list.push(this.operand());
      }
      this.expectPunct(')');
      return { kind: 'in', negated, value: left, list };
    }
    return this.unexpected(this.peek(), 'a comparison (=, <>, <, >, <=, >=), LIKE, BETWEEN, IN or IS NULL');
  }

  private operand(): Operand {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.text };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.kind === 'quoted') return { kind: 'property', name: t.text, at: t.at };
    if (t.kind === 'word') {
      const word = t.text.toUpperCase();
      const call = this.peek().kind === 'punct' && this.peek().text === '(';
      if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' };
      if ((word === 'DATE' || word === 'TIMESTAMP') && call) {
        this.i++;
        const v = this.next();
        if (v.kind !== 'string') this.unexpected(v, `a quoted ${word.toLowerCase()} such as '2024-03-01'`);
        const ok = word === 'DATE' ? ISO_DATE.test(v.text) && !Number.isNaN(Date.parse(v.text)) : ISO_TIMESTAMP.test(v.text) && !Number.isNaN(Date.parse(v.text));
        if (!ok) throw new Cql2Error(`${word}('${v.text}') is not a valid ${word === 'DATE' ? 'YYYY-MM-DD date' : 'RFC 3339 timestamp'}`, `'${v.text}'`, v.at);
        this.expectPunct(')');
        return word === 'DATE' ? { kind: 'date', value: v.text } : { kind: 'timestamp', value: v.text };
      }
      if (call) throw new Cql2Error(`function ${t.text}() is not supported`, t.text, t.at);
      if (['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL'].includes(word)) this.unexpected(t, 'a property name or a value');
      return { kind: 'property', name: t.text, at: t.at };
    }
    return this.unexpected(t, 'a property name or a value');
  }

  private intersects(): Expr {
    this.i += 2; // S_INTERSECTS (
    const prop = this.operand();
    if (prop.kind !== 'property') this.unexpected(this.tokens[this.i - 1], 'the geometry property');
    this.expectPunct(',');
    const geometry = this.geometry();
    this.expectPunct(')');
    return { kind: 'intersects', property: prop.name, geometry };
  }

  private number(): number {
    const t = this.next();
    if (t.kind !== 'number') this.unexpected(t, 'a coordinate');
    return Number(t.text);
  }

  private position(): Position {
    const p = [this.number(), this.number()];
    if (this.peek().kind === 'number') this.number(); // a z value is accepted and dropped
    return p;
  }

  private list<T>(item: () => T): T[] {
    this.expectPunct('(');
    const out = [item()];
    while (this.peek().kind === 'punct' && this.peek().text === ',') {
      this.i++;
      out.push(item());
    }
    this.expectPunct(')');
    return out;
  }

  private geometry(): Geometry {
    const t = this.next();
    const word = t.kind === 'word' ? t.text.toUpperCase() : '';
    switch (word) {
      case 'POINT':
        return { type: 'Point', coordinates: this.list(() => this.position())[0] };
      case 'LINESTRING':
        return { type: 'LineString', coordinates: this.list(() => this.position()) };
      case 'POLYGON': {
        const rings = this.list(() => this.list(() => this.position()));
        for (const r of rings) {
          const [a, b] = [r[0], r[r.length - 1]];
          if (r.length < 4 || a[0] !== b[0] || a[1] !== b[1]) throw new Cql2Error('a POLYGON ring must be closed and have at least 4 positions', 'POLYGON', t.at);
        }
        return { type: 'Polygon', coordinates: rings };
      }
      case 'BBOX': {
        const n = this.list(() => this.number());
        if (n.length !== 4) throw new Cql2Error(`BBOX needs 4 numbers, got ${n.length}`, 'BBOX', t.at);
        const [w, s, e, no] = n;
        if (w > e || s > no) throw new Cql2Error('BBOX has min greater than max', 'BBOX', t.at);
        return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, no], [w, no], [w, s]]] };
      }
      default:
        if (t.kind === 'word') throw new Cql2Error(`geometry literal ${t.text} is not supported; use POINT, LINESTRING, POLYGON or BBOX`, t.text, t.at);
        return this.unexpected(t, 'a geometry literal (POINT, LINESTRING, POLYGON or BBOX)');
    }
  }
}
