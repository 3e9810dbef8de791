// HTTP edge of uploads: one multipart file per request (a second file is a 400).
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, Uuid } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth.ts';
import { DomainError, Invalid, TooLarge } from '../../platform/errors.ts';
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
      if (!req.isMultipart()) throw Invalid('files.missing');
      // A multipart body cut short, or without a boundary, makes the parser throw a plain Error
      // ("Premature close", "Boundary not found"): the client's fault, a 400, not a 500.
      const malformed = (err: unknown) => (err instanceof DomainError || (err as { code?: string })?.code?.startsWith('FST_') ? err : Invalid('files.malformedUpload'));
      const tooLarge = () => TooLarge('files.tooLarge', { limitMb: Math.round(ctx.config.maxUploadBytes / 1048576) });
      // One file per request. A second file is refused rather than dropped: keeping the first and
      // answering 201 would tell the sender both were received.
      let upload: { bytes: Buffer; filename: string } | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type !== 'file') continue; // form fields beside the file are not used
          if (upload) throw Invalid('files.tooMany');
          // @fastify/multipart throws (FST_REQ_FILE_TOO_LARGE) when the file passes the size limit.
          const bytes = await part.toBuffer().catch((err: { code?: string }) => {
            throw err?.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : err;
          });
          if (part.file.truncated) throw tooLarge();
          upload = { bytes, filename: part.filename };
        }
      } catch (err) {
        // The parser stops at the second file (limits.files is 1 in app.ts) with FST_FILES_LIMIT.
        throw (err as { code?: string })?.code === 'FST_FILES_LIMIT' ? Invalid('files.tooMany') : malformed(err);
      }
      if (!upload) throw Invalid('files.missing');
      const row = await createUpload(ctx, actor, upload.bytes, upload.filename || 'tep');
      return reply.status(201).send(row);
    },
  );
}
