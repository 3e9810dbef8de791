// HTTP edge of feedback reports: public categories, photo upload, submission, public list and
// tracking, photos; the reporter's own reports and rating; the officials' queue and actions; the
// moderator's publishing; the administrator's routing rules and categories. The route list is in
// packages/contracts/src/feedback.ts.
import { Type, type TSchema } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Binary,
  ErrorBody,
  FeedbackAssignInput,
  FeedbackCategory,
  FeedbackCategoryInput,
  FeedbackDeclineInput,
  FeedbackDetail,
  FeedbackHideInput,
  FeedbackModerationItem,
  FeedbackModerationPage,
  FeedbackModerationQuery,
  FeedbackNoteInput,
  FeedbackNoteOptional,
  FeedbackPhotoUpload,
  FeedbackQueuePage,
  FeedbackQueueQuery,
  FeedbackRatingInput,
  FeedbackReassignInput,
  FeedbackResolveInput,
  FeedbackRoutingRule,
  FeedbackRoutingRuleInput,
  FeedbackSubmitted,
  FeedbackSummary,
  IDEMPOTENCY_KEY_PATTERN,
  PublicFeedbackPage,
  PublicFeedbackQuery,
  PublicFeedbackReport,
  SubmitFeedbackInput,
  Uuid,
} from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth.ts';
import { Invalid } from '../../platform/errors.ts';
import { readSingleFile } from '../../platform/multipart.ts';
import * as feedback from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = Type.Object({ id: Uuid });
// Codes are checked by the service (an unknown or malformed code is a 404); the schema only bounds the length.
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }) });
const tags = ['feedback'];

/** Per client address: enough for a person with five photos and a retry, not for a flood. */
const PHOTO_LIMIT = { max: 30, timeWindow: '1 minute' };
const SUBMIT_LIMIT = { max: 20, timeWindow: '1 minute' };

export async function feedbackRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ------------------------------------------------------------ public

  r.get('/feedback/categories', { schema: { tags, summary: 'Lĩnh vực phản ánh (cũng là các dịch vụ Open311)', response: { 200: Type.Array(FeedbackCategory) } } }, async () => feedback.listCategories(ctx));

  r.post(
    '/feedback/photos',
    {
      config: { rateLimit: PHOTO_LIMIT },
      schema: {
        tags,
        summary: 'Tải lên một ảnh hiện trường (JPEG, PNG) trước khi gửi phản ánh — không cần đăng nhập',
        description: `multipart/form-data với một trường tệp "file". Loại tệp được xác định theo nội dung. Giới hạn ${PHOTO_LIMIT.max} ảnh mỗi phút cho mỗi địa chỉ. Mã ảnh trả về dùng được một lần, trong 24 giờ.`,
        consumes: ['multipart/form-data'],
        response: { 201: FeedbackPhotoUpload, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const { bytes } = await readSingleFile(req, ctx.config.maxUploadBytes);
      return reply.status(201).send(await feedback.uploadPhoto(ctx, req.actor, bytes, req.ip));
    },
  );

  r.post(
    '/feedback/reports',
    {
      config: { rateLimit: SUBMIT_LIMIT },
      schema: {
        tags,
        summary: 'Gửi phản ánh hiện trường (đăng nhập hoặc ẩn danh với số điện thoại/email)',
        description:
          'Vị trí chọn trên bản đồ (location) hoặc xã/phường và địa chỉ. Ảnh: các mã từ `POST /feedback/photos`. ' +
          'Gửi lại cùng header `Idempotency-Key` và cùng nội dung sẽ trả về đúng phản ánh đã tạo (200) thay vì tạo mới. ' +
          'accessToken trong kết quả cho phép người gửi ẩn danh đánh giá kết quả xử lý.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: SubmitFeedbackInput,
        response: { 200: FeedbackSubmitted, 201: FeedbackSubmitted, ...errors, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) throw Invalid('common.idempotencyKeyInvalid');
      const { created, report } = await feedback.submitReport(ctx, req.actor, req.body, { source: 'web', idempotencyKey: key });
      return reply.status(created ? 201 : 200).send(report);
    },
  );

  r.get(
    '/feedback/reports',
    { schema: { tags, summary: 'Phản ánh đã công khai (tìm không dấu, lọc theo lĩnh vực, xã/phường, trạng thái, ngày)', querystring: PublicFeedbackQuery, response: { 200: PublicFeedbackPage, 400: ErrorBody } } },
    async (req) => feedback.listPublicReports(ctx, req.query),
  );

  r.get(
    '/feedback/reports/:code',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Tra cứu phản ánh theo mã (công khai; nội dung chỉ hiện sau khi được kiểm duyệt)', params: CodeParams, response: { 200: PublicFeedbackReport, 400: ErrorBody, 404: ErrorBody } },
    },
    async (req) => feedback.getPublicReport(ctx, req.params.code),
  );

  r.get(
    '/feedback/reports/:code/photos/:n',
    {
      schema: {
        tags,
        summary: 'Ảnh của phản ánh (công khai khi phản ánh đã được công khai)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }), n: Type.Integer({ minimum: 1, maximum: 20 }) }),
        response: { 200: Binary, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const p = await feedback.readPhoto(ctx, req.actor, req.params.code, req.params.n);
      return reply
        .header('content-type', p.mime)
        .header('content-disposition', 'inline')
        .header('cache-control', p.published ? 'public, max-age=300' : 'private, no-store')
        .send(p.bytes);
    },
  );

  r.post(
    '/feedback/reports/:code/rating',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Người gửi đánh giá kết quả xử lý (1–5 sao)', params: CodeParams, body: FeedbackRatingInput, response: { 200: PublicFeedbackReport, ...errors, 429: ErrorBody } },
    },
    async (req) => feedback.rate(ctx, req.actor, req.params.code, req.body),
  );

  // ------------------------------------------------------------ the reporter

  r.get(
    '/me/feedback',
    {
      schema: {
        tags,
        summary: 'Phản ánh của tôi',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })) }),
        response: { 200: Type.Array(FeedbackSummary), ...errors },
      },
    },
    async (req) => feedback.listMine(ctx, requireActor(req), req.query.limit, req.query.offset),
  );

  r.get('/me/feedback/:code', { schema: { tags, summary: 'Chi tiết phản ánh của tôi', params: CodeParams, response: { 200: FeedbackDetail, ...errors } } }, async (req) =>
    feedback.getMine(ctx, requireActor(req), req.params.code),
  );

  // ------------------------------------------------------------ officials

  r.get('/desk/feedback', { schema: { tags, summary: 'Hàng đợi phản ánh của cơ quan', querystring: FeedbackQueueQuery, response: { 200: FeedbackQueuePage, ...errors } } }, async (req) =>
    feedback.listQueue(ctx, requireActor(req), req.query),
  );

  r.get('/desk/feedback/:id', { schema: { tags, summary: 'Chi tiết phản ánh (có thông tin liên hệ của người gửi; việc xem được ghi nhật ký)', params: IdParams, response: { 200: FeedbackDetail, ...errors } } }, async (req) =>
    feedback.getDetail(ctx, requireActor(req), req.params.id),
  );

  const action = (path: string, name: feedback.FeedbackAction, summary: string, body: TSchema) => {
    r.post(`/desk/feedback/:id/${path}`, { schema: { tags, summary, params: IdParams, body, response: { 200: FeedbackDetail, ...errors } } }, async (req) =>
      feedback.act(ctx, requireActor(req), req.params.id, name, (req.body ?? {}) as feedback.ActionInput),
    );
  };
  action('assign', 'assign', 'Phân công cán bộ xử lý (chuyên viên tự nhận phản ánh)', FeedbackAssignInput);
  action('start', 'start', 'Bắt đầu xử lý', FeedbackNoteOptional);
  action('resolve', 'resolve', 'Hoàn thành xử lý, kèm nội dung trả lời công khai và ảnh (nếu có)', FeedbackResolveInput);
  action('decline', 'decline', 'Từ chối xử lý: không thuộc thẩm quyền, trùng lặp (nêu mã phản ánh gốc) hoặc spam', FeedbackDeclineInput);
  action('reassign', 'reassign', 'Chuyển phản ánh đến cơ quan có thẩm quyền khác', FeedbackReassignInput);
  action('notes', 'note', 'Ghi ý kiến (nội bộ hoặc công khai)', FeedbackNoteInput);

  // ------------------------------------------------------------ moderator

  r.get('/moderation/feedback', { schema: { tags, summary: 'Kiểm duyệt: phản ánh chờ duyệt, đã công khai hoặc đã ẩn', querystring: FeedbackModerationQuery, response: { 200: FeedbackModerationPage, ...errors } } }, async (req) =>
    feedback.listModeration(ctx, requireActor(req), req.query),
  );
  r.post('/moderation/feedback/:id/publish', { schema: { tags, summary: 'Kiểm duyệt: công khai phản ánh', params: IdParams, response: { 200: FeedbackModerationItem, ...errors } } }, async (req) =>
    feedback.moderate(ctx, requireActor(req), req.params.id, 'publish'),
  );
  r.post('/moderation/feedback/:id/hide', { schema: { tags, summary: 'Kiểm duyệt: ẩn phản ánh, nêu lý do', params: IdParams, body: FeedbackHideInput, response: { 200: FeedbackModerationItem, ...errors } } }, async (req) =>
    feedback.moderate(ctx, requireActor(req), req.params.id, 'hide', req.body.reason),
  );

  // ------------------------------------------------------------ administrator

  r.get('/admin/feedback/routing-rules', { schema: { tags, summary: 'Quy tắc phân công xử lý phản ánh (lĩnh vực × xã/phường → cơ quan)', response: { 200: Type.Array(FeedbackRoutingRule), ...errors } } }, async (req) =>
    feedback.listRoutingRules(ctx, requireActor(req)),
  );
  r.post(
    '/admin/feedback/routing-rules',
    { schema: { tags, summary: 'Thêm hoặc thay quy tắc phân công (xã/phường null: mặc định của lĩnh vực)', body: FeedbackRoutingRuleInput, response: { 200: FeedbackRoutingRule, ...errors } } },
    async (req) => feedback.saveRoutingRule(ctx, requireActor(req), req.body),
  );
  r.delete('/admin/feedback/routing-rules/:id', { schema: { tags, summary: 'Xóa quy tắc phân công', params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await feedback.deleteRoutingRule(ctx, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });
  r.get('/admin/feedback/categories', { schema: { tags, summary: 'Lĩnh vực phản ánh (kể cả đã ngừng)', response: { 200: Type.Array(FeedbackCategory), ...errors } } }, async (req) =>
    feedback.listCategoriesForAdmin(ctx, requireActor(req)),
  );
  r.put(
    '/admin/feedback/categories/:code',
    { schema: { tags, summary: 'Thêm hoặc sửa lĩnh vực phản ánh', params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,49}$' }) }), body: FeedbackCategoryInput, response: { 200: FeedbackCategory, ...errors } } },
    async (req) => feedback.saveCategory(ctx, requireActor(req), req.params.code, req.body),
  );
}
