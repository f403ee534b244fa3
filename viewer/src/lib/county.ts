// The county the viewer shows when the service holds several (the province edition): its code
// prefixes every county path (/api/…, /collections/…, /tiles/…) with /c/<code>; sign-in and the
// county list stay the province's. A county-edition service has no /api/counties, and a province
// with one county answers the plain paths, so both run unprefixed.
export interface County {
  code: string;
  name: string | null;
}

export const county = { list: [] as County[], current: null as string | null };

/** Paths that span counties, never prefixed. */
const PROVINCE_PATH = /^\/api\/(auth|counties|health|openapi\.json|docs|province)(\/|\?|$)/;
const COUNTY_PATH = /^\/(api|collections|tiles)(\/|\?|$)/;

export function countyPath(path: string, code: string | null = county.current): string {
  if (!code || PROVINCE_PATH.test(path) || !COUNTY_PATH.test(path)) return path;
  return `/c/${code}${path}`;
}

/** The one to show: the one asked for (?county=) if listed, else the first; none with fewer than two. */
export function chooseCounty(list: County[], wanted: string | null): string | null {
  if (list.length < 2) return null;
  return list.find((c) => c.code === wanted)?.code ?? list[0].code;
}

/** Reads the county list once at start; a service without one (the county edition) has none. */
export async function initCounty(fetchFn: typeof fetch = fetch, search = location.search): Promise<void> {
  try {
    const res = await fetchFn('/api/counties', { headers: { accept: 'application/json' } });
    county.list = res.ok ? (((await res.json()) as { counties?: County[] }).counties ?? []) : [];
  } catch {
    county.list = [];
  }
  county.current = chooseCounty(county.list, new URLSearchParams(search).get('county'));
}

/** Shows another county: a fresh page, so every layer, tile and panel is that county's. */
export function switchCounty(code: string): void {
  const url = new URL(location.href);
  url.searchParams.set('county', code);
  location.assign(url.toString());
}
