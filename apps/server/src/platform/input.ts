// Edge checks every request gets before its schema is applied: PostgreSQL text cannot hold the NUL
// character (U+0000), and very deeply nested JSON would exhaust the stack of the recursive code
// that walks form data. Both are the client's fault and answer 400, never 500. Nor can text hold
// half of a UTF-16 surrogate pair ("\ud800" in JSON): jsonb refuses it and plain text columns would
// silently store U+FFFD instead, so it is refused here too. And numbers must be finite: JSON's 1e999
// parses to Infinity, and Ajv coerces the query string "Infinity" to a number that then passes
// integer, minimum and maximum (Ajv 8.20), so the walk runs again after validation (preHandler).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Invalid } from './errors.ts';

export const MAX_JSON_DEPTH = 64;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const badText = (s: string): 'nul' | 'surrogate' | null => (s.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(s) ? 'surrogate' : null);

/** Walks a parsed value without recursion; names the first problem found. */
export function inputProblem(value: unknown): 'nul' | 'surrogate' | 'number' | 'depth' | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badText(v);
      if (bad) return bad;
      continue;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return 'number';
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_JSON_DEPTH) return 'depth';
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth + 1]);
    } else {
      for (const [k, x] of Object.entries(v)) {
        const bad = badText(k);
        if (bad) return bad;
        stack.push([x, depth + 1]);
      }
    }
  }
  return null;
}

const PROBLEM_KEYS = { nul: 'common.nulCharacter', surrogate: 'common.badUnicode', number: 'common.badNumber', depth: 'common.tooDeep' } as const;

export function installInputGuard(app: FastifyInstance) {
  const guard = async (req: FastifyRequest) => {
    for (const part of [req.params, req.query, req.body]) {
      const problem = inputProblem(part);
      if (problem) throw Invalid(PROBLEM_KEYS[problem], undefined, { depth: MAX_JSON_DEPTH });
    }
  };
  app.addHook('preValidation', guard);
  app.addHook('preHandler', guard); // the values as coerced by the schema
}
