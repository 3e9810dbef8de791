// HTTP edge of dossiers: submission, the applicant's and officials' lists, detail, one route per
// lifecycle action (each with its own schema in the OpenAPI document), files, receipt, tracking.
import { Type, type TSchema } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AssignInput,
  DossierDetail,
  DossierSummary,
  ErrorBody,
  ExtensionInput,
  IDEMPOTENCY_KEY_PATTERN,
  Binary,
  NoteInput,
  PublicTracking,
  QueueQuery,
  Reason,
  ReceiveInput,
  ReturnResultInput,
  SubmitDossierInput,
  SupplementAnswerInput,
  SupplementRequestInput,
  Uuid,
} from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth.ts';
import { Invalid } from '../../platform/errors.ts';
import { renderApologyLetter, renderDeclineNotice, renderReceipt, renderSupplementRequest } from '../../platform/documents/pdf.ts';
import * as dossiers from './service.ts';
import type { DossierAction } from './lifecycle.ts';

const Params = Type.Object({ id: Uuid });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

function contentDisposition(kind: 'inline' | 'attachment', filename: string) {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function dossierRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Nộp hồ sơ trực tuyến',
        description: 'Gửi lại cùng header `Idempotency-Key` sẽ trả về đúng hồ sơ đã tạo (200) thay vì tạo hồ sơ mới.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: SubmitDossierInput,
        response: { 200: DossierDetail, 201: DossierDetail, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const key = req.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) throw Invalid('common.idempotencyKeyInvalid');
      const { id, created, detail } = await dossiers.submit(ctx, app.formsAjv, actor, req.body, key);
      // A new dossier is answered from what the submission wrote; a replayed key reads it back.
      return reply.status(created ? 201 : 200).send(detail ?? (await dossiers.getDetail(ctx, actor, id)));
    },
  );

  // offset has a maximum: 1e20 passed the schema and overflowed PostgreSQL's bigint (a 500).
  r.get(
    '/me/dossiers',
    { schema: { tags: ['dossiers'], summary: 'Hồ sơ của tôi', querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000, default: 0 })) }), response: { 200: Type.Array(DossierSummary), ...errors } } },
    async (req) => dossiers.listMine(ctx, requireActor(req), req.query.limit, req.query.offset),
  );

  r.get(
    '/desk/dossiers',
    { schema: { tags: ['desk'], summary: 'Hàng đợi hồ sơ của cơ quan (lọc theo trạng thái, sắp đến hạn, quá hạn)', querystring: QueueQuery, response: { 200: Type.Object({ total: Type.Integer(), totalCapped: Type.Boolean({ description: `true khi có hơn ${dossiers.QUEUE_COUNT_CAP} hồ sơ: total dừng ở ${dossiers.QUEUE_COUNT_CAP}` }), items: Type.Array(DossierSummary) }), ...errors } } },
    async (req) => dossiers.listQueue(ctx, requireActor(req), req.query),
  );

  r.get('/dossiers/:id', { schema: { tags: ['dossiers'], summary: 'Chi tiết hồ sơ và tiến trình', params: Params, response: { 200: DossierDetail, ...errors } } }, async (req) =>
    dossiers.getDetail(ctx, requireActor(req), req.params.id),
  );

  r.get(
    '/dossiers/:id/attachments/:attachmentId',
    { schema: { tags: ['dossiers'], summary: 'Tải tệp đính kèm hoặc tệp kết quả', params: Type.Object({ id: Uuid, attachmentId: Uuid }), response: { 200: Binary, ...errors } } },
    async (req, reply) => {
      const file = await dossiers.readAttachment(ctx, requireActor(req), req.params.id, req.params.attachmentId);
      return reply.header('content-type', file.mime).header('content-disposition', contentDisposition('attachment', file.filename)).header('cache-control', 'private, no-store').send(file.bytes);
    },
  );

  r.get(
    '/dossiers/:id/receipt.pdf',
    { schema: { tags: ['dossiers'], summary: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF, có mã QR tra cứu)', params: Params, response: { 200: Binary, ...errors } } },
    async (req, reply) => {
      const data = await dossiers.receiptData(ctx, requireActor(req), req.params.id);
      const pdf = await renderReceipt(data);
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('inline', `giay-tiep-nhan-${data.dossierCode}.pdf`)).header('cache-control', 'private, no-store').send(pdf);
    },
  );

  r.get(
    '/dossiers/:id/documents/:kind',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Phiếu yêu cầu bổ sung, phiếu từ chối tiếp nhận, văn bản xin lỗi và hẹn lại (PDF)',
        params: Type.Object({ id: Uuid, kind: Type.Union([Type.Literal('supplement-request.pdf'), Type.Literal('decline-notice.pdf'), Type.Literal('apology-letter.pdf')]) }),
        response: { 200: Binary, ...errors },
      },
    },
    async (req, reply) => {
      const kind = req.params.kind.replace(/\.pdf$/, '') as 'supplement-request' | 'decline-notice' | 'apology-letter';
      const doc = await dossiers.documentData(ctx, requireActor(req), req.params.id, kind);
      const pdf =
        doc.kind === 'supplement-request'
          ? await renderSupplementRequest(doc.input)
          : doc.kind === 'decline-notice'
            ? await renderDeclineNotice(doc.input)
            : await renderApologyLetter(doc.input);
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('inline', `${kind}-${doc.input.dossierCode}.pdf`)).header('cache-control', 'private, no-store').send(pdf);
    },
  );

  r.get(
    '/tracking/:code',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags: ['dossiers'], summary: 'Tra cứu hồ sơ theo mã (công khai, không cần đăng nhập)', params: Type.Object({ code: Type.String({ minLength: 5, maxLength: 60 }) }), response: { 200: PublicTracking, 400: ErrorBody, 404: ErrorBody } },
    },
    async (req) => dossiers.track(ctx, req.params.code),
  );

  const action = (path: string, name: DossierAction, summary: string, body: TSchema | null) => {
    r.post(
      `/dossiers/:id/${path}`,
      { schema: { tags: ['dossiers'], summary, params: Params, ...(body ? { body } : {}), response: { 200: DossierDetail, ...errors } } },
      async (req) => {
        const actor = requireActor(req);
        await dossiers.act(ctx, actor, req.params.id, name, (req.body ?? {}) as dossiers.ActionInput);
        return dossiers.getDetail(ctx, actor, req.params.id);
      },
    );
  };
  const OptionalNote = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
  action('receive', 'receive', 'Một cửa: tiếp nhận hồ sơ (tính ngày hẹn trả)', ReceiveInput);
  action('decline', 'decline', 'Một cửa: từ chối tiếp nhận, nêu lý do', Reason);
  action('supplement-requests', 'request_supplement', 'Yêu cầu bổ sung (liệt kê đầy đủ một lần; tạm dừng thời hạn)', SupplementRequestInput);
  action('supplement', 'answer_supplement', 'Người nộp: bổ sung hồ sơ bằng tệp đã tải lên', SupplementAnswerInput);
  action('assign', 'assign', 'Phân công chuyên viên xử lý (chuyên viên có thể tự nhận hồ sơ chưa giao)', AssignInput);
  action('forward', 'forward', 'Chuyên viên: trình lãnh đạo phê duyệt', OptionalNote);
  action('approve', 'approve', 'Lãnh đạo: phê duyệt', OptionalNote);
  action('refuse', 'refuse', 'Lãnh đạo: từ chối giải quyết, nêu lý do', Reason);
  action('send-back', 'send_back', 'Lãnh đạo: trả lại chuyên viên xử lý tiếp', Reason);
  action('return-result', 'return_result', 'Một cửa: trả kết quả (kèm tệp kết quả)', ReturnResultInput);
  action('withdraw', 'withdraw', 'Người nộp: rút hồ sơ trước khi có quyết định', Reason);
  action('stop', 'stop', 'Lãnh đạo: dừng giải quyết, nêu lý do', Reason);
  action('notes', 'note', 'Ghi ý kiến xử lý', NoteInput);
  action('extensions', 'extend', 'Văn bản xin lỗi và hẹn lại ngày trả kết quả (hồ sơ quá hạn)', ExtensionInput);
}
