// The PostGIS side takes the engine's parameters (defaults and validation of docs/spec/checks.md from
// service/checks), less the metric CRS: its geom_m column is fixed to EPSG:4549, which is what
// the benchmark data uses.
import { DEFAULT_PARAMS, resolveParams, type CheckParams as EngineParams } from '../../service/checks/index.ts';

export type CheckParams = Omit<EngineParams, 'batch' | 'metric_crs'> & { batch?: string };
export { DEFAULT_PARAMS };

export function withDefaults(params: Partial<EngineParams> = {}): CheckParams {
  const { batch, metric_crs: _metric, ...rest } = resolveParams(params);
  return { ...rest, batch: batch ?? undefined };
}
