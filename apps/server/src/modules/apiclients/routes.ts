// HTTP edge of apiclients: the system administrator creates, lists and disables other systems' keys.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ApiClient, ApiClientCreated, ApiClientInput, ErrorBody, Uuid } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireRole } from '../../platform/auth.ts';
import * as clients from './service.ts';

export async function apiClientRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/admin/api-clients',
    { schema: { tags: ['admin'], summary: 'Danh sách hệ thống kết nối (khóa API) — không bao giờ trả lại khóa', response: { 200: Type.Array(ApiClient), 401: ErrorBody, 403: ErrorBody } } },
    async (req) => clients.listClients(ctx, requireRole(req, 'admin')),
  );

  r.post(
    '/admin/api-clients',
    {
      schema: {
        tags: ['admin'],
        summary: 'Cấp khóa API cho một hệ thống kết nối (khóa chỉ hiển thị một lần)',
        body: ApiClientInput,
        response: { 201: ApiClientCreated, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'admin');
      // The plaintext key travels once, in this answer: no cache may keep it.
      return reply.status(201).header('cache-control', 'no-store').send(await clients.createClient(ctx, actor, req.body));
    },
  );

  r.post(
    '/admin/api-clients/:id/disable',
    {
      schema: {
        tags: ['admin'],
        summary: 'Vô hiệu hóa khóa API của một hệ thống kết nối',
        params: Type.Object({ id: Uuid }),
        response: { 200: ApiClient, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => clients.disableClient(ctx, requireRole(req, 'admin'), req.params.id),
  );
}
