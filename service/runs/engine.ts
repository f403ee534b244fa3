// Which engine function runs which check: shared by the worker thread and the inline fallback.
import type { CheckData, CheckParams, ProgressFn } from '../checks/index.ts';
import { checkOf, type CheckDocument, type CheckName } from '../checks/registry/index.ts';

export function runEngine(check: CheckName, data: CheckData, params: Partial<CheckParams>, onProgress?: ProgressFn): CheckDocument {
  return checkOf(check).engine(data, params, onProgress) as CheckDocument;
}
