// HTTP edge of the leaders' dashboard (session; leaders and agency heads) and of the public
// transparency figures (GET /api/v1/indicators, no session, no personal data).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Binary,
  DashboardOverview,
  DashboardQuery,
  DashboardRanking,
  DashboardTrend,
  DrillDownPage,
  DrillDownQuery,
  ErrorBody,
  ExportQuery,
  FeedbackMap,
  PublicIndicators,
  PublicIndicatorsQuery,
  RankingQuery,
} from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth.ts';
import * as dashboard from './service.ts';
import { exportWorkbook } from './export.ts';
import { renderDashboardReport } from './report.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const ROLES_NOTE = 'Lãnh đạo tỉnh (toàn tỉnh), chủ tịch UBND xã (xã của mình), lãnh đạo cơ quan (cơ quan của mình). Quản trị hệ thống không được xem (403).';

function contentDisposition(filename: string) {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

// Public figures are the same for everyone: computed at most once a minute per period.
const PUBLIC_CACHE_MS = 60_000;

export async function dashboardRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['dashboard'];
  // Per app instance, so each platform (tests build several in one process) has its own.
  const publicCache = new Map<string, { at: number; body: Promise<unknown> }>();

  r.get(
    '/dashboard/overview',
    { schema: { tags, summary: 'Bảng điều hành: các chỉ số QĐ 766 của kỳ, theo phạm vi, từng cơ quan và từng xã', description: ROLES_NOTE, querystring: DashboardQuery, response: { 200: DashboardOverview, ...errors } } },
    async (req) => dashboard.overview(ctx, requireActor(req), req.query),
  );

  r.get(
    '/dashboard/trend',
    { schema: { tags, summary: 'Xu hướng các chỉ số theo tháng trong kỳ', description: ROLES_NOTE, querystring: DashboardQuery, response: { 200: DashboardTrend, ...errors } } },
    async (req) => dashboard.trend(ctx, requireActor(req), req.query),
  );

  r.get(
    '/dashboard/rankings',
    { schema: { tags, summary: 'Xếp hạng cơ quan hoặc xã theo một chỉ số', description: ROLES_NOTE, querystring: RankingQuery, response: { 200: DashboardRanking, ...errors } } },
    async (req) => dashboard.ranking(ctx, requireActor(req), req.query),
  );

  r.get(
    '/dashboard/drill-down',
    {
      schema: {
        tags,
        summary: 'Danh sách hồ sơ, thủ tục hoặc phản ánh đứng sau một con số (tử số, mẫu số hoặc phần còn lại)',
        description: `${ROLES_NOTE} Danh sách có họ tên người nộp: mỗi lần xem được ghi nhật ký kiểm toán.`,
        querystring: DrillDownQuery,
        response: { 200: DrillDownPage, ...errors },
      },
    },
    async (req) => dashboard.drillDown(ctx, requireActor(req), req.query),
  );

  r.get(
    '/dashboard/feedback-map',
    { schema: { tags, summary: 'Bản đồ phản ánh, kiến nghị trong kỳ (điểm)', description: ROLES_NOTE, querystring: DashboardQuery, response: { 200: FeedbackMap, ...errors } } },
    async (req) => dashboard.feedbackMap(ctx, requireActor(req), req.query),
  );

  r.get(
    '/dashboard/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Xuất một bảng của bảng điều hành ra Excel (XLSX)',
        description: `${ROLES_NOTE} table: overview | agencies | communes | trend | ranking (cần indicator, by) | drill-down (cần indicator, part; tối đa 10.000 dòng). Mỗi lần xuất được ghi nhật ký kiểm toán.`,
        querystring: ExportQuery,
        response: { 200: Binary, ...errors },
      },
    },
    async (req, reply) => {
      const { filename, bytes } = await exportWorkbook(ctx, requireActor(req), req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );

  r.get(
    '/dashboard/report.pdf',
    {
      schema: { tags, summary: 'Báo cáo PDF của cả kỳ: bảng chỉ số, biểu đồ, xếp hạng và định nghĩa', description: `${ROLES_NOTE} Mỗi lần xuất được ghi nhật ký kiểm toán.`, querystring: DashboardQuery, response: { 200: Binary, ...errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const snap = await dashboard.snapshot(ctx, actor, req.query);
      const pdf = await renderDashboardReport(snap, actor.fullName);
      await dashboard.auditExport(ctx, actor, 'pdf', { from: snap.overview.period.from, to: snap.overview.period.to, scope: snap.overview.scope.kind, agencyId: snap.overview.scope.agencyId, communeCode: snap.overview.scope.communeCode });
      const name = `bao-cao-chi-so-766-${snap.overview.period.from}-${snap.overview.period.to}.pdf`;
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(name)).header('cache-control', 'private, no-store').send(pdf);
    },
  );

  r.get(
    '/indicators',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['transparency'],
        summary: 'Công khai các chỉ số QĐ 766 của tỉnh và từng cơ quan trong kỳ (không cần đăng nhập, không có dữ liệu cá nhân)',
        description: 'Mặc định từ đầu năm đến hôm nay. Số liệu được tính lại tối đa mỗi phút một lần.',
        querystring: PublicIndicatorsQuery,
        response: { 200: PublicIndicators, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const key = `${ctx.today()}|${req.query.from ?? ''}|${req.query.to ?? ''}`;
      const now = Date.now();
      for (const [k, v] of publicCache) if (now - v.at > PUBLIC_CACHE_MS) publicCache.delete(k);
      let hit = publicCache.get(key);
      if (!hit) {
        hit = { at: now, body: dashboard.publicIndicators(ctx, req.query) };
        if (publicCache.size < 50) publicCache.set(key, hit);
        hit.body.catch(() => publicCache.delete(key));
      }
      const body = (await hit.body) as Awaited<ReturnType<typeof dashboard.publicIndicators>>;
      return reply.header('cache-control', 'public, max-age=60').send(body);
    },
  );
}

