// What every answer to hostile input must satisfy (DESIGN §8): below 500; an error is exactly
// `{ error: { code, key, message } }` with a Vietnamese message; nothing internal in any body (stack
// frames, source paths, the server's directories, raw Fastify errors); a 2xx only for input the
// schema accepts; and a refused request leaves every table as it was (no partial write).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import type { Executor } from '../platform/db.ts';
import { assertVietnamese } from '../test/expect.ts';

/** Every table a request can write to. */
export const WRITABLE_TABLES = [
  'dossiers',
  'dossier_events',
  'dossier_attachments',
  'supplement_requests',
  'extensions',
  'audit_log',
  'uploads',
  'files',
  'outbox',
  'users',
  'agencies',
  'units',
  'procedures',
  'calendar_overrides',
] as const;

export type RowCounts = Record<(typeof WRITABLE_TABLES)[number], number>;

/** Row counts of every writable table in one round trip. */
export async function rowCounts(db: Executor): Promise<RowCounts> {
  const cols = WRITABLE_TABLES.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ');
  const r = await sql<RowCounts>`select ${sql.raw(cols)}`.execute(db);
  return r.rows[0]!;
}

/** Files in the content-addressed store on disk (uploads that were refused must not leave one). */
export function storedFileCount(dataDir: string): number {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return 0;
  let n = 0;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) stack.push(path.join(dir, e.name));
      else n++;
    }
  }
  return n;
}

const ERROR_CODES = ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'deadline_passed', 'too_large', 'unsupported_media', 'rate_limited'];
const STACK_FRAME = /\bat [^\s]+ \(?[^\s]*:\d+:\d+|\.[cm]?[tj]s:\d+:\d+/;
const INTERNALS = /\bat [^\s]+ \(?[^\s]*:\d+:\d+|node_modules|\.[cm]?[tj]s:\d+|FST_[A-Z_]+|"statusCode"\s*:|\bstack\b|SQLSTATE|syntax error at or near|duplicate key value|violates .* constraint|pglite|kysely/i;

export interface Expectation {
  /** What was sent, for the failure message. */
  what: string;
  /** The input is valid by the schema (a 2xx is allowed). Undefined: cannot be judged, anything below 500. */
  valid?: boolean;
  /** The 2xx answer is JSON (false for PDFs and attachments). */
  jsonResponse?: boolean;
  /** Exact strings that must never appear in a body (the working directory, the data directory). */
  secrets: string[];
}

export interface Verdict {
  status: number;
  rejected: boolean;
  error?: { code: string; key: string; message: string; details?: unknown };
}

/** Checks one answer against the contract; returns whether it was a refusal and the error. */
export function checkAnswer(res: LightMyRequestResponse, e: Expectation): Verdict {
  const where = `${e.what}\n→ ${res.statusCode} ${res.body.slice(0, 400)}`;
  assert.ok(res.statusCode < 500, `never a 5xx for bad input: ${where}`);
  if (res.statusCode >= 400) {
    assert.doesNotMatch(res.body, INTERNALS, `nothing internal in an error: ${where}`);
    for (const s of e.secrets) assert.ok(!res.body.includes(s), `an error does not reveal ${s}: ${where}`);
    assert.match(String(res.headers['content-type']), /application\/json/, `an error is JSON: ${where}`);
    const body = JSON.parse(res.body);
    assert.deepEqual(Object.keys(body), ['error'], `an error body is { error }: ${where}`);
    assert.ok(ERROR_CODES.includes(body.error.code), `a known error code: ${where}`);
    assert.equal(typeof body.error.key, 'string', where);
    assertVietnamese(body.error.message, `message of ${where}`);
    return { status: res.statusCode, rejected: true, error: body.error };
  }
  assert.ok(res.statusCode >= 200 && res.statusCode < 300, `a 2xx or an error: ${where}`);
  if (e.valid === false) assert.fail(`input the schema refuses was accepted: ${where}`);
  if (String(res.headers['content-type'] ?? '').includes('json')) assert.doesNotMatch(res.body, STACK_FRAME, `no stack frame in an answer: ${where}`);
  if (e.jsonResponse !== false && res.statusCode !== 204) {
    assert.match(String(res.headers['content-type']), /application\/json/, `a JSON answer: ${where}`);
    JSON.parse(res.body);
  }
  return { status: res.statusCode, rejected: false };
}

export function assertUnchanged(before: RowCounts, after: RowCounts, what: string) {
  const changed = WRITABLE_TABLES.filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]}→${after[t]}`);
  assert.deepEqual(changed, [], `a refused request writes nothing: ${what}`);
}

/** Counts every case sent, by category, so the suite cannot silently shrink. */
export class CaseLog {
  readonly byCategory = new Map<string, number>();
  readonly byStatus = new Map<number, number>();
  total = 0;
  add(category: string, status: number) {
    this.total++;
    this.byCategory.set(category, (this.byCategory.get(category) ?? 0) + 1);
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  summary(): string {
    const cats = [...this.byCategory].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k}: ${v}`);
    const statuses = [...this.byStatus].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`).join(' ');
    return `hostile input: ${this.total} cases\n${cats.join('\n')}\n  answers: ${statuses}`;
  }
}
