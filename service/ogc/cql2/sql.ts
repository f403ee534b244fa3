// Expression tree → a DuckDB WHERE fragment. Property names are looked up in the layer schema and
// written with the store's identifier quoting; every value is a bound parameter. S_INTERSECTS is
// resolved beforehand (spatial.ts: bbox prefilter in SQL, exact test in TypeScript) to the fids
// that intersect, which arrive here as one bound list.
import type { DuckDBValue } from '@duckdb/node-api';
import { LAYERS, type LayerName, type PropType } from '../../layers/schema.ts';
import { ident } from '../../store/db.ts';
import { Cql2Error, type Expr, type Operand } from './ast.ts';

export const GEOMETRY_PROPERTY = 'geometry';

type ValueType = PropType | 'timestamp' | 'boolean';
interface Sql {
  sql: string;
  type: ValueType;
  literal: boolean;
}

export type IntersectsExpr = Extract<Expr, { kind: 'intersects' }>;

/** Every S_INTERSECTS in the tree, so their fids can be looked up before compiling. */
export function spatialTerms(e: Expr, out: IntersectsExpr[] = []): IntersectsExpr[] {
  if (e.kind === 'and' || e.kind === 'or') e.args.forEach((a) => spatialTerms(a, out));
  else if (e.kind === 'not') spatialTerms(e.arg, out);
  else if (e.kind === 'intersects') out.push(e);
  return out;
}

export function checkGeometryProperty(layer: LayerName, e: IntersectsExpr): void {
  if (e.property !== GEOMETRY_PROPERTY) {
    throw new Cql2Error(`S_INTERSECTS needs the geometry property "${GEOMETRY_PROPERTY}" of ${layer}, got "${e.property}"`, e.property, 0);
  }
}

export function compileCql2(layer: LayerName, e: Expr, fids: Map<IntersectsExpr, number[]>): { sql: string; params: DuckDBValue[] } {
  const params: DuckDBValue[] = [];
  const props = new Map(LAYERS[layer].props.map((p) => [p.name, p]));

  const operand = (o: Operand, other?: Operand): Sql => {
    switch (o.kind) {
      case 'property': {
        const p = props.get(o.name);
        if (!p) {
          const hint = o.name === GEOMETRY_PROPERTY ? ' (the geometry can only be used in S_INTERSECTS)' : '';
          throw new Cql2Error(`unknown property "${o.name}" of ${layer}${hint}; queryables: ${[...props.keys()].join(', ')}`, o.name, o.at);
        }
        return { sql: ident(p.name), type: p.type, literal: false };
      }
      case 'string': {
        // A plain string compared with a date property may be an ISO date (a common shorthand).
        const otherType = other?.kind === 'property' ? props.get(other.name)?.type : undefined;
        if (otherType === 'date') {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(o.value)) throw new Cql2Error(`'${o.value}' is not a date; use DATE('YYYY-MM-DD')`, `'${o.value}'`, 0);
          params.push(o.value);
          return { sql: 'CAST(? AS DATE)', type: 'date', literal: true };
        }
        params.push(o.value);
        return { sql: '?', type: 'string', literal: true };
      }
      case 'number':
        params.push(o.value);
        return { sql: 'CAST(? AS DOUBLE)', type: 'number', literal: true };
      case 'date':
        params.push(o.value);
        return { sql: 'CAST(? AS DATE)', type: 'date', literal: true };
      case 'timestamp':
        // Compared as UTC wall-clock time; dates count as midnight UTC.
        params.push(new Date(o.value).toISOString().slice(0, 23));
        return { sql: 'CAST(? AS TIMESTAMP)', type: 'timestamp', literal: true };
      case 'boolean':
        return { sql: o.value ? 'TRUE' : 'FALSE', type: 'boolean', literal: true };
    }
  };

  const family = (t: ValueType) => (t === 'integer' ? 'number' : t === 'timestamp' ? 'date' : t);
  const shown = (o: Operand) => (o.kind === 'property' ? o.name : o.kind === 'string' ? `'${o.value}'` : String(o.value));

  /** Both sides as SQL of comparable types; a date compared with a timestamp becomes a timestamp. */
  const pair = (a: Operand, b: Operand): [string, string] => {
    const x = operand(a, b);
    const y = operand(b, a);
    if (family(x.type) !== family(y.type)) {
      const bad = x.literal ? a : b;
      throw new Cql2Error(`${shown(bad)} cannot be compared with ${shown(x.literal ? b : a)} (${x.type} vs ${y.type})`, shown(bad), bad.kind === 'property' ? bad.at : 0);
    }
    const ts = (s: Sql) => (x.type === 'timestamp' || y.type === 'timestamp') && s.type === 'date' ? `CAST(${s.sql} AS TIMESTAMP)` : s.sql;
    return [ts(x), ts(y)];
  };

  // The property is read once per bound, so it must not carry parameters of its own.
  const needsProperty = (o: Operand, what: string) => {
    if (o.kind !== 'property') throw new Cql2Error(`${what} needs a property on its left, got ${shown(o)}`, shown(o), 0);
  };

  const compile = (e: Expr): string => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return `(${e.args.map(compile).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${compile(e.arg)})`;
      case 'boolean':
        return e.value ? 'TRUE' : 'FALSE';
      case 'compare': {
        const [l, r] = pair(e.left, e.right);
        return `(${l} ${e.op} ${r})`;
      }
      case 'like': {
        const l = operand(e.left);
        if (l.type !== 'string') throw new Cql2Error(`LIKE needs a text property, ${shown(e.left)} is ${l.type}`, shown(e.left), 0);
        if (e.pattern.kind !== 'string') throw new Cql2Error(`LIKE needs a quoted pattern, got ${shown(e.pattern)}`, shown(e.pattern), 0);
        params.push(e.pattern.value);
        return `(${l.sql} ${e.negated ? 'NOT LIKE' : 'LIKE'} ? ESCAPE '\\')`;
      }
      case 'between': {
        needsProperty(e.value, 'BETWEEN');
        const [v, lo] = pair(e.value, e.low);
        const [, hi] = pair(e.value, e.high);
        return `(${v} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${lo} AND ${hi})`;
      }
      case 'in': {
        needsProperty(e.value, 'IN');
        const items = e.list.map((item) => pair(e.value, item));
        return `(${items[0][0]} ${e.negated ? 'NOT IN' : 'IN'} (${items.map((i) => i[1]).join(', ')}))`;
      }
      case 'isNull':
        return `(${operand(e.value).sql} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'intersects': {
        const list = fids.get(e) ?? [];
        if (list.length === 0) return 'FALSE';
        params.push(`[${list.join(',')}]`);
        return `(fid IN (SELECT unnest(CAST(? AS BIGINT[]))))`;
      }
    }
  };

  return { sql: compile(e), params };
}
