// What each role may do, so the viewer can hide or disable what the service would refuse.
// The service decides (401/403); this only spares the user a button that cannot work.
// The roles table is the service's own (service/layers/roles.ts, plain data).
import type { LayerName } from '../../../service/layers/schema.ts';

import { LAYER_WRITERS, ROLES, type Role } from '../../../service/layers/roles.ts';

export { LAYER_WRITERS, ROLES, type Role };

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
