// The imagery routes in the OpenAPI document (/api/docs).
const ok = (d = 'OK') => ({ '200': { description: d } });
const name = { name: 'name', in: 'path', required: true, description: 'imagery name (letters, digits, _ or -)', schema: { type: 'string' } };
const tileParams = ['z', 'x', 'y'].map((n) => ({ name: n, in: 'path', required: true, description: `tile ${n}`, schema: { type: 'integer' } }));
const writeErrors = { '401': { description: 'no token' }, '403': { description: 'needs inspector or admin' } };

export const IMAGERY_PATHS = {
  '/api/imagery': {
    get: { summary: 'Dated imagery: [{name, date, bounds, minzoom, maxzoom, source (file|xyz), crs (EPSG:3857|GCJ02), tiles, attribution}]', responses: ok() },
    post: {
      summary: 'Register an outside XYZ template: JSON {name, date, url with {z}/{x}/{y}, crs EPSG:3857 or GCJ02, attribution[, bounds, minzoom, maxzoom]}',
      'x-role': 'inspector, admin',
      responses: { '201': { description: 'the listing entry' }, '400': { description: 'a field is wrong; the message names it' }, ...writeErrors },
    },
  },
  '/api/imagery/{name}': {
    put: {
      summary: 'Store a GeoTIFF (raw body or multipart field "file"): 8-bit RGB(A), EPSG:4326/4490/4513–4554 from GeoKeys or crs. Replaces an image of that name only once the new one is checked.',
      'x-role': 'inspector, admin',
      parameters: [
        name,
        { name: 'date', in: 'query', required: true, description: 'day the image was taken, YYYY-MM-DD', schema: { type: 'string', format: 'date' } },
        { name: 'crs', in: 'query', required: false, description: 'CRS when the GeoKeys name none, e.g. EPSG:4549', schema: { type: 'string' } },
      ],
      responses: { '201': { description: 'the listing entry' }, '400': { description: 'bad name or date' }, '422': { description: 'the file cannot be served; nothing stored' }, ...writeErrors },
    },
    delete: { summary: 'Delete an image, its file and its cached tiles', 'x-role': 'inspector, admin', parameters: [name], responses: { ...ok(), '404': { description: 'no such image' }, ...writeErrors } },
  },
  '/imagery/{name}.json': { get: { summary: 'TileJSON 3.0.0 with absolute tile URLs', parameters: [name], responses: ok() } },
  '/imagery/{name}/{z}/{x}/{y}.webp': {
    get: {
      summary: '256-px Web Mercator tile (also .png, .jpg), reprojected bilinearly; ETag / If-None-Match',
      parameters: [name, ...tileParams],
      responses: { ...ok('the tile'), '204': { description: 'no pixel of the image here' }, '304': { description: 'not modified' } },
    },
  },
};
