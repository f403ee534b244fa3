// The one source of colours. The style builder turns these tables into MapLibre expressions and
// the legend lists the same entries, so the two cannot drift apart (test/viewer/legend.test.ts).
import { VALUE_LABELS, type Bilingual } from './vocabulary.ts';

/** Colour by the exact value of one property; `fallback` paints anything else (or nothing). */
export interface CategoryTable {
  kind: 'category';
  prop: string;
  entries: { value: string | boolean; color: string; label: Bilingual }[];
  fallback: { color: string; label: Bilingual };
}

/** Colour by a number: below thresholds[0] is colors[0], then each threshold starts the next. */
export interface StepTable {
  kind: 'step';
  prop: string;
  thresholds: number[];
  colors: string[];
  labels: Bilingual[];
  /** Painted when the property is missing (the check has not run). */
  missing: { color: string; label: Bilingual };
}

const NO_RESULT: Bilingual = { zh: '未核查', en: 'Not checked' };

function fromVocabulary(key: string, colors: Record<string, string>): CategoryTable['entries'] {
  return Object.entries(colors).map(([value, color]) => {
    const label = VALUE_LABELS[key]?.[value];
    if (!label) throw new Error(`colour table ${key}: value "${value}" has no label in vocabulary.ts`);
    return { value, color, label };
  });
}

export const LEDGER_STATUS: CategoryTable = {
  kind: 'category',
  prop: 'status',
  entries: fromVocabulary('ledger.status', {
    pending: '#f59e0b',
    demolished: '#57534e',
    retained: '#2563eb',
    permitted: '#16a34a',
    deferred: '#a855f7',
  }),
  fallback: { color: '#f472b6', label: { zh: '其他状态', en: 'Other status' } },
};

export const PATCH_CLASS: CategoryTable = {
  kind: 'category',
  prop: 'class',
  entries: fromVocabulary('patches.class', {
    new: '#dc2626',
    rebuilt: '#ea580c',
    known_new: '#eab308',
    stock: '#64748b',
    legal: '#22c55e',
    removal: '#0ea5e9',
  }),
  fallback: { color: '#c084fc', label: NO_RESULT },
};

export const FIRE_LANE_BLOCKED: CategoryTable = {
  kind: 'category',
  prop: 'blocked',
  entries: [
    { value: true, color: '#dc2626', label: { zh: '被占用（宽度不足）', en: 'Blocked (too narrow)' } },
    { value: false, color: '#0891b2', label: { zh: '畅通', en: 'Clear' } },
  ],
  fallback: { color: '#67e8f9', label: NO_RESULT },
};

export const DEMAND_COVERED: CategoryTable = {
  kind: 'category',
  prop: 'covered',
  entries: [
    { value: true, color: '#16a34a', label: { zh: '已覆盖', en: 'Covered' } },
    { value: false, color: '#dc2626', label: { zh: '未覆盖', en: 'Not covered' } },
  ],
  fallback: { color: '#94a3b8', label: NO_RESULT },
};

export const STATION_UTILIZATION: StepTable = {
  kind: 'step',
  prop: 'utilization',
  thresholds: [0.8, 1],
  colors: ['#16a34a', '#f59e0b', '#dc2626'],
  labels: [
    { zh: '负荷 < 80%', en: 'Load < 80%' },
    { zh: '负荷 80%–100%', en: 'Load 80%–100%' },
    { zh: '超负荷 > 100%', en: 'Overloaded > 100%' },
  ],
  missing: { color: '#0d9488', label: NO_RESULT },
};

/** Single colours of layers that are not classified. */
export const PLAIN = {
  townships: '#334155',
  footprints: '#9ca3af',
  permits: '#15803d',
  danger: '#b91c1c',
  landfills: '#92400e',
  setback: '#b45309',
  stationRadius: '#0d9488',
  candidates: '#7c3aed',
  roads: '#64748b',
  serviceArea: '#0d9488',
} as const;

export type ColorTable = CategoryTable | StepTable;

/** Workspace highlights: drawn over everything, so they must differ from every table above. */
export const HIGHLIGHT = {
  /** The patch under review, the selected station. */
  current: '#0ea5e9',
  /** The records the current patch matched. */
  matched: '#f59e0b',
  /** Candidates a siting run chose. */
  chosen: '#0f172a',
  /** Demand points no station covers. */
  uncovered: '#dc2626',
} as const;
