// A plan request checked field by field; every refusal names the field it is about, so a form
// can point at it. `today` and the known townships come from the caller (clock, layers).
import { addDays, isIsoDate } from './calendar.ts';
import { WEEKDAYS, type Crew, type PlanParams, type Weekday } from './types.ts';

export class PlanInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The longest plan accepted: two years of weeks. */
export const MAX_WEEKS = 104;

export function parsePlanRequest(body: unknown, ctx: { today: string; townships: ReadonlySet<string> }): PlanParams {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new PlanInputError('body', 'must be a JSON object');
  const b = body as Record<string, unknown>;

  if (!isIsoDate(b.from)) throw new PlanInputError('from', `must be a date YYYY-MM-DD; got ${JSON.stringify(b.from)}`);
  if (b.from < addDays(ctx.today, -365)) throw new PlanInputError('from', `${b.from} is more than a year before today (${ctx.today})`);

  if (typeof b.weeks !== 'number' || !Number.isInteger(b.weeks) || b.weeks < 1 || b.weeks > MAX_WEEKS) {
    throw new PlanInputError('weeks', `must be a whole number of weeks from 1 to ${MAX_WEEKS}; got ${JSON.stringify(b.weeks)}`);
  }

  const rawDays = b.weekdays ?? ['thu'];
  if (!Array.isArray(rawDays) || rawDays.length === 0) throw new PlanInputError('weekdays', `needs at least one of ${WEEKDAYS.join(', ')}`);
  const weekdays: Weekday[] = [];
  for (const [i, d] of rawDays.entries()) {
    const w = typeof d === 'string' ? d.trim().toLowerCase().slice(0, 3) : '';
    if (!(WEEKDAYS as readonly string[]).includes(w)) throw new PlanInputError(`weekdays[${i}]`, `must be one of ${WEEKDAYS.join(', ')}; got ${JSON.stringify(d)}`);
    if (!weekdays.includes(w as Weekday)) weekdays.push(w as Weekday);
  }
  weekdays.sort((a, c) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(c));

  if (!Array.isArray(b.crews) || b.crews.length === 0) throw new PlanInputError('crews', 'needs at least one crew { name, m2_per_day }');
  const crews: Crew[] = [];
  for (const [i, c] of (b.crews as unknown[]).entries()) {
    const at = `crews[${i}]`;
    if (!c || typeof c !== 'object') throw new PlanInputError(at, 'must be { name, m2_per_day, townships? }');
    const { name, m2_per_day, townships } = c as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim()) throw new PlanInputError(`${at}.name`, 'is required');
    if (crews.some((x) => x.name === name.trim())) throw new PlanInputError(`${at}.name`, `"${name}" names two crews`);
    if (typeof m2_per_day !== 'number' || !Number.isFinite(m2_per_day) || m2_per_day <= 0) {
      throw new PlanInputError(`${at}.m2_per_day`, `crew "${name}" needs a capacity in m² per day above 0; got ${JSON.stringify(m2_per_day)}`);
    }
    const crew: Crew = { name: name.trim(), m2_per_day };
    if (townships !== undefined && townships !== null) {
      if (!Array.isArray(townships) || townships.some((t) => typeof t !== 'string')) throw new PlanInputError(`${at}.townships`, 'must be a list of township names');
      for (const t of townships as string[]) {
        if (!ctx.townships.has(t)) throw new PlanInputError(`${at}.townships`, `unknown township "${t}"`);
      }
      if (townships.length) crew.townships = [...(townships as string[])];
    }
    crews.push(crew);
  }

  if (b.require_notice !== undefined && typeof b.require_notice !== 'boolean') throw new PlanInputError('require_notice', 'must be true or false');
  return { from: b.from, weeks: b.weeks, weekdays, crews, require_notice: b.require_notice ?? true };
}
