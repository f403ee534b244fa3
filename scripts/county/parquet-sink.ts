// With --parquet, every feature is also appended to an in-memory DuckDB table (geometry as WKB
// BLOB, dates as text) and the table is copied to `<layer>.parquet` with ST_GeomFromWKB, which
// DuckDB 1.5 core writes as GeoParquet (the spatial extension is not available here).
import { DuckDBConnection, DuckDBInstance, type DuckDBAppender } from '@duckdb/node-api';
import type { Geometry } from 'geojson';
import { LAYERS, type LayerName, type PropDef } from '../../service/layers/schema.ts';
import { geometryToWkb } from '../../service/geo/wkb.ts';
import type { FeatureConsumer, Props } from './geojson-sink.ts';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function sqlType(p: PropDef): string {
  return p.type === 'number' || p.type === 'integer' ? 'DOUBLE' : 'VARCHAR';
}

/** One DuckDB instance for the whole run; each layer gets its own staging table. */
export class ParquetStager {
  private constructor(private readonly conn: DuckDBConnection) {}

  static async open(): Promise<ParquetStager> {
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    return new ParquetStager(await DuckDBConnection.create(instance));
  }

  async layer(layer: LayerName, outPath: string): Promise<FeatureConsumer> {
    const props = LAYERS[layer].props;
    const table = `stage_${layer}`;
    const cols = props.map((p) => `${quote(p.name)} ${sqlType(p)}`).join(', ');
    await this.conn.run(`CREATE OR REPLACE TABLE ${table} (${cols}, wkb BLOB)`);
    const appender: DuckDBAppender = await this.conn.createAppender(table);
    const conn = this.conn;
    return {
      add(geometry: Geometry, values: Props): void {
        for (const p of props) {
          const v = values[p.name];
          if (v === undefined || v === null || v === '') appender.appendNull();
          else if (sqlType(p) === 'DOUBLE') appender.appendDouble(Number(v));
          else appender.appendVarchar(String(v));
        }
        appender.appendBlob(geometryToWkb(geometry));
        appender.endRow();
      },
      async close(): Promise<void> {
        appender.closeSync();
        const select = props
          .map((p) => (p.type === 'date' ? `CAST(${quote(p.name)} AS DATE) AS ${quote(p.name)}` : quote(p.name)))
          .join(', ');
        const target = outPath.replaceAll("'", "''");
        await conn.run(
          `COPY (SELECT ${select}, ST_GeomFromWKB(wkb) AS geometry FROM ${table}) TO '${target}' (FORMAT parquet)`,
        );
        await conn.run(`DROP TABLE ${table}`);
      },
    };
  }

  close(): void {
    this.conn.closeSync();
  }
}
