// Assertions shared by the API tests: the error contract of DESIGN §8 and the audit trail.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../platform/context.ts';

/** Letters only Vietnamese text has; a message with none of them is not a Vietnamese sentence. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

export function assertVietnamese(text: unknown, what = 'message') {
  assert.equal(typeof text, 'string', `${what} is a string`);
  assert.match(text as string, VIETNAMESE, `${what} is Vietnamese: ${String(text)}`);
  assert.doesNotMatch(text as string, /\{[a-zA-Z]+\}/, `${what} has no unfilled placeholder: ${String(text)}`);
}

/**
 * The response is an error of the given status and code, shaped `{ error: { code, key, message } }`
 * with a Vietnamese message and nothing that looks like a stack trace. Returns the error object.
 */
export function expectError(res: LightMyRequestResponse, status: number, code?: string, key?: string): { code: string; key: string; message: string; details?: any } {
  assert.equal(res.statusCode, status, `expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 500)}`);
  assert.match(String(res.headers['content-type']), /application\/json/);
  const body = JSON.parse(res.body);
  assert.ok(body.error, `error body: ${res.body}`);
  assert.deepEqual(Object.keys(body).sort(), ['error']);
  if (code) assert.equal(body.error.code, code, res.body);
  if (key) assert.equal(body.error.key, key, res.body);
  assertVietnamese(body.error.message);
  assert.doesNotMatch(res.body, /\bat .+:\d+:\d+|node_modules|\.ts:\d+|stack/i, 'no stack trace in an error body');
  return body.error;
}

export async function auditRows(ctx: AppContext, subjectId: string, action?: string) {
  let q = ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', subjectId);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('id').execute();
}

/** The latest audit row for this action on this subject (there must be one), by this actor; returns it. */
export async function expectAudited(ctx: AppContext, subjectId: string, action: string, actorId?: string) {
  const rows = await auditRows(ctx, subjectId, action);
  assert.ok(rows.length >= 1, `an audit row ${action} for ${subjectId}`);
  const last = rows.at(-1)!;
  if (actorId) assert.equal(last.actor_id, actorId);
  return last;
}
