// The planner's input and output shapes. Field names are the contract of the plans API.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The fire findings that make a record dangerous, most dangerous first. */
export const REASONS = ['blocked', 'encroach', 'spacing'] as const;
export type Reason = (typeof REASONS)[number];

/**
 * Danger classes in the order bureaus tear down: blocking a fire lane, then other fire-lane
 * encroachments and fire-separation violations, then the rest.
 */
export const DANGERS = ['blocked', 'fire', 'other'] as const;
export type Danger = (typeof DANGERS)[number];

export interface Crew {
  name: string;
  m2_per_day: number;
  /** Townships the crew works in; absent = any. */
  townships?: string[];
}

export interface PlanParams {
  from: string;
  weeks: number;
  weekdays: Weekday[];
  crews: Crew[];
  require_notice: boolean;
}

/** One ledger record as the planner sees it: position and area in the metric CRS. */
export interface PlanRecord {
  id: string;
  status: string;
  township: string | null;
  /** Area a crew tears down (declared building area, else the measured footprint). */
  area_m2: number;
  /** Centre in metres (metric CRS of the checks). */
  x: number;
  y: number;
  notice_on: string | null;
  deadline_on: string | null;
  reasons: Reason[];
}

/** A manual move of one record to another day (a date and crew of the plan). */
export interface Move {
  ledger_id: string;
  date: string;
  crew: string;
}

export interface PlanItem {
  ledger_id: string;
  /** 1-based visiting order within the day. */
  order: number;
  area_m2: number;
  danger: Danger;
  township: string | null;
  reasons: Reason[];
  /** Centre in the metric CRS (metres), for re-routing a day after a manual move. */
  xy: [number, number];
  /** Placed here by hand. */
  manual?: boolean;
}

export interface PlanDay {
  date: string;
  crew: string;
  capacity_m2: number;
  area_m2: number;
  /** Straight-line length of the visiting order, metres (open path, first to last record). */
  route_m: number;
  items: PlanItem[];
}

export const UNSCHEDULED_REASONS = {
  noNotice: 'no notice',
  noDeadline: 'no deadline',
  deadlineAfterPlan: 'deadline after the plan',
  noCrew: 'no crew for its township',
  noCapacity: 'no capacity left in the plan',
} as const;

export interface Unscheduled {
  ledger_id: string;
  reason: string;
  danger: Danger;
  reasons: Reason[];
  area_m2: number;
  township: string | null;
  xy: [number, number];
}

export interface PlanResult {
  params: PlanParams;
  days: PlanDay[];
  unscheduled: Unscheduled[];
  overrides: Move[];
}
