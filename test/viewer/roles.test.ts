import { describe, expect, it } from 'vitest';
import { LAYER_WRITERS, mayDo, mayLoad, ROLES } from '../../viewer/src/lib/roles.ts';
import { LAYER_WRITERS as SERVICE_LAYER_WRITERS } from '../../service/layers/roles.ts';
import { ROLES as SERVICE_ROLES } from '../../service/store/users.ts';

describe('roles', () => {
  it('mirror the service: same roles, same layer writers', () => {
    expect([...ROLES]).toEqual([...SERVICE_ROLES]);
    expect(LAYER_WRITERS).toEqual(SERVICE_LAYER_WRITERS);
  });

  it('let each role do its own work and admin everything', () => {
    expect(mayDo('inspector', 'review_patch')).toBe(true);
    expect(mayDo('enforcer', 'review_patch')).toBe(false);
    expect(mayDo('enforcer', 'update_teardown')).toBe(true);
    expect(mayDo('planner', 'plan_facilities')).toBe(true);
    expect(mayDo('viewer', 'plan_facilities')).toBe(false);
    expect(mayDo('admin', 'manage_users')).toBe(true);
    expect(mayDo('planner', 'manage_users')).toBe(false);
    expect(mayDo(null, 'review_patch')).toBe(false);
  });

  it('let only the right roles load a layer', () => {
    expect(mayLoad('inspector', 'patches')).toBe(true);
    expect(mayLoad('inspector', 'ledger')).toBe(false);
    expect(mayLoad('planner', 'candidates')).toBe(true);
    expect(mayLoad('viewer', 'townships')).toBe(false);
    expect(mayLoad('admin', 'townships')).toBe(true);
    expect(mayLoad(undefined, 'patches')).toBe(false);
  });
});
