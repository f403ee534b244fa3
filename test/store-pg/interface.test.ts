// Both engines answer the same LayerStore and UserStore, at compile time (tsc over test/) and at
// run time: every method of the interface exists on each implementation.
import { describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { PgCountyStore } from '../../service/store/pg/index.ts';
import { PgUsers } from '../../service/store/pg/users.ts';
import { Users } from '../../service/store/users.ts';
import type { LayerStore, UserStore } from '../../service/store/layer-store.ts';

// Compile-time: an implementation missing a method or changing a result type fails `tsc`.
const asLayerStore = (s: Store | PgCountyStore): LayerStore => s;
const asUserStore = (u: Users | PgUsers): UserStore => u;

const LAYER_METHODS = ['layers', 'layer', 'versions', 'load', 'clear', 'query', 'count', 'read', 'setDatasetParams', 'datasetParams'];
const USER_METHODS = ['add', 'issueToken', 'byToken', 'login', 'revoke', 'list', 'count'];

describe('one store interface, two engines', () => {
  it('has every LayerStore method on the DuckDB and PostgreSQL county stores', () => {
    expect(asLayerStore).toBeTypeOf('function');
    for (const cls of [Store, PgCountyStore]) {
      for (const m of LAYER_METHODS) expect(typeof cls.prototype[m as keyof typeof cls.prototype], `${cls.name}.${m}`).toBe('function');
    }
  });

  it('has every UserStore method on both user stores', () => {
    expect(asUserStore).toBeTypeOf('function');
    for (const cls of [Users, PgUsers]) {
      for (const m of USER_METHODS) expect(typeof cls.prototype[m as keyof typeof cls.prototype], `${cls.name}.${m}`).toBe('function');
    }
  });
});
