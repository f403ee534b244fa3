// Who may do what: the roles, and the layers each role may load (the checks each may run are in each check's descriptor,
// service/checks/registry/). Plain
// data with no server code, so the viewer imports the same table to grey out what would be refused.
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
};
