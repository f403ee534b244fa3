// Teardown plans over HTTP: make a plan (enforcer, admin), list and read plans, move a record to
// another crew-day by hand. Work orders (PDF per crew-day, workbook per plan) and progress read
// the stored plan. The routes speak to a PlanStore per request, so the same module serves the
// DuckDB store and each county of the PostgreSQL store.
import { Hono } from 'hono';
import { requireRole, type AppEnv } from '../http/auth.ts';
import { WORK_ROLES } from '../layers/roles.ts';
import type { EventHub } from '../events.ts';
import { ok, param, refused, type Paths } from './openapi.ts';
import { fail } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { parsePlanRequest, PlanInputError } from '../teardown/request.ts';
import { planTeardown } from '../teardown/plan.ts';
import { planSource } from '../teardown/records.ts';
import type { PlanStore, StoredPlan } from '../teardown/plan-store.ts';
import { duckPlans } from '../teardown/duck-plans.ts';
import { moveRecord, MoveError } from '../teardown/move.ts';
import { isIsoDate } from '../teardown/calendar.ts';
import type { PlanResult } from '../teardown/types.ts';
import { findDay, workOrderRows } from '../teardown/work-order-data.ts';
import { findCjkFont, NoCjkFontError } from '../teardown/cjk-font.ts';
import { renderWorkOrderPdf } from '../teardown/work-order-pdf.ts';
import { planWorkbook } from '../teardown/workbook.ts';
import { planProgress } from '../teardown/progress.ts';

const WRITERS = WORK_ROLES.update_teardown;

export const PLAN_PATHS: Paths = {
  '/plans': {
    post: {
      summary: 'Make a teardown plan: { from, weeks, weekdays, crews: [{ name, m2_per_day, townships? }], require_notice } → 201 with its days and unscheduled records',
      'x-role': WRITERS.join(', '),
      responses: { '201': { description: 'the plan' }, ...refused },
    },
    get: { summary: 'Teardown plans, newest first', responses: ok() },
  },
  '/plans/{id}': {
    get: { summary: 'One teardown plan', parameters: [param('id', 'path', 'plan id')], responses: { ...ok(), '404': { description: 'no such plan' } } },
    patch: {
      summary: 'Move a record to another crew-day by hand: { ledger_id, date, crew } (kept as an override)',
      'x-role': WRITERS.join(', '),
      parameters: [param('id', 'path', 'plan id')],
      responses: { ...ok(), ...refused, '404': { description: 'no such plan or record' } },
    },
  },
  '/plans/{id}/progress': { get: { summary: 'Planned against done per crew-day, and area demolished per township and month', parameters: [param('id', 'path', 'plan id')], responses: ok() } },
  '/plans/{id}/days/{date}/{crew}/work-order.pdf': {
    get: {
      summary: "A crew-day's work order (A4 PDF: map and table)",
      parameters: [param('id', 'path', 'plan id'), param('date', 'path', 'YYYY-MM-DD'), param('crew', 'path', 'crew name')],
      responses: { ...ok('application/pdf'), '404': { description: 'no such day' }, '503': { description: 'no CJK font installed' } },
    },
  },
  '/plans/{id}/workbook.xlsx': { get: { summary: 'The whole plan as an Excel workbook', parameters: [param('id', 'path', 'plan id')], responses: ok() } },
};

export interface TeardownRouteOptions {
  /** Today as YYYY-MM-DD (tests fix it). */
  today?: () => string;
}

export interface PlanBackend extends TeardownRouteOptions {
  /** The plans of the request's store (called per request: a province node picks the county). */
  plans(): PlanStore;
  events?: EventHub;
}

export async function planById(plans: PlanStore, raw: string): Promise<StoredPlan> {
  if (!/^\d+$/.test(raw)) fail(400, `a plan id is a number; got "${raw}"`);
  const plan = await plans.get(Number(raw));
  if (!plan) fail(404, `no teardown plan ${raw}`);
  return plan;
}

/** The plan document alone, without the stored row's fields. */
function planDocument(p: StoredPlan): PlanResult {
  return { params: p.params, days: p.days, unscheduled: p.unscheduled, overrides: p.overrides };
}

/** The county edition's mount: the DuckDB store's plans, with plan-changed events. */
export function teardownPlanRoutes(store: Store, events: EventHub, opts: TeardownRouteOptions = {}) {
  const plans = duckPlans(store);
  return planRoutes({ plans: () => plans, events, ...opts });
}

export function planRoutes(backend: PlanBackend) {
  const app = new Hono<AppEnv>();
  const today = backend.today ?? (() => new Date().toISOString().slice(0, 10));

  app.post('/plans', async (c) => {
    const user = requireRole(c, WRITERS, 'make teardown plans');
    const body = await c.req.json().catch(() => fail(400, 'the body must be a JSON object'));
    const plans = backend.plans();
    const source = await planSource(plans);
    let params;
    try {
      params = parsePlanRequest(body, { today: today(), townships: source.townships });
    } catch (err) {
      if (err instanceof PlanInputError) fail(400, err.message, { field: err.field });
      throw err;
    }
    const plan = planTeardown(source.records, params);
    const saved = await plans.save(plan, { user: user.name, metric_crs: source.metric_crs, fire_run_id: source.fire_run_id });
    backend.events?.emit('plan-changed', { plan: String(saved.id) });
    return c.json(saved, 201);
  });

  app.get('/plans', async (c) => c.json({ plans: await backend.plans().list() }));

  app.get('/plans/:id', async (c) => c.json(await planById(backend.plans(), c.req.param('id'))));

  app.patch('/plans/:id', async (c) => {
    requireRole(c, WRITERS, 'change teardown plans');
    const plans = backend.plans();
    const plan = await planById(plans, c.req.param('id'));
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object') fail(400, 'the body must be { ledger_id, date, crew }');
    if (typeof body.ledger_id !== 'string' || !body.ledger_id) fail(400, 'ledger_id is required', { field: 'ledger_id' });
    if (!isIsoDate(body.date)) fail(400, `date must be YYYY-MM-DD; got ${JSON.stringify(body.date)}`, { field: 'date' });
    if (typeof body.crew !== 'string') fail(400, 'crew is required', { field: 'crew' });
    try {
      const moved = moveRecord(planDocument(plan), { ledger_id: body.ledger_id, date: body.date, crew: body.crew });
      await plans.update(plan.id, moved);
      backend.events?.emit('plan-changed', { plan: String(plan.id) });
      return c.json(await plans.get(plan.id));
    } catch (err) {
      if (err instanceof MoveError) fail(err.status, err.message);
      throw err;
    }
  });

  app.get('/plans/:id/progress', async (c) => {
    const plans = backend.plans();
    const plan = await planById(plans, c.req.param('id'));
    const ids = plan.days.flatMap((d) => d.items.map((i) => i.ledger_id));
    return c.json({ id: plan.id, ...planProgress(plan, await plans.ledgerStates(ids)), demolished_by_township_month: await plans.demolishedByTownshipMonth() });
  });

  app.get('/plans/:id/days/:date/:crew/work-order.pdf', async (c) => {
    const plans = backend.plans();
    const plan = await planById(plans, c.req.param('id'));
    const day = findDay(plan.days, c.req.param('date'), c.req.param('crew'));
    if (!day) fail(404, `plan ${plan.id} has no day ${c.req.param('date')} for crew "${c.req.param('crew')}"`);
    let font;
    try {
      font = findCjkFont();
    } catch (err) {
      if (err instanceof NoCjkFontError) fail(503, err.message);
      throw err;
    }
    const rows = await workOrderRows(plans, day.items);
    const pdf = await renderWorkOrderPdf({ planId: plan.id, metricCrs: plan.metric_crs }, day, rows, font);
    const name = `work-order-${plan.id}-${day.date}-${day.crew}.pdf`;
    return c.body(new Uint8Array(pdf) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  app.get('/plans/:id/workbook.xlsx', async (c) => {
    const plans = backend.plans();
    const plan = await planById(plans, c.req.param('id'));
    const rows = await workOrderRows(plans, plan.days.flatMap((d) => d.items));
    const xlsx = await planWorkbook(plan, new Map(rows.map((r) => [r.ledger_id, r])));
    return c.body(new Uint8Array(xlsx) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="teardown-plan-${plan.id}.xlsx"`,
    });
  });

  return app;
}
