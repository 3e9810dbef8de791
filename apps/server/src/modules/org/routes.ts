// HTTP edge of org: public lists of agencies and communes; administrator management.
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Agency, AgencyInput, Commune, ErrorBody, Unit, UnitInput, Uuid } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor, requireRole } from '../../platform/auth.ts';
import { Forbidden } from '../../platform/errors.ts';
import * as identity from '../identity/service.ts';
import * as org from './service.ts';

const toUnit = (u: { id: string; agency_id: string; name: string }) => ({ id: u.id, agencyId: u.agency_id, name: u.name });

export async function orgRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/agencies', { schema: { tags: ['org'], summary: 'Danh sách cơ quan', response: { 200: Type.Array(Agency) } } }, async () => (await org.listAgencies(ctx.db)).map(org.toAgency));
  r.get('/communes', { schema: { tags: ['org'], summary: 'Danh sách xã, phường', response: { 200: Type.Array(Commune) } } }, async () => org.listCommunes(ctx.db));
  r.get('/agencies/:id/units', { schema: { tags: ['org'], summary: 'Phòng ban của cơ quan', params: Type.Object({ id: Uuid }), response: { 200: Type.Array(Unit) } } }, async (req) =>
    (await org.listUnits(ctx.db, req.params.id)).map(toUnit),
  );

  r.get(
    '/agencies/:id/officials',
    {
      schema: {
        tags: ['org'],
        summary: 'Cán bộ của cơ quan (để phân công)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Array(Type.Object({ id: Uuid, fullName: Type.String(), role: Type.String(), unitId: Type.Union([Type.Null(), Uuid]) })), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (actor.role !== 'admin' && actor.agencyId !== req.params.id) throw Forbidden();
      if (actor.role === 'citizen') throw Forbidden();
      return (await identity.listOfficials(ctx.db, req.params.id)).map((o) => ({ id: o.id, fullName: o.full_name, role: o.role, unitId: o.unit_id }));
    },
  );

  r.post('/admin/agencies', { schema: { tags: ['admin'], summary: 'Thêm cơ quan', body: AgencyInput, response: { 201: Agency, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody } } }, async (req, reply) => {
    const actor = requireRole(req, 'admin');
    return reply.status(201).send(org.toAgency(await org.saveAgency(ctx, actor, null, req.body)));
  });
  r.put(
    '/admin/agencies/:id',
    { schema: { tags: ['admin'], summary: 'Sửa cơ quan', params: Type.Object({ id: Uuid }), body: AgencyInput, response: { 200: Agency, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } } },
    async (req) => {
      const actor = requireRole(req, 'admin');
      return org.toAgency(await org.saveAgency(ctx, actor, req.params.id, req.body));
    },
  );
  r.post(
    '/admin/agencies/:id/units',
    { schema: { tags: ['admin'], summary: 'Thêm phòng ban', params: Type.Object({ id: Uuid }), body: UnitInput, response: { 201: Unit, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } } },
    async (req, reply) => {
      const actor = requireRole(req, 'admin');
      return reply.status(201).send(toUnit(await org.createUnit(ctx, actor, req.params.id, req.body.name)));
    },
  );
}
