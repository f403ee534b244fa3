// Check 1 (docs/spec/checks.md §1): new versus stock. Each patch of the batch is matched against
// permits and the ledger in rule order; the ledger records get their own stock/new by date.
import { distance } from './flat-distance.ts';
import { clipArea } from './flat-clip.ts';
import { isSimpleSingleRing, simpleArea } from './flat-validity.ts';
import { intersection, unionArea } from './jsts-geometry.ts';
import { builtBeforeBaseline, compareIds, isStanding, text, TOUCH_EPS_M } from './ledger-rules.ts';
import { MetricContext, type MetricLayer } from './metric-context.ts';
import { resolveParams, type CheckParams } from './params.ts';
import type { CheckData, CheckFeature, LedgerRow, PatchClass, PatchRow, PatchesResult, ProgressFn } from './types.ts';

/** The rules in the order they are tried; `removal` is apart. */
const RULES = ['legal', 'stock', 'rebuilt', 'known_new'] as const;
type Rule = (typeof RULES)[number];

/** Which rule's layer a ledger record belongs to. */
function ledgerRule(f: CheckFeature, baseline: string): Rule {
  const status = text(f, 'status');
  if (status === 'permitted') return 'legal';
  if (status === 'demolished') return 'rebuilt';
  return builtBeforeBaseline(f, baseline) ? 'stock' : 'known_new';
}

/** Area of a polygon feature: shoelace when simple, else through the repaired JSTS geometry. */
function polygonArea(layer: MetricLayer, i: number): number {
  const a = simpleArea(layer.flat(i));
  return Number.isNaN(a) ? layer.geom(i).getArea() : a;
}

/** The batch with the latest detected_on (ties: the larger batch name, so the choice is stable). */
export function latestBatch(patches: CheckFeature[]): string | null {
  let best: string | null = null;
  let bestDate = '';
  for (const f of patches) {
    const batch = text(f, 'batch');
    const date = text(f, 'detected_on');
    if (best === null || date > bestDate || (date === bestDate && batch > best)) {
      best = batch;
      bestDate = date;
    }
  }
  return best;
}

interface Touching {
  /** Id as listed in `ids` under `legal` (`ledger:<id>` for permitted records). */
  label: string;
  /** The record's own id, as removal evidence lists it. */
  id: string;
  rule: Rule;
  standing: boolean;
  layer: MetricLayer;
  index: number;
}

/** Every permit and ledger record that intersects (or touches) patch i. */
function touchingRecords(patches: MetricLayer, i: number, permits: MetricLayer, ledger: MetricLayer, rules: Rule[]): Touching[] {
  const pf = patches.flat(i);
  const out: Touching[] = [];
  for (const j of permits.nearFeature(patches, i, 0)) {
    if (distance(pf, permits.flat(j)) <= TOUCH_EPS_M) out.push({ label: permits.features[j].id, id: permits.features[j].id, rule: 'legal', standing: true, layer: permits, index: j });
  }
  for (const j of ledger.nearFeature(patches, i, 0)) {
    if (distance(pf, ledger.flat(j)) > TOUCH_EPS_M) continue;
    const f = ledger.features[j];
    const rule = rules[j];
    out.push({ label: rule === 'legal' ? `ledger:${f.id}` : f.id, id: f.id, rule, standing: isStanding(f), layer: ledger, index: j });
  }
  return out;
}

/** The patch being classified, with what the fast and exact paths need. */
interface Patch {
  layer: MetricLayer;
  index: number;
  area: number;
  /** The patch is one simple ring: it may be clipped by a convex record. */
  simple: boolean;
}

/** area(P ∩ X): convex clipping when one side is convex and the other simple, else a JSTS overlay. */
function pieceArea(p: Patch, t: Touching): number {
  const xConvex = t.layer.convex(t.index);
  if (xConvex && p.simple) return clipArea(p.layer.flat(p.index), xConvex);
  const pConvex = p.layer.convex(p.index);
  if (pConvex && isSimpleSingleRing(t.layer.flat(t.index))) return clipArea(t.layer.flat(t.index), pConvex);
  return intersection(p.layer.geom(p.index), t.layer.geom(t.index)).getArea();
}

/** area(P ∩ union(records)) / area(P); the union is built only when two or more pieces overlap P. */
function overlapWith(p: Patch, members: { t: Touching; area: number }[]): number {
  const pieces = members.filter((m) => m.area > 0);
  if (p.area <= 0 || pieces.length === 0) return 0;
  if (pieces.length === 1) return pieces[0].area / p.area;
  const pg = p.layer.geom(p.index);
  return unionArea(pieces.map((m) => intersection(pg, m.t.layer.geom(m.t.index)))) / p.area;
}

function classifyPatch(p: Patch, touching: Touching[], params: CheckParams, removal: boolean): { cls: PatchClass; overlap: number; ids: string[] } {
  if (removal) {
    // Evidence of a teardown: standing records that each cover ≥ min_overlap of P.
    const covering = touching
      .filter((t) => t.standing && t.layer.name === 'ledger')
      .map((t) => ({ t, area: pieceArea(p, t) }))
      .filter((m) => p.area > 0 && m.area / p.area >= params.min_overlap);
    return { cls: 'removal', overlap: overlapWith(p, covering), ids: covering.map((c) => c.t.id).sort(compareIds) };
  }
  for (const rule of RULES) {
    const members = touching.filter((t) => t.rule === rule).map((t) => ({ t, area: 0 }));
    if (members.length === 0) continue;
    let sum = 0;
    for (const m of members) sum += m.area = pieceArea(p, m.t);
    // The union is never larger than the sum of its pieces: skip it when even that falls short.
    if (p.area <= 0 || sum / p.area < params.min_overlap) continue;
    const overlap = overlapWith(p, members);
    if (overlap >= params.min_overlap) return { cls: rule, overlap, ids: members.map((m) => m.t.label).sort(compareIds) };
  }
  return { cls: 'new', overlap: 0, ids: [] };
}

export function runPatchesCheck(data: CheckData, params: Partial<CheckParams> = {}, onProgress?: ProgressFn): PatchesResult {
  const resolved = resolveParams(params);
  const ctx = new MetricContext(data, resolved.metric_crs);
  const patches = ctx.layer('patches');
  const ledger = ctx.layer('ledger');
  const permits = ctx.layer('permits');
  const batch = resolved.batch ?? latestBatch(patches.features);
  const out: CheckParams = { ...resolved, batch, metric_crs: ctx.crs };

  const rules = ledger.features.map((f) => ledgerRule(f, out.baseline_on));
  const inBatch: number[] = [];
  for (let i = 0; i < patches.size; i++) if (text(patches.features[i], 'batch') === batch) inBatch.push(i);

  const rows: PatchRow[] = [];
  for (let k = 0; k < inBatch.length; k++) {
    const i = inBatch[k];
    const f = patches.features[i];
    const simple = isSimpleSingleRing(patches.flat(i));
    const patch: Patch = { layer: patches, index: i, area: polygonArea(patches, i), simple };
    const touching = touchingRecords(patches, i, permits, ledger, rules);
    const { cls, overlap, ids } = classifyPatch(patch, touching, out, text(f, 'change_type') === 'removal');
    const row: PatchRow = { id: f.id, class: cls, overlap, ids, batch: text(f, 'batch'), area_m2: patch.area };
    const township = text(f, 'township');
    if (township) row.township = township;
    rows.push(row);
    if (onProgress && (k % 256 === 255 || k === inBatch.length - 1)) onProgress(k + 1, inBatch.length);
  }

  const ledgerRows: LedgerRow[] = ledger.features.map((f, j) => {
    const row: LedgerRow = {
      id: f.id,
      class: builtBeforeBaseline(f, out.baseline_on) ? 'stock' : 'new',
      area_m2: polygonArea(ledger, j),
      status: text(f, 'status'),
    };
    const township = text(f, 'township');
    if (township) row.township = township;
    return row;
  });
  return { params: out, patches: rows, ledger: ledgerRows };
}
