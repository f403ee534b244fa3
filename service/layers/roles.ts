// Who may do what: the roles, the layers each role may load and the field work each may record
// (the checks each may run are in each check's descriptor, service/checks/registry/). Plain data
// with no server code, so the viewer imports the same tables to grey out what would be refused.
import type { LayerName } from './schema.ts';

export const ROLES = ['viewer', 'inspector', 'enforcer', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}

/** Which roles may load (and clear) each layer; admin may load any. */
export const LAYER_WRITERS: Record<LayerName, Role[]> = {
  patches: ['inspector', 'admin'],
  ledger: ['enforcer', 'admin'],
  fire_lanes: ['enforcer', 'admin'],
  transfer_stations: ['planner', 'admin'],
  landfills: ['planner', 'admin'],
  demand: ['planner', 'admin'],
  candidates: ['planner', 'admin'],
  permits: ['admin'],
  footprints: ['admin'],
  townships: ['admin'],
  roads: ['planner', 'admin'],
};

/** Which roles may add, replace and delete dated imagery. */
export const IMAGERY_WRITERS: Role[] = ['inspector', 'admin'];

/** Which roles may record each kind of field work; admin may do all of it. */
export const WORK_ROLES = {
  /** Verdicts on satellite patches (review). */
  review_patch: ['inspector', 'admin'],
  /** Status updates of ledger records (teardown). */
  update_teardown: ['enforcer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
