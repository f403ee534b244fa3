// What each role may do, so the viewer can hide or disable what the service would refuse.
// The service decides (401/403); this only spares the user a button that cannot work.
// LAYER_WRITERS mirrors service/http/auth.ts (test/viewer/roles.test.ts keeps them equal); it is
// copied because that file pulls Hono into the bundle.
import type { LayerName } from '../../../service/layers/schema.ts';

export const ROLES = ['viewer', 'inspector', 'enforcer', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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

/** Actions of the workspaces; admin may do all of them. */
export const ACTION_ROLES = {
  /** Give a verdict on a satellite patch (Review). */
  review_patch: ['inspector'],
  /** Update a ledger record's teardown status (Teardown). */
  update_teardown: ['enforcer'],
  /** Run siting and change facilities (Facilities). */
  plan_facilities: ['planner'],
  manage_users: [],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof ACTION_ROLES;

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

export function mayDo(role: Role | null | undefined, action: Action): boolean {
  if (!role) return false;
  return role === 'admin' || (ACTION_ROLES[action] as readonly Role[]).includes(role);
}

export function mayLoad(role: Role | null | undefined, layer: LayerName): boolean {
  if (!role) return false;
  return role === 'admin' || LAYER_WRITERS[layer].includes(role);
}
