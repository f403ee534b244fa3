// CGCS2000 3-degree Gauss-Krüger projections (EPSG:4513–4554) and the metric zone of docs/spec/checks.md.
// proj4 knows none of them by code, so they are built from their PROJ definitions here.

/** EPSG:4513–4533: zones 25–45 (central meridian 75°–135°E) with the zone number prefixed to the easting. */
const PREFIXED_FIRST = 4513;
/** EPSG:4534–4554: central meridians 75°–135°E, false easting 500 km, no prefix. */
const PLAIN_FIRST = 4534;

export interface GaussKrugerZone {
  epsg: number;
  centralMeridian: number;
  falseEasting: number;
  proj4: string;
}

export function gaussKrugerZone(epsg: number): GaussKrugerZone | null {
  let zone: number;
  let prefixed: boolean;
  if (epsg >= PREFIXED_FIRST && epsg <= PREFIXED_FIRST + 20) {
    zone = 25 + (epsg - PREFIXED_FIRST);
    prefixed = true;
  } else if (epsg >= PLAIN_FIRST && epsg <= PLAIN_FIRST + 20) {
    zone = 25 + (epsg - PLAIN_FIRST);
    prefixed = false;
  } else {
    return null;
  }
  const centralMeridian = zone * 3;
  const falseEasting = prefixed ? zone * 1_000_000 + 500_000 : 500_000;
  return {
    epsg,
    centralMeridian,
    falseEasting,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`,
  };
}

/** The unprefixed zone whose central meridian is nearest `lon` (3° × round(lon/3)), per docs/spec/checks.md. */
export function metricZoneFor(lon: number): GaussKrugerZone {
  const cm = 3 * Math.round(lon / 3);
  const epsg = PLAIN_FIRST + (cm / 3 - 25);
  const zone = gaussKrugerZone(epsg);
  if (!zone) throw new Error(`no CGCS2000 3-degree Gauss-Krüger zone for longitude ${lon}`);
  return zone;
}

/** Parses `EPSG:4549` / `4549` into a zone, or null when it is not a Gauss-Krüger code. */
export function parseGaussKruger(crs: string): GaussKrugerZone | null {
  const m = /^(?:EPSG:)?(\d{4})$/i.exec(crs.trim());
  return m ? gaussKrugerZone(Number(m[1])) : null;
}
