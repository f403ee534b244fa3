// Planted patches of batch 2024Q2, one per rule of docs/spec/checks.md §1 and its edges. Patches and
// records are rectangles in a slot's frame, so every overlap below is exact arithmetic.
import type { Manifest } from './manifest.ts';
import type { PlantKit, Slot } from './planted-kit.ts';

export function plantPatches(kit: PlantKit, slot: () => Slot, manifest: Manifest): void {
  const add = (situation: string, ids: Record<string, string[]>, expect: Record<string, unknown>) =>
    manifest.add({ check: 'patches', situation, ids, expect });

  // legal on a permit: the patch is the permit's rectangle, overlap 1.
  let s = slot();
  let permit = kit.permit(s, -10, -8, 10, 8);
  let p = kit.patch(s, -10, -8, 10, 8);
  add('legal: patch exactly on a permit', { patches: [p], permits: [permit] }, { class: 'legal', overlap: 1, ids: [permit] });

  // legal on a permitted ledger record built before the baseline: rule 1 wins over rule 2.
  s = slot();
  let rec = kit.ledger(s, -6, -5, 6, 5, { status: 'permitted', built_on: '2012-03-01', recorded_on: '2014-06-11' });
  p = kit.patch(s, -7, -6, 7, 6);
  add('legal: patch on a `permitted` ledger record (built 2012, so also a stock date)', { patches: [p], ledger: [rec] }, { class: 'legal', overlap: 120 / 168, ids: [`ledger:${rec}`] });

  // legal from the union of two disjoint permits, each 0.2 of the patch.
  s = slot();
  const pa = kit.permit(s, -10, -5, -6, 5);
  const pb = kit.permit(s, 6, -5, 10, 5);
  p = kit.patch(s, -10, -5, 10, 5);
  add('legal: two permits each cover 0.2, their union 0.4', { patches: [p], permits: [pa, pb] }, { class: 'legal', overlap: 0.4, ids: [pa, pb].sort() });

  // legal beats stock: permit 0.35, stock record 0.65 of the patch.
  s = slot();
  permit = kit.permit(s, -10, -5, -3, 5);
  rec = kit.ledger(s, -3, -5, 10, 5, { status: 'pending', built_on: '2011-07-01', recorded_on: '2014-02-18' });
  p = kit.patch(s, -10, -5, 10, 5);
  add('legal before stock: permit covers 0.35, a stock record 0.65', { patches: [p], permits: [permit], ledger: [rec] }, { class: 'legal', overlap: 0.35, ids: [permit] });

  // stock by built_on.
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'pending', built_on: '2011-05-01', recorded_on: '2014-03-10' });
  p = kit.patch(s, -7, -6, 7, 6);
  add('stock: pending record built 2011-05 (before baseline)', { patches: [p], ledger: [rec] }, { class: 'stock', overlap: 120 / 168, ids: [rec] });

  // stock by recorded_on when built_on is empty.
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'retained', built_on: null, recorded_on: '2012-08-15' });
  p = kit.patch(s, -7, -6, 7, 6);
  add('stock: retained record, built_on empty, recorded 2012-08-15', { patches: [p], ledger: [rec] }, { class: 'stock', overlap: 120 / 168, ids: [rec] });

  // stock before rebuilt: stock record 0.4, demolished record 0.6.
  s = slot();
  const stockRec = kit.ledger(s, -10, -5, -2, 5, { status: 'deferred', built_on: '2010-10-01', recorded_on: '2013-01-09' });
  const demRec = kit.ledger(s, -2, -5, 10, 5, { status: 'demolished', built_on: '2016-04-01', recorded_on: '2016-09-01', demolished_on: '2020-03-03' });
  p = kit.patch(s, -10, -5, 10, 5);
  add('stock before rebuilt: deferred stock record 0.4, demolished record 0.6', { patches: [p], ledger: [stockRec, demRec] }, { class: 'stock', overlap: 0.4, ids: [stockRec] });

  // rebuilt: a demolished record built before the baseline is not stock (rule 2 excludes demolished).
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'demolished', built_on: '2011-03-01', recorded_on: '2013-11-20', demolished_on: '2018-06-30' });
  p = kit.patch(s, -7, -6, 7, 6);
  add('rebuilt: on a demolished record (built 2011, yet not stock)', { patches: [p], ledger: [rec] }, { class: 'rebuilt', overlap: 120 / 168, ids: [rec] });

  // known_new on a post-baseline pending record.
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'pending', built_on: '2019-06-01', recorded_on: '2020-04-02' });
  p = kit.patch(s, -7, -6, 7, 6);
  add('known_new: pending record built 2019-06', { patches: [p], ledger: [rec] }, { class: 'known_new', overlap: 120 / 168, ids: [rec] });

  // known_new on a deferred record recorded after the baseline with no built_on.
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'deferred', built_on: null, recorded_on: '2013-04-01' });
  p = kit.patch(s, -7, -6, 7, 6);
  add('known_new: built_on empty, recorded_on exactly the baseline (not before it)', { patches: [p], ledger: [rec] }, { class: 'known_new', overlap: 120 / 168, ids: [rec] });

  // new: nothing under the patch.
  s = slot();
  p = kit.patch(s, -8, -6, 8, 6, 'construction', true);
  add('new: nothing recorded under the patch', { patches: [p] }, { class: 'new', overlap: 0, ids: [] });

  // Just above and just below min_overlap: a 20 × 10 patch, a known-new record over a strip of it.
  s = slot();
  rec = kit.ledger(s, -10, 1.8, 10, 12, { status: 'pending', built_on: '2021-02-01', recorded_on: '2021-08-08' });
  p = kit.patch(s, -10, -5, 10, 5);
  add('just above min_overlap: known-new record covers 0.32 of the patch', { patches: [p], ledger: [rec] }, { class: 'known_new', overlap: 0.32, ids: [rec] });
  s = slot();
  rec = kit.ledger(s, -10, 2.2, 10, 12, { status: 'pending', built_on: '2021-02-01', recorded_on: '2021-08-08' });
  p = kit.patch(s, -10, -5, 10, 5);
  add('just below min_overlap: known-new record covers 0.28 of the patch', { patches: [p], ledger: [rec] }, { class: 'new', overlap: 0, ids: [] });
  s = slot();
  permit = kit.permit(s, -10, 1.9, 10, 12);
  p = kit.patch(s, -10, -5, 10, 5);
  add('just above min_overlap on a permit: 0.31', { patches: [p], permits: [permit] }, { class: 'legal', overlap: 0.31, ids: [permit] });

  // Removal over a standing record, and over nothing.
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'pending', built_on: '2018-03-01', recorded_on: '2018-09-09' });
  p = kit.patch(s, -7, -6, 7, 6, 'removal');
  add('removal: change_type removal over a standing pending record', { patches: [p], ledger: [rec] }, { class: 'removal', overlap: 120 / 168, ids: [rec] });
  s = slot();
  p = kit.patch(s, -7, -6, 7, 6, 'removal');
  add('removal over nothing standing', { patches: [p] }, { class: 'removal', overlap: 0, ids: [] });
  s = slot();
  rec = kit.ledger(s, -6, -5, 6, 5, { status: 'demolished', built_on: '2015-03-01', recorded_on: '2016-02-02', demolished_on: '2023-11-30' });
  p = kit.patch(s, -7, -6, 7, 6, 'removal');
  add('removal over a demolished record only: not standing, so no evidence ids', { patches: [p], ledger: [rec] }, { class: 'removal', overlap: 0, ids: [] });
}
