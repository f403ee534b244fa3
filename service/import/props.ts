// Raw attributes → typed layer properties (docs/spec/layers.md): field mapping, dates, numbers, enums,
// required properties. Each problem names the property; the pipeline adds file and index.
import { LAYERS, type LayerName, type PropDef, type PropValue } from '../layers/schema.ts';
import { parseDate } from './dates.ts';
import { FieldResolver, normaliseEnum } from './attribute-names.ts';

export interface PropProblem {
  field: string;
  message: string;
}

export interface TypedProps {
  props: Record<string, PropValue>;
  extra: Record<string, unknown>;
  problems: PropProblem[];
}

const NUMERIC = /^[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const t = v.trim();
    return NUMERIC.test(t) ? Number(t.replace(/,/g, '')) : undefined;
  }
  return undefined;
}

function show(v: unknown): string {
  return v instanceof Date ? v.toISOString() : JSON.stringify(v);
}

export class PropTyper {
  private readonly resolver: FieldResolver;
  private readonly defs: readonly PropDef[];
  private readonly idSlot: number;

  constructor(
    layer: LayerName,
    fieldMap: Record<string, string> | undefined,
    private readonly excelDates: boolean,
  ) {
    this.resolver = new FieldResolver(layer, fieldMap);
    this.defs = LAYERS[layer].props;
    this.idSlot = this.defs.findIndex((d) => d.name === 'id');
  }

  type(raw: Record<string, unknown>, featureId?: unknown): TypedProps {
    const defs = this.defs;
    const props: Record<string, PropValue> = {};
    const extra: Record<string, unknown> = {};
    const problems: PropProblem[] = [];
    // One slot per schema property (array, not a keyed object: this runs once per feature).
    const values: unknown[] = new Array(defs.length);
    for (const column in raw) {
      const value = raw[column];
      const slot = this.resolver.slot(column);
      // A second column for the same property (e.g. both 编号 and id) keeps the first non-empty one.
      if (slot >= 0 && isEmpty(values[slot])) {
        if (values[slot] !== undefined && values[slot] !== null) extra[column] = values[slot];
        values[slot] = value;
      } else extra[slot >= 0 ? column : this.resolver.extraName(column)] = value;
    }
    if (this.idSlot >= 0 && isEmpty(values[this.idSlot]) && featureId !== undefined && featureId !== null) values[this.idSlot] = featureId;
    for (let k = 0; k < defs.length; k++) {
      const def = defs[k];
      const value = values[k];
      if (isEmpty(value)) {
        if (def.required) problems.push({ field: def.name, message: `required property "${def.name}" is missing` });
        props[def.name] = null;
        continue;
      }
      const typed = this.convert(def, value, problems);
      props[def.name] = typed === undefined ? null : typed;
    }
    return { props, extra, problems };
  }

  private convert(def: PropDef, value: unknown, problems: PropProblem[]): PropValue | undefined {
    switch (def.type) {
      case 'date': {
        const d = parseDate(value, { excelSerial: this.excelDates });
        if (d === undefined) problems.push({ field: def.name, message: `property "${def.name}" is not a date: ${show(value)}` });
        return d;
      }
      case 'number':
      case 'integer': {
        const n = toNumber(value);
        if (n === undefined) {
          problems.push({ field: def.name, message: `property "${def.name}" is not a number: ${show(value)}` });
          return undefined;
        }
        if (def.type === 'integer' && !Number.isInteger(n)) {
          problems.push({ field: def.name, message: `property "${def.name}" is not a whole number: ${show(value)}` });
          return undefined;
        }
        if (def.positive && !(n > 0)) {
          problems.push({ field: def.name, message: `property "${def.name}" must be greater than 0, got ${n}` });
          return undefined;
        }
        return n;
      }
      case 'string': {
        let text: string;
        if (typeof value === 'string') text = value.trim();
        else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
        else if (value instanceof Date) text = value.toISOString().slice(0, 10);
        else {
          problems.push({ field: def.name, message: `property "${def.name}" is not text: ${show(value)}` });
          return undefined;
        }
        if (!def.values) return text;
        const e = normaliseEnum(def, text);
        if (!e.known && def.strictEnum) {
          problems.push({
            field: def.name,
            message: `property "${def.name}" has unknown value ${JSON.stringify(text)} (expected one of ${def.values.join(', ')})`,
          });
          return undefined;
        }
        return e.value;
      }
    }
  }
}
