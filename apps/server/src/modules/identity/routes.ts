// HTTP edge of identity: sign-up, sign-in (rate-limited), sign-out, current user, account admin.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginInput, Me, RegisterInput, Role, UserInput, UserView, Uuid } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { clearSessionCookie, requireActor, requireRole, setSessionCookie } from '../../platform/auth.ts';
import * as identity from './service.ts';
import * as org from '../org/service.ts';

const toUserView = (u: { id: string; email: string; full_name: string; phone: string | null; role: Role; agency_id: string | null; unit_id: string | null; commune_code: string | null; disabled: boolean }) => ({
  id: u.id,
  email: u.email,
  fullName: u.full_name,
  phone: u.phone,
  role: u.role,
  agencyId: u.agency_id,
  communeCode: u.commune_code,
  unitId: u.unit_id,
  disabled: u.disabled,
});

export async function identityRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const loginLimit = { max: ctx.config.loginRateLimit, timeWindow: '1 minute' };

  const me = async (userId: string, csrfToken: string) => {
    const u = await identity.getUser(ctx.db, userId);
    const agency = u?.agency_id ? await org.getAgency(ctx.db, u.agency_id) : undefined;
    return {
      id: u!.id,
      email: u!.email,
      fullName: u!.full_name,
      phone: u!.phone,
      address: u!.address,
      role: u!.role,
      agencyId: u!.agency_id,
      agencyName: agency?.name ?? null,
      communeCode: u!.commune_code,
      unitId: u!.unit_id,
      csrfToken,
    };
  };

  r.post(
    '/auth/register',
    { config: { rateLimit: loginLimit }, schema: { tags: ['identity'], summary: 'Đăng ký tài khoản công dân', body: RegisterInput, response: { 201: Me, 400: ErrorBody, 409: ErrorBody } } },
    async (req, reply) => {
      const user = await identity.registerCitizen(ctx, req.body);
      const { user: u, token, csrfToken } = await identity.login(ctx, user.email, req.body.password);
      setSessionCookie(reply, token, ctx.config.cookieSecure);
      return reply.status(201).send(await me(u.id, csrfToken));
    },
  );

  r.post(
    '/auth/login',
    { config: { rateLimit: loginLimit }, schema: { tags: ['identity'], summary: 'Đăng nhập', body: LoginInput, response: { 200: Me, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody } } },
    async (req, reply) => {
      if (req.session) await identity.logout(ctx, req.session.tokenHash);
      const { user, token, csrfToken } = await identity.login(ctx, req.body.email, req.body.password);
      setSessionCookie(reply, token, ctx.config.cookieSecure);
      return me(user.id, csrfToken);
    },
  );

  r.post('/auth/logout', { schema: { tags: ['identity'], summary: 'Đăng xuất', response: { 204: Type.Null() } } }, async (req, reply) => {
    if (req.session) await identity.logout(ctx, req.session.tokenHash);
    clearSessionCookie(reply);
    return reply.status(204).send(null);
  });

  r.get('/auth/me', { schema: { tags: ['identity'], summary: 'Tài khoản đang đăng nhập', response: { 200: Me, 401: ErrorBody } } }, async (req) => {
    const actor = requireActor(req);
    return me(actor.userId, req.session!.csrfToken);
  });

  r.get(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Danh sách tài khoản',
        querystring: Type.Object({ role: Type.Optional(Role), agencyId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Array(UserView), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const actor = requireRole(req, 'admin');
      return (await identity.listUsers(ctx, actor, req.query)).map(toUserView);
    },
  );

  r.post('/admin/users', { schema: { tags: ['admin'], summary: 'Tạo tài khoản cán bộ', body: UserInput, response: { 201: UserView, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody } } }, async (req, reply) => {
    const actor = requireRole(req, 'admin');
    return reply.status(201).send(toUserView(await identity.saveUser(ctx, actor, null, req.body)));
  });

  r.put(
    '/admin/users/:id',
    { schema: { tags: ['admin'], summary: 'Sửa, khóa tài khoản', params: Type.Object({ id: Uuid }), body: UserInput, response: { 200: UserView, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const actor = requireRole(req, 'admin');
      return toUserView(await identity.saveUser(ctx, actor, req.params.id, req.body));
    },
  );
}
