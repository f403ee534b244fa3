// The app's shared reactive state (Svelte 5 runes): language, signed-in user, workspace, the
// layer panel's switches, and the last error in words. Pure logic lives in the .ts modules.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { loadLang, saveLang, translate, type Lang, type MessageKey } from './i18n.ts';
import { loadBasemap, saveBasemap, type BasemapSettings } from './settings.ts';
import { ApiError, describeError, logout as apiLogout, me, type LayerInfo, type User } from './api.ts';
import { layerGroups } from './style.ts';
import type { LayerName } from '../../../service/layers/schema.ts';

export const WORKSPACES = ['review', 'teardown', 'quality', 'facilities', 'data'] as const;
export type Workspace = (typeof WORKSPACES)[number];
export const TOKEN_STORAGE_KEY = 'groundtruth.token';

const storage = typeof localStorage === 'undefined' ? undefined : localStorage;

export interface PanelEntry {
  key: LayerName;
  title: { zh: string; en: string };
  visible: boolean;
  /** 0..1, multiplies each style layer's base opacity. */
  opacity: number;
}

export const app = $state({
  lang: loadLang(storage) as Lang,
  token: (storage?.getItem(TOKEN_STORAGE_KEY) ?? null) as string | null,
  user: null as User | null,
  workspace: 'review' as Workspace,
  error: null as string | null,
  signInOpen: false,
  settingsOpen: false,
  panelOpen: true,
  basemap: loadBasemap(storage) as BasemapSettings,
  layers: [] as LayerInfo[],
  /** True once the map's style is loaded and the highlight layers exist. */
  mapReady: false,
  /** The feature last clicked on the map (the teardown list selects its row). */
  picked: null as { layer: string; id: string } | null,
  /** True while the measuring tool takes the map's clicks (no popups then). */
  measuring: false,
  panel: layerGroups().map((g): PanelEntry => ({ key: g.key, title: g.title, visible: g.visible, opacity: 1 })),
});

/** The map, for search and fit; a plain object because MapLibre objects must not be proxied. */
export const mapRef: { map: MapLibreMap | null } = { map: null };

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(app.lang, key, vars);
}

export function setLang(lang: Lang): void {
  app.lang = lang;
  saveLang(storage, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function showError(err: unknown): void {
  // A visitor refused a read: the service closes reads to visitors (serve --reads-need-auth).
  if (err instanceof ApiError && err.status === 401 && !app.token) askSignIn();
  else app.error = describeError(err, app.lang);
}

/** Says that this service shows its data to signed-in users only, and opens the sign-in. */
export function askSignIn(): void {
  app.error = t('auth.readsClosed');
  app.signInOpen = true;
}

export function signedIn(token: string, user: User): void {
  app.token = token;
  app.user = user;
  storage?.setItem(TOKEN_STORAGE_KEY, token);
  if (app.error === t('auth.readsClosed')) app.error = null;
}

export async function signOut(): Promise<void> {
  const token = app.token;
  app.token = null;
  app.user = null;
  storage?.removeItem(TOKEN_STORAGE_KEY);
  // Revoking on the service is best effort: the token is already gone from this browser.
  if (token) await apiLogout(token).catch(() => undefined);
}

/** Checks a remembered token at start-up; a revoked one signs the user out with a message. */
export async function restoreSession(): Promise<void> {
  if (!app.token) return;
  try {
    app.user = await me(app.token);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401) {
      await signOut();
      app.error = t('auth.expired');
    } else showError(err);
  }
}

export function setBasemap(settings: BasemapSettings): void {
  saveBasemap(storage, settings);
  app.basemap = settings;
}
