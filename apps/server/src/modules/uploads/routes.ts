// HTTP edge of uploads: one multipart file per request (a second file is a 400).
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, Uuid } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth.ts';
import { readSingleFile } from '../../platform/multipart.ts';
import { createUpload } from './service.ts';

export async function uploadsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/uploads',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['files'],
        summary: 'Tải lên một tệp (PDF, JPEG, PNG) để đính kèm hồ sơ',
        description: 'multipart/form-data với một trường tệp "file". Loại tệp được xác định theo nội dung.',
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ id: Uuid, filename: Type.String(), mime: Type.String(), size: Type.Integer() }), 400: ErrorBody, 401: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const upload = await readSingleFile(req, ctx.config.maxUploadBytes);
      const row = await createUpload(ctx, actor, upload.bytes, upload.filename || 'tep');
      return reply.status(201).send(row);
    },
  );
}
