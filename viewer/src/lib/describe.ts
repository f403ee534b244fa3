// Turns a clicked feature's properties into what the popup shows: a title, the check results
// as sentences, and the properties with their titles from the schema and enum values in words.
import { LAYERS, isLayerName, type LayerName } from '../../../service/layers/schema.ts';
import type { Lang } from './i18n.ts';
import { CHECK_PROP_TITLES, valueLabel } from './vocabulary.ts';

export interface FeatureDescription {
  title: string;
  checks: string[];
  rows: { label: string; value: string }[];
}

type Props = Record<string, unknown>;

const truthy = (v: unknown) => v === true || v === 'true' || v === 1;
const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const num = (v: unknown, digits = 1) => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? String(Math.round(n * 10 ** digits) / 10 ** digits) : String(v);
};
const pct = (v: unknown) => `${Math.round(Number(v) * 100)}%`;

/** Sentences for the check results found on the feature (none when no check has run). */
export function checkSentences(layer: LayerName, p: Props, lang: Lang): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  if (layer === 'patches' && present(p.class)) {
    const cls = valueLabel('patches', 'class', String(p.class), lang);
    const overlap = present(p.overlap) ? (zh ? `，重叠 ${pct(p.overlap)}` : `, overlap ${pct(p.overlap)}`) : '';
    out.push(zh ? `核查分类：${cls}${overlap}` : `Class: ${cls}${overlap}`);
  }
  if (layer === 'patches' && present(p.verdict)) out.push(zh ? `核查结论：${String(p.verdict)}` : `Verdict: ${String(p.verdict)}`);
  if (layer === 'fire_lanes' && present(p.blocked)) {
    const width = present(p.remaining_width_m) ? (zh ? `，剩余宽度 ${num(p.remaining_width_m)} 米` : `, ${num(p.remaining_width_m)} m left`) : '';
    if (truthy(p.blocked)) out.push(zh ? `消防车道被占用${width}` : `Lane blocked${width}`);
    else if (truthy(p.encroached)) out.push(zh ? `有建筑占用，但剩余宽度足够${width}` : `Encroached, but wide enough${width}`);
    else out.push(zh ? `消防车道畅通${width}` : `Lane clear${width}`);
  }
  if (layer === 'ledger' && present(p.class)) {
    const cls = valueLabel('ledger', 'class', String(p.class), lang);
    out.push(zh ? `台账分类：${cls}` : `Ledger class: ${cls}`);
  }
  if (layer === 'ledger' || layer === 'footprints') {
    if (truthy(p.blocked)) {
      const area = present(p.encroach_area_m2) ? (zh ? `（${num(p.encroach_area_m2)} 平方米）` : ` (${num(p.encroach_area_m2)} m²)`) : '';
      out.push(zh ? `占用消防车道${area}` : `Stands in a fire lane${area}`);
    }
    if (truthy(p.spacing_violation)) {
      let detail = '';
      if (present(p.spacing_m) && present(p.required_m)) {
        detail = zh ? `：间距 ${num(p.spacing_m)} 米，要求 ${num(p.required_m)} 米` : `: ${num(p.spacing_m)} m apart, ${num(p.required_m)} m required`;
      } else if (present(p.spacing_deficit_m)) {
        detail = zh ? `：差 ${num(p.spacing_deficit_m)} 米` : `: ${num(p.spacing_deficit_m)} m short`;
      }
      out.push(zh ? `防火间距不足${detail}` : `Fire spacing too small${detail}`);
    }
  }
  if (layer === 'transfer_stations' && present(p.utilization)) {
    const over = Number(p.utilization) > 1 || truthy(p.overloaded);
    out.push(zh ? `负荷率 ${pct(p.utilization)}${over ? '，超负荷' : ''}` : `Utilization ${pct(p.utilization)}${over ? ', overloaded' : ''}`);
  }
  if (layer === 'demand') {
    if (present(p.covered)) {
      const station = present(p.station_id) ? String(p.station_id) : '';
      const dist = present(p.distance_m) ? num(p.distance_m, 0) : '';
      if (truthy(p.covered)) out.push(zh ? `在转运站 ${station} 服务范围内（${dist} 米）` : `Covered by station ${station} (${dist} m)`);
      else out.push(zh ? '不在任何转运站服务范围内' : 'Not covered by any station');
    }
    if (truthy(p.in_landfill_setback)) out.push(zh ? '位于填埋场防护距离内' : 'Inside a landfill setback');
  }
  return out;
}

function formatValue(layer: LayerName, name: string, v: unknown, lang: Lang): string {
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'number') return name === 'utilization' || name === 'overlap' ? pct(v) : num(v, 2);
  return valueLabel(layer, name, String(v), lang);
}

export function describeFeature(layerName: string, props: Props, lang: Lang): FeatureDescription {
  if (!isLayerName(layerName)) throw new Error(`popup for unknown layer "${layerName}"`);
  const def = LAYERS[layerName];
  const id = props[def.idProp];
  const title = `${def.title[lang]} ${present(id) ? String(id) : ''}`.trim();
  const rows: FeatureDescription['rows'] = [];
  const seen = new Set<string>();
  for (const prop of def.props) {
    seen.add(prop.name);
    if (!present(props[prop.name])) continue;
    rows.push({ label: prop.title[lang], value: formatValue(layerName, prop.name, props[prop.name], lang) });
  }
  for (const [name, value] of Object.entries(props)) {
    if (seen.has(name) || !present(value)) continue;
    const label = CHECK_PROP_TITLES[name]?.[lang] ?? name;
    rows.push({ label, value: formatValue(layerName, name, value, lang) });
  }
  return { title, checks: checkSentences(layerName, props, lang), rows };
}
