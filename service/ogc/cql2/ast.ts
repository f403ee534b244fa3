// The CQL2 expressions the service understands, as a tree. The parser builds it from text, the
// SQL compiler turns it into a WHERE clause with bound values, nothing else reads the text.
import type { Geometry } from 'geojson';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: string };

export type Operand = Literal | { kind: 'property'; name: string; at: number };

export type ComparisonOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

export type Expr =
  | { kind: 'and' | 'or'; args: Expr[] }
  | { kind: 'not'; arg: Expr }
  | { kind: 'compare'; op: ComparisonOp; left: Operand; right: Operand }
  | { kind: 'like'; negated: boolean; left: Operand; pattern: Operand }
  | { kind: 'between'; negated: boolean; value: Operand; low: Operand; high: Operand }
  | { kind: 'in'; negated: boolean; value: Operand; list: Operand[] }
  | { kind: 'isNull'; negated: boolean; value: Operand }
  | { kind: 'intersects'; property: string; geometry: Geometry }
  | { kind: 'boolean'; value: boolean };

/** A filter the service cannot run; `token` is the text at fault, shown to the client. */
export class Cql2Error extends Error {
  constructor(
    message: string,
    readonly token: string,
    readonly at: number,
  ) {
    super(message);
  }
}
