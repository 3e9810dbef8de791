// Edge checks every request gets before its schema is applied: PostgreSQL text cannot hold the NUL
// character (U+0000), and very deeply nested JSON would exhaust the stack of the recursive code
// that walks form data. Both are the client's fault and answer 400, never 500.
import type { FastifyInstance } from 'fastify';
import { Invalid } from './errors.ts';

export const MAX_JSON_DEPTH = 64;

/** Walks a parsed value without recursion; names the first problem found. */
export function inputProblem(value: unknown): 'nul' | 'depth' | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return 'nul';
      continue;
    }
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_JSON_DEPTH) return 'depth';
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth + 1]);
    } else {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return 'nul';
        stack.push([x, depth + 1]);
      }
    }
  }
  return null;
}

export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    for (const part of [req.params, req.query, req.body]) {
      const problem = inputProblem(part);
      if (problem) throw Invalid(problem === 'nul' ? 'common.nulCharacter' : 'common.tooDeep', undefined, { depth: MAX_JSON_DEPTH });
    }
  });
}
