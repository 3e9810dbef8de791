// HTTP edge of the calendar: public due-date and holiday look-ups; administrator days-off.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CalendarOverride, DueDateQuery, DueDateResult, ErrorBody, HolidaysQuery, HolidaysResult, IsoDate } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireRole } from '../../platform/auth.ts';
import * as calendar from './service.ts';

export async function calendarRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/calendar/due-date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Ngày hẹn trả kết quả: hồ sơ tiếp nhận ngày `from`, thời hạn `days` ngày làm việc',
        description: 'Đếm từ ngày làm việc tiếp theo sau ngày tiếp nhận; bỏ qua thứ Bảy, Chủ nhật, ngày lễ, Tết (âm lịch Việt Nam, UTC+7), ngày nghỉ bù và lịch nghỉ do quản trị viên nhập.',
        querystring: DueDateQuery,
        response: { 200: DueDateResult, 400: ErrorBody },
      },
    },
    async (req) => ({ from: req.query.from, days: req.query.days, dueDate: await calendar.dueDate(ctx.db, req.query.from, req.query.days) }),
  );

  r.get(
    '/calendar/holidays',
    { schema: { tags: ['calendar'], summary: 'Các ngày thường (thứ Hai–thứ Sáu) được nghỉ trong năm', querystring: HolidaysQuery, response: { 200: HolidaysResult, 400: ErrorBody } } },
    async (req) => {
      const cal = await calendar.getCalendar(ctx.db);
      return { year: req.query.year, holidays: cal.nonWorkingWeekdays(req.query.year), workingWeekendDays: cal.workingWeekendDays(req.query.year) };
    },
  );

  r.get(
    '/admin/calendar',
    { schema: { tags: ['admin'], summary: 'Lịch nghỉ, làm bù do quản trị viên nhập', querystring: HolidaysQuery, response: { 200: Type.Array(CalendarOverride), 401: ErrorBody, 403: ErrorBody } } },
    async (req) => {
      requireRole(req, 'admin');
      return calendar.listOverrides(ctx.db, req.query.year);
    },
  );

  r.put('/admin/calendar', { schema: { tags: ['admin'], summary: 'Thêm/sửa một ngày nghỉ hoặc ngày làm bù', body: CalendarOverride, response: { 204: Type.Null(), 400: ErrorBody, 403: ErrorBody } } }, async (req, reply) => {
    const actor = requireRole(req, 'admin');
    await calendar.saveOverride(ctx, actor, req.body);
    return reply.status(204).send(null);
  });

  r.delete(
    '/admin/calendar/:date',
    { schema: { tags: ['admin'], summary: 'Xóa một ngày đã nhập', params: Type.Object({ date: IsoDate }), response: { 204: Type.Null(), 403: ErrorBody, 404: ErrorBody } } },
    async (req, reply) => {
      const actor = requireRole(req, 'admin');
      await calendar.deleteOverride(ctx, actor, req.params.date);
      return reply.status(204).send(null);
    },
  );
}
