// Liveness and readiness: which database is in use and whether it answers.
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';

export async function healthRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Tình trạng hệ thống và cơ sở dữ liệu',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Object({ kind: Type.String(), location: Type.String(), reachable: Type.Boolean(), latencyMs: Type.Number(), version: Type.String() }),
          }),
          503: Type.Object({ status: Type.Literal('degraded'), database: Type.Object({ kind: Type.String(), location: Type.String(), reachable: Type.Boolean(), error: Type.String() }) }),
        },
      },
    },
    async (_req, reply) => {
      const started = performance.now();
      try {
        const r = await sql<{ v: string }>`select version() as v`.execute(ctx.db);
        return { status: 'ok' as const, database: { ...ctx.dbInfo, reachable: true, latencyMs: Math.round((performance.now() - started) * 100) / 100, version: r.rows[0]?.v ?? '' } };
      } catch (err) {
        return reply.status(503).send({ status: 'degraded' as const, database: { ...ctx.dbInfo, reachable: false, error: 'Không kết nối được cơ sở dữ liệu' } });
      }
    },
  );
}
