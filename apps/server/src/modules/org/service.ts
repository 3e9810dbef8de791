// org: the locality's communes, its agencies (cơ quan) and their units (phòng ban).
// Owns tables communes, agencies, units.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
import { appendAudit } from '../../platform/audit.ts';
import { Conflict, Forbidden, Invalid, NotFound, isUniqueViolation } from '../../platform/errors.ts';
import { nfc } from '../../platform/text.ts';

export const toAgency = (a: { id: string; code: string; name: string; level: 'province' | 'commune'; commune_code: string | null; address: string | null; phone: string | null; email: string | null }) => ({
  id: a.id,
  code: a.code,
  name: a.name,
  level: a.level,
  communeCode: a.commune_code,
  address: a.address,
  phone: a.phone,
  email: a.email,
});

export async function getAgency(db: Executor, id: string) {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAgencies(db: Executor) {
  return db.selectFrom('agencies').selectAll().orderBy('level', 'desc').orderBy('name').execute();
}

export async function listCommunes(db: Executor) {
  return db.selectFrom('communes').selectAll().orderBy('name').execute();
}

export async function listUnits(db: Executor, agencyId: string) {
  return db.selectFrom('units').selectAll().where('agency_id', '=', agencyId).orderBy('name').execute();
}

export async function saveAgency(
  ctx: AppContext,
  actor: Actor,
  id: string | null,
  input: { code: string; name: string; level: 'province' | 'commune'; communeCode?: string | null; address?: string | null; phone?: string | null; email?: string | null },
) {
  if (actor.role !== 'admin') throw Forbidden();
  const values = {
    code: input.code,
    name: nfc(input.name.trim()),
    level: input.level,
    commune_code: input.communeCode ?? null,
    address: input.address ? nfc(input.address) : null,
    phone: input.phone ?? null,
    email: input.email ?? null,
  };
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const row = id
        ? await tx.updateTable('agencies').set(values).where('id', '=', id).returningAll().executeTakeFirst()
        : await tx.insertInto('agencies').values(values).returningAll().executeTakeFirstOrThrow();
      if (!row) throw NotFound('org.agencyNotFound');
      await appendAudit(tx, actor, { action: id ? 'org.agency.update' : 'org.agency.create', subjectType: 'agency', subjectId: row.id, data: { code: row.code } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw Conflict('org.codeTaken');
    if ((err as { code?: string }).code === '23503') throw Invalid('org.communeNotFound');
    throw err;
  }
}

export async function createUnit(ctx: AppContext, actor: Actor, agencyId: string, name: string) {
  if (actor.role !== 'admin') throw Forbidden();
  if (!(await getAgency(ctx.db, agencyId))) throw NotFound('org.agencyNotFound');
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const unit = await tx.insertInto('units').values({ agency_id: agencyId, name: nfc(name.trim()) }).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, actor, { action: 'org.unit.create', subjectType: 'unit', subjectId: unit.id, data: { agencyId } });
      return unit;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw Conflict('org.unitNameTaken');
    throw err;
  }
}
