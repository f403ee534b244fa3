import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../service/store/index.ts';
import { patch, report, stream } from '../helpers.ts';

let store: Store;
beforeEach(async () => {
  store = await Store.open(':memory:');
});
afterEach(() => store.close());

describe('layer store', () => {
  it('loads a layer, bumps its version and reads it back typed', async () => {
    const out = await store.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    expect(out).toEqual({ committed: true, version: 1, featureCount: 2 });
    const info = await store.layer('patches');
    expect(info.count).toBe(2);
    expect(info.bbox).toEqual([119.8, 28.9, 119.8011, 28.9001]);
    const [f] = await store.query('patches', { equals: { id: 'P1' } });
    expect(f.props).toMatchObject({ id: 'P1', batch: '2024Q1', detected_on: '2024-03-01', before_on: null });
    expect(f.extra).toEqual({ 监测编号: '3307231' });
    expect(f.geometry.type).toBe('Polygon');
  });

  it('keeps the previous version whole when the report has rejects', async () => {
    await store.load('patches', stream([patch(0, '2024Q1')]), report('patches', 1));
    const refused = await store.load('patches', stream([patch(5, '2024Q1')]), report('patches', 2, 1));
    expect(refused.committed).toBe(false);
    expect(refused.version).toBe(1);
    expect((await store.query('patches', {})).map((f) => f.id)).toEqual(['P0']);
  });

  it('loads the valid features when rejects are allowed', async () => {
    const out = await store.load('patches', stream([patch(5, '2024Q1')]), report('patches', 2, 1), { allowRejects: true });
    expect(out).toMatchObject({ committed: true, featureCount: 1 });
  });

  it('replaces only the batches a patches file contains', async () => {
    await store.load('patches', stream([patch(0, '2024Q1'), patch(1, '2024Q1')]), report('patches', 2));
    await store.load('patches', stream([patch(2, '2024Q2')]), report('patches', 1));
    await store.load('patches', stream([patch(3, '2024Q2'), patch(4, '2024Q2')]), report('patches', 2));
    const rows = await store.query('patches', {});
    expect(rows.map((f) => `${f.props.batch}:${f.id}`).sort()).toEqual(['2024Q1:P0', '2024Q1:P1', '2024Q2:P3', '2024Q2:P4']);
    expect((await store.layer('patches')).version).toBe(3);
  });

  it('replaces other layers whole', async () => {
    const fp = (i: number) => ({ index: i, geometry: patch(i, 'x').geometry, props: { id: `F${i}` }, extra: {} });
    await store.load('footprints', stream([fp(0), fp(1)]), report('footprints', 2));
    await store.load('footprints', stream([fp(7)]), report('footprints', 1));
    expect((await store.query('footprints', {})).map((f) => f.id)).toEqual(['F7']);
  });

  it('filters by bbox and property, pages with limit and offset', async () => {
    await store.load('patches', stream([0, 1, 2, 3, 4].map((i) => patch(i, '2024Q1'))), report('patches', 5));
    const inBox = await store.query('patches', { bbox: [119.8005, 28.8, 119.8025, 29] });
    expect(inBox.map((f) => f.id).sort()).toEqual(['P1', 'P2']);
    expect(await store.count('patches', { equals: { township: '熟溪街道' } })).toBe(5);
    const page = await store.query('patches', { limit: 2, offset: 4 });
    expect(page).toHaveLength(1);
    await expect(store.query('patches', { equals: { nope: 'x' } })).rejects.toThrow(/unknown property "nope"/);
  });

  it('clears a layer as a new version', async () => {
    await store.load('patches', stream([patch(0, '2024Q1')]), report('patches', 1));
    const out = await store.clear('patches', 'tester');
    expect(out).toEqual({ committed: true, version: 2, featureCount: 0 });
    expect((await store.layer('patches')).bbox).toBeNull();
  });
});

describe('users', () => {
  it('issues tokens that identify the user, and checks passwords', async () => {
    const token = await store.users.add('li', 'inspector', 'secret-1');
    expect(await store.users.byToken(token)).toEqual({ name: 'li', role: 'inspector' });
    expect(await store.users.byToken(`${token}x`)).toBeNull();
    expect(await store.users.login('li', 'wrong')).toBeNull();
    const session = await store.users.login('li', 'secret-1');
    expect(session?.user).toEqual({ name: 'li', role: 'inspector' });
    await store.users.revoke(session!.token);
    expect(await store.users.byToken(session!.token)).toBeNull();
  });

  it('refuses unknown roles and odd names', async () => {
    await expect(store.users.add('x', 'boss')).rejects.toThrow(/unknown role "boss"/);
    await expect(store.users.add("x'; drop table users;--", 'viewer')).rejects.toThrow(/invalid user name/);
  });
});
