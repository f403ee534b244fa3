import { describe, expect, it } from 'vitest';
import { DICTIONARIES, loadLang, saveLang, translate, LANG_STORAGE_KEY } from '../../viewer/src/lib/i18n.ts';

const memory = (initial: Record<string, string> = {}) => {
  const data = { ...initial };
  return { data, getItem: (k: string) => data[k] ?? null, setItem: (k: string, v: string) => void (data[k] = v) };
};

describe('i18n', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual(Object.keys(DICTIONARIES.zh).sort());
    for (const lang of ['zh', 'en'] as const) {
      for (const [key, text] of Object.entries(DICTIONARIES[lang])) expect(text.length, `${lang} ${key}`).toBeGreaterThan(0);
    }
  });

  it('names the workspaces as the bureaus do', () => {
    expect(translate('zh', 'tab.review')).toBe('卫片核查');
    expect(translate('zh', 'tab.teardown')).toBe('拆违');
    expect(translate('zh', 'tab.facilities')).toBe('设施');
    expect(translate('en', 'tab.data')).toBe('Data');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh', 'auth.signedInAs', { name: '张三', role: '核查员' })).toBe('张三（核查员）');
    expect(translate('en', 'error.http', { status: 403, message: 'role "viewer" may not load' })).toBe(
      'The service answered 403: role "viewer" may not load',
    );
    expect(translate('en', 'search.none', {})).toBe('Nothing matches “{q}”.');
  });

  it('throws on a key that does not exist', () => {
    expect(() => translate('en', 'no.such.key' as never)).toThrow(/no en message for key "no.such.key"/);
  });

  it('defaults to Chinese and remembers a choice', () => {
    expect(loadLang(undefined)).toBe('zh');
    expect(loadLang(memory())).toBe('zh');
    expect(loadLang(memory({ [LANG_STORAGE_KEY]: 'fr' }))).toBe('zh');
    const store = memory();
    saveLang(store, 'en');
    expect(store.data[LANG_STORAGE_KEY]).toBe('en');
    expect(loadLang(store)).toBe('en');
  });
});
