// HTTP edge of catalog: public search and procedure pages; administrator editing.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, OnlineLevel, Procedure, ProcedureInput, ProcedureSummary, Uuid } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireRole } from '../../platform/auth.ts';
import * as catalog from './service.ts';

export async function catalogRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/procedures',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Tra cứu thủ tục hành chính (không phân biệt dấu)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          agencyId: Type.Optional(Uuid),
          field: Type.Optional(Type.String({ maxLength: 200 })),
          onlineLevel: Type.Optional(OnlineLevel),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ProcedureSummary) }), 400: ErrorBody },
      },
    },
    async (req) => catalog.searchProcedures(ctx.db, req.query),
  );

  r.get('/procedure-fields', { schema: { tags: ['catalog'], summary: 'Các lĩnh vực thủ tục', response: { 200: Type.Array(Type.String()) } } }, async () => catalog.listFields(ctx.db));

  r.get(
    '/procedures/:id',
    { schema: { tags: ['catalog'], summary: 'Chi tiết thủ tục', params: Type.Object({ id: Uuid }), response: { 200: Procedure, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => catalog.getProcedure(ctx.db, req.params.id),
  );

  r.get('/admin/procedures', { schema: { tags: ['admin'], summary: 'Tất cả thủ tục (kể cả ngừng tiếp nhận)', response: { 200: Type.Array(Procedure), 401: ErrorBody, 403: ErrorBody } } }, async (req) => {
    requireRole(req, 'admin');
    return catalog.listAllProcedures(ctx.db);
  });

  r.post('/admin/procedures', { schema: { tags: ['admin'], summary: 'Thêm thủ tục', body: ProcedureInput, response: { 201: Procedure, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody } } }, async (req, reply) => {
    const actor = requireRole(req, 'admin');
    return reply.status(201).send(await catalog.saveProcedure(ctx, app.formsAjv, actor, null, req.body));
  });

  r.put(
    '/admin/procedures/:id',
    { schema: { tags: ['admin'], summary: 'Sửa thủ tục (kể cả biểu mẫu)', params: Type.Object({ id: Uuid }), body: ProcedureInput, response: { 200: Procedure, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } } },
    async (req) => {
      const actor = requireRole(req, 'admin');
      return catalog.saveProcedure(ctx, app.formsAjv, actor, req.params.id, req.body);
    },
  );
}
