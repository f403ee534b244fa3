// Check 4 (spec/checks.md §4): the ledger against the standing buildings, the satellite patches,
// the township boundaries and itself. One finding per record and kind, counted per township.
import IndexedPointInAreaLocator from 'jsts/org/locationtech/jts/algorithm/locate/IndexedPointInAreaLocator.js';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import Location from 'jsts/org/locationtech/jts/geom/Location.js';
import { distance } from './flat-distance.ts';
import { interiorPoint } from './jsts-geometry.ts';
import { compareIds, text, TOUCH_EPS_M } from './ledger-rules.ts';
import { MetricContext, type MetricLayer } from './metric-context.ts';
import { resolveParams, type CheckParams } from './params.ts';
import { drawnArea, LazyOverlap, pieceArea, piecesOf } from './quality-overlap.ts';
import { areaMismatch, countFindings, dateProblems, isOpen, latestDate, townshipOf } from './quality-rules.ts';
import type { QualityFinding, QualityResult } from './quality-types.ts';
import type { CheckData, ProgressFn } from './types.ts';

/** "Ratios within 1e-9 are ties" when naming a duplicate's `other_id`. */
const IOU_TIE = 1e-9;
/** Added storeys are drawn with their building's outline, which stands after the teardown. */
const ADDED_STOREY = new Set(['added_storey', '违法加层']);

interface Duplicate {
  other: number;
  iou: number;
}

/** Rule 4: for each record, every record with a smaller id whose IoU with it reaches duplicate_iou. */
function duplicates(ledger: MetricLayer, areas: Float64Array, params: CheckParams): Map<number, Duplicate[]> {
  const out = new Map<number, Duplicate[]>();
  const t = params.duplicate_iou;
  for (let i = 0; i < ledger.size; i++) {
    const ai = areas[i];
    if (ai <= 0) continue;
    const fi = ledger.flat(i);
    const idI = ledger.features[i].id;
    for (const j of ledger.nearFeature(ledger, i, 0)) {
      const aj = areas[j];
      if (j === i || aj <= 0 || !(ledger.features[j].id < idI)) continue;
      // IoU ≤ smaller / larger area, and ≤ the boxes' shared area over the union bound: cheap rejects.
      if (Math.min(ai, aj) / Math.max(ai, aj) < t) continue;
      const fj = ledger.flat(j);
      const bx = Math.min(fi.maxX, fj.maxX) - Math.max(fi.minX, fj.minX);
      const by = Math.min(fi.maxY, fj.maxY) - Math.max(fi.minY, fj.minY);
      if (bx <= 0 || by <= 0) continue;
      const boxShared = Math.min(bx * by, ai, aj);
      if (boxShared / (ai + aj - boxShared) < t) continue;
      const inter = pieceArea(ledger, i, ledger, j);
      const iou = inter / (ai + aj - inter);
      if (iou >= t) {
        let list = out.get(i);
        if (!list) out.set(i, (list = []));
        list.push({ other: j, iou });
      }
    }
  }
  return out;
}

/** Rule 5 lookup: the names of the township polygons covering a point (boundary included). */
class TownshipFinder {
  private readonly locators: (IndexedPointInAreaLocator | undefined)[];
  constructor(private readonly townships: MetricLayer) {
    this.locators = new Array(townships.size);
  }

  namesAt(x: number, y: number): string[] {
    const names: string[] = [];
    const c = new Coordinate(x, y);
    const flat = this.townships;
    // Townships are few: a box test each, then the indexed point-in-area test (O(log n) edges).
    for (let t = 0; t < flat.size; t++) {
      const g = flat.flat(t);
      if (x < g.minX || x > g.maxX || y < g.minY || y > g.maxY) continue;
      const locator = (this.locators[t] ??= new IndexedPointInAreaLocator(flat.geom(t)));
      if (locator.locate(c) !== Location.EXTERIOR) names.push(text(flat.features[t], 'name'));
    }
    return names.sort(compareIds);
  }
}

export function runQualityCheck(data: CheckData, params: Partial<CheckParams> = {}, onProgress?: ProgressFn): QualityResult {
  const resolved = resolveParams(params);
  const ctx = new MetricContext(data, resolved.metric_crs);
  const ledger = ctx.layer('ledger');
  const footprints = ctx.layer('footprints');
  const patches = ctx.layer('patches');
  const townships = ctx.layer('townships');
  const out: CheckParams = { ...resolved, metric_crs: ctx.crs, as_of: resolved.as_of ?? latestDate(patches.features, ledger.features) };

  const areas = new Float64Array(ledger.size);
  for (let i = 0; i < ledger.size; i++) areas[i] = drawnArea(ledger, i);
  const notRemoval = (j: number) => text(patches.features[j], 'change_type') !== 'removal';
  const dups = duplicates(ledger, areas, out);
  const finder = new TownshipFinder(townships);

  const findings: QualityFinding[] = [];
  for (let i = 0; i < ledger.size; i++) {
    const f = ledger.features[i];
    const area = areas[i];
    const township = townshipOf(f);
    const base = { ledger_id: f.id, township };
    const status = text(f, 'status');
    const open = isOpen(f);

    // Rules 1 and 2 share the record's overlap with the standing buildings.
    const standingRule = status === 'demolished' && !ADDED_STOREY.has(text(f, 'violation_type'));
    if (standingRule || open) {
      const built = piecesOf(ledger, i, footprints);
      const fp = new LazyOverlap(ledger, i, area, built);
      if (standingRule && fp.atLeast(out.min_overlap)) {
        const ids = built.map((p) => footprints.features[p.index].id).sort(compareIds);
        findings.push({ ...base, kind: 'still_standing', overlap: fp.exact(), ids });
      }
      if (open && !fp.atLeast(out.min_overlap)) {
        const seen = new LazyOverlap(ledger, i, area, piecesOf(ledger, i, patches, notRemoval));
        if (!seen.atLeast(out.min_overlap)) findings.push({ ...base, kind: 'not_seen', footprint_overlap: fp.exact(), patch_overlap: seen.exact() });
      }
    }

    const declared = areaMismatch(f, area, out);
    if (declared !== null) findings.push({ ...base, kind: 'area_mismatch', declared, drawn: area, ratio: area > 0 ? declared / area : null });

    const dup = dups.get(i);
    if (dup) {
      let best = dup[0];
      const idOf = (d: Duplicate) => ledger.features[d.other].id;
      for (const d of dup) {
        if (d.iou > best.iou + IOU_TIE || (Math.abs(d.iou - best.iou) <= IOU_TIE && idOf(d) < idOf(best))) best = d;
      }
      findings.push({ ...base, kind: 'duplicate', other_id: idOf(best), iou: best.iou, others: dup.map(idOf).sort(compareIds) });
    }

    if (township !== null && townships.size > 0) {
      const point = area > 0 ? interiorPoint(ledger.geom(i)) : null;
      const names = point ? finder.namesAt(point[0], point[1]) : [];
      if (!names.includes(township)) findings.push({ ...base, kind: 'township_mismatch', found: names[0] ?? null });
    }

    const problems = dateProblems(f, out.as_of);
    if (problems.length) findings.push({ ...base, kind: 'dates', problems });

    if (open && area >= out.large_area_m2) {
      const rf = ledger.flat(i);
      const seen = patches.nearFeature(ledger, i, 0).some((j) => distance(rf, patches.flat(j)) <= TOUCH_EPS_M);
      if (!seen) findings.push({ ...base, kind: 'large_unverified', drawn: area });
    }
    if (onProgress && (i % 1024 === 1023 || i === ledger.size - 1)) onProgress(i + 1, ledger.size);
  }

  findings.sort((a, b) => compareIds(a.ledger_id, b.ledger_id) || compareIds(a.kind, b.kind));
  return { params: out, findings, ...countFindings(ledger.features, findings) };
}
