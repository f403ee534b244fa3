// The audit trail: one append-only table with a row for every write — uploads, clears, restores,
// verdicts, field updates, user and role changes, sign-ins (and failed ones), plan changes —
// saying who (a user, or `cli:<os user>` from the command line), when, what, on what, and from
// where. Nothing in the service updates or deletes its rows.
import { userInfo } from 'node:os';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Store } from '../store/index.ts';

export const AUDIT_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS audit_seq`,
  `CREATE TABLE IF NOT EXISTS audit_log (
     seq BIGINT PRIMARY KEY, happened_at TIMESTAMPTZ NOT NULL, actor VARCHAR, action VARCHAR NOT NULL,
     target VARCHAR, detail JSON, ip VARCHAR
   )`,
];

export interface AuditEntry {
  /** User name, `cli:<os user>`, or null for an anonymous request (a failed sign-in). */
  actor: string | null;
  /** Dotted verb: layer.load, layer.clear, layer.restore, verdict.set, ledger.update, user.add … */
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  /** Client address, or 'cli'. */
  ip?: string | null;
}

export interface AuditRow extends Required<AuditEntry> {
  seq: number;
  at: string;
}

/** The actor name of whoever runs the command line. */
export function cliActor(): string {
  let name = process.env.USER ?? 'unknown';
  try {
    name = userInfo().username;
  } catch {
    /* no passwd entry (containers): keep $USER */
  }
  return `cli:${name}`;
}

const MAX_DETAIL = 16 * 1024;

/** The detail as stored: JSON text, cut down when it is over MAX_DETAIL characters. */
export function auditDetailJson(detail: AuditEntry['detail']): string | null {
  const text = detail ? JSON.stringify(detail) : null;
  return text && text.length > MAX_DETAIL ? JSON.stringify({ truncated: true, head: text.slice(0, MAX_DETAIL) }) : text;
}

/**
 * Where audit rows go: the DuckDB store (SQL below), or any store that keeps them its own way
 * (the PostgreSQL county store writes them keyed by county).
 */
export type AuditTarget = Pick<Store, 'all'> | { writeAudit(entry: AuditEntry): Promise<void> };

export async function audit(store: AuditTarget, entry: AuditEntry): Promise<void> {
  if ('writeAudit' in store) return store.writeAudit(entry);
  const detail = auditDetailJson(entry.detail);
  await store.all(
    `INSERT INTO audit_log VALUES (nextval('audit_seq'), now(), ?, ?, ?, CAST(? AS JSON), ?) RETURNING seq`,
    [entry.actor, entry.action, entry.target ?? null, detail, entry.ip ?? null],
  );
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  /** ISO date or time; rows at or after it. */
  since?: string;
  limit?: number;
  offset?: number;
}

export async function auditRows(store: Pick<Store, 'all'>, q: AuditQuery = {}): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (q.actor) where.push('actor = ?') && params.push(q.actor);
  if (q.action) where.push('(action = ? OR starts_with(action, ?))') && params.push(q.action, `${q.action}.`);
  if (q.target) where.push('target = ?') && params.push(q.target);
  if (q.since) where.push('happened_at >= CAST(? AS TIMESTAMPTZ)') && params.push(q.since);
  const rows = await store.all(
    `SELECT seq, strftime(happened_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS "at", actor, action, target, CAST(detail AS VARCHAR) AS detail, ip
     FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`,
    [...params, q.limit ?? 1000, q.offset ?? 0],
  );
  return rows.map(toAuditRow);
}

/** A row as read (seq, at, actor, action, target, detail as JSON text, ip), on either store. */
export function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    seq: Number(r.seq),
    at: r.at as string,
    actor: (r.actor as string | null) ?? null,
    action: r.action as string,
    target: (r.target as string | null) ?? null,
    detail: r.detail ? (JSON.parse(r.detail as string) as Record<string, unknown>) : null,
    ip: (r.ip as string | null) ?? null,
  };
}
