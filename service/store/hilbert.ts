// Position of a point on a Hilbert curve over the whole lon/lat plane, 2^26 cells a side (about
// 0.6 m at the equator). Sorting rows by it keeps neighbours in the same DuckDB row groups, so
// bbox filters skip most of a layer. The result stays below 2^52, exact in a double.
const ORDER = 26;
const N = 2 ** ORDER;

export function hilbertKey(lon: number, lat: number): number {
  let x = Math.min(N - 1, Math.max(0, Math.floor(((lon + 180) / 360) * N)));
  let y = Math.min(N - 1, Math.max(0, Math.floor(((lat + 90) / 180) * N)));
  let d = 0;
  for (let s = N / 2; s >= 1; s /= 2) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve stays continuous.
    if (ry === 0) {
      if (rx === 1) {
        x = N - 1 - x;
        y = N - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}
