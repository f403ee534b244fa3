// The spatial check engine of docs/spec/checks.md: pure functions over in-memory layers. The store,
// runs table, CLI and API call these and keep their JSON documents.
export type { CheckData, CheckFeature, CoverageResult, DemandRow, EncroachmentRow, FireResult, LedgerRow, PatchClass, PatchRow, PatchesResult, ProgressFn, SpacingRow, StationRow } from './types.ts';
export { DEFAULT_PARAMS, resolveParams, type CheckParams } from './params.ts';
export { runPatchesCheck, latestBatch } from './patches.ts';
export { runFireCheck } from './fire.ts';
export { runCoverageCheck } from './coverage.ts';
export { separationForCapacity } from './siting.ts';
export { fireClass, requiredSpacing } from './fire-spacing-rules.ts';
export { runQualityCheck } from './quality.ts';
export { QUALITY_KINDS, DATE_PROBLEMS, type QualityFinding, type QualityKind, type QualityResult, type TownshipQuality } from './quality-types.ts';
