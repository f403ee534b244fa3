// Which engine function runs which check: shared by the worker thread and the inline fallback.
import { runCoverageCheck, runFireCheck, runPatchesCheck, type CheckData, type CheckParams, type ProgressFn } from '../checks/index.ts';
import type { CheckDocument } from './persist.ts';
import type { CheckName } from './tables.ts';

export function runEngine(check: CheckName, data: CheckData, params: Partial<CheckParams>, onProgress?: ProgressFn): CheckDocument {
  switch (check) {
    case 'patches':
      return runPatchesCheck(data, params, onProgress);
    case 'fire':
      return runFireCheck(data, params, onProgress);
    case 'coverage':
      return runCoverageCheck(data, params, onProgress);
  }
}
