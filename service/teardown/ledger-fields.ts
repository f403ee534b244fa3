// The ledger attributes a field update may change besides the status (layers.md): what was built
// (violation_type) and the land use after a teardown (reuse, reuse_on). Values are read as an
// import reads them — Chinese terms included — and a bad one is refused with its field and value.
import { parseDate } from '../import/dates.ts';
import { normaliseEnum } from '../import/attribute-names.ts';
import { LAYERS } from '../layers/schema.ts';

export const EDITABLE_FIELDS = ['violation_type', 'reuse', 'reuse_on'] as const;
export type FieldEdits = Partial<Record<(typeof EDITABLE_FIELDS)[number], string | null>>;

const prop = (name: string) => LAYERS.ledger.props.find((p) => p.name === name)!;

/** Validated edits: only the fields present in `body`; null or '' clears a field. */
export function fieldEdits(body: Record<string, unknown>): FieldEdits {
  const out: FieldEdits = {};
  for (const name of EDITABLE_FIELDS) {
    if (!(name in body)) continue;
    const value = body[name];
    if (value === null || value === '') {
      out[name] = null;
      continue;
    }
    if (typeof value !== 'string') throw new Error(`${name} must be text; got ${JSON.stringify(value)}`);
    if (name === 'reuse_on') {
      const d = parseDate(value);
      if (!d) throw new Error(`reuse_on is not a date: ${JSON.stringify(value)}`);
      out.reuse_on = d;
      continue;
    }
    const def = prop(name);
    const e = normaliseEnum(def, value);
    if (!e.known && def.strictEnum) throw new Error(`${name} has unknown value ${JSON.stringify(value)} (expected one of ${def.values!.join(', ')})`);
    out[name] = e.value;
  }
  return out;
}
