// identity: accounts (citizens and officials), passwords and sessions. Owns tables users, sessions.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import { createSession, destroySession, hashPassword, verifyPassword } from '../../platform/auth.ts';
import { appendAudit } from '../../platform/audit.ts';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, isUniqueViolation } from '../../platform/errors.ts';
import { escapeLike, nfc } from '../../platform/text.ts';
import type { Role, User } from '../../db/schema.ts';
import type { Executor } from '../../platform/db.ts';

// A timing-equaliser: verifying against a real hash when the email is unknown keeps response times
// from revealing which emails have accounts.
let dummyHash: Promise<string> | null = null;

export function checkPasswordStrength(password: string) {
  if (password.length < 8 || !/[A-Za-zÀ-ỹ]/.test(password) || !/[0-9]/.test(password)) throw Invalid('auth.weakPassword');
}

export async function registerCitizen(
  ctx: AppContext,
  input: { email: string; password: string; fullName: string; phone?: string; personalId?: string; address?: string },
): Promise<User> {
  checkPasswordStrength(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const user = await tx
        .insertInto('users')
        .values({
          email: input.email.trim().toLowerCase(),
          password_hash: passwordHash,
          full_name: nfc(input.fullName.trim()),
          phone: input.phone ?? null,
          personal_id: input.personalId ?? null,
          address: input.address ? nfc(input.address.trim()) : null,
          role: 'citizen',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(tx, { userId: user.id, role: 'citizen', agencyId: null, unitId: null, communeCode: null, fullName: user.full_name, email: user.email }, { action: 'identity.register', subjectType: 'user', subjectId: user.id });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw Conflict('auth.emailTaken');
    throw err;
  }
}

export async function login(ctx: AppContext, email: string, password: string): Promise<{ user: User; token: string; csrfToken: string }> {
  const user = await ctx.db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase())).executeTakeFirst();
  if (!user) {
    dummyHash ??= hashPassword('không-có-tài-khoản-này-1');
    await verifyPassword(await dummyHash, password);
    throw new DomainError('unauthenticated', 'auth.badCredentials');
  }
  if (!(await verifyPassword(user.password_hash, password))) throw new DomainError('unauthenticated', 'auth.badCredentials');
  if (user.disabled) throw new DomainError('forbidden', 'auth.disabled');
  const session = await createSession(ctx.db, user.id);
  return { user, ...session };
}

export async function logout(ctx: AppContext, tokenHash: string) {
  await destroySession(ctx.db, tokenHash);
}

export async function getUser(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Officials of an agency with a given role — used by dossiers to validate an assignee. */
export async function findOfficial(db: Executor, id: string): Promise<Pick<User, 'id' | 'role' | 'agency_id' | 'unit_id' | 'full_name' | 'disabled'> | undefined> {
  return db.selectFrom('users').select(['id', 'role', 'agency_id', 'unit_id', 'full_name', 'disabled']).where('id', '=', id).executeTakeFirst();
}

export async function listOfficials(db: Executor, agencyId: string, role?: Role) {
  let q = db.selectFrom('users').select(['id', 'full_name', 'role', 'unit_id']).where('agency_id', '=', agencyId).where('disabled', '=', false);
  if (role) q = q.where('role', '=', role);
  return q.orderBy('full_name').execute();
}

// ---- administration of accounts (system administrator) ----

export async function listUsers(ctx: AppContext, actor: Actor, filter: { role?: Role; agencyId?: string; q?: string }) {
  if (actor.role !== 'admin') throw Forbidden();
  let q = ctx.db.selectFrom('users').select(['id', 'email', 'full_name', 'phone', 'role', 'agency_id', 'unit_id', 'commune_code', 'disabled']).orderBy('role').orderBy('full_name').limit(500);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.agencyId) q = q.where('agency_id', '=', filter.agencyId);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('full_name', 'ilike', pattern)]));
  }
  return q.execute();
}

export async function saveUser(
  ctx: AppContext,
  actor: Actor,
  id: string | null,
  input: { email: string; password?: string; fullName: string; phone?: string; role: Role; agencyId?: string | null; unitId?: string | null; communeCode?: string | null; disabled?: boolean },
) {
  if (actor.role !== 'admin') throw Forbidden();
  // Leaders (province, or a commune chair with a commune) and moderators belong to no agency.
  const isOfficial = input.role === 'desk' || input.role === 'processor' || input.role === 'approver';
  if (isOfficial && !input.agencyId) throw Invalid('org.officialNeedsAgency');
  if (input.password) checkPasswordStrength(input.password);
  if (!id && !input.password) throw Invalid('auth.weakPassword');
  const values = {
    email: input.email.trim().toLowerCase(),
    full_name: nfc(input.fullName.trim()),
    role: input.role,
    agency_id: isOfficial ? input.agencyId ?? null : null,
    unit_id: isOfficial ? input.unitId ?? null : null,
    commune_code: input.role === 'leader' ? input.communeCode ?? null : null,
    disabled: input.disabled ?? false,
  };
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      if (values.unit_id) {
        const unit = await tx.selectFrom('units').select('agency_id').where('id', '=', values.unit_id).executeTakeFirst();
        if (!unit || unit.agency_id !== values.agency_id) throw Invalid('org.unitNotFound');
      }
      let user;
      if (id) {
        user = await tx
          .updateTable('users')
          .set({ ...values, ...(input.phone !== undefined ? { phone: input.phone } : {}), ...(passwordHash ? { password_hash: passwordHash } : {}) })
          .where('id', '=', id)
          .returning(['id', 'email', 'full_name', 'phone', 'role', 'agency_id', 'unit_id', 'commune_code', 'disabled'])
          .executeTakeFirst();
        if (!user) throw NotFound('org.userNotFound');
        // A disabled or re-roled account loses its sessions at once.
        await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      } else {
        user = await tx
          .insertInto('users')
          .values({ ...values, phone: input.phone ?? null, password_hash: passwordHash! })
          .returning(['id', 'email', 'full_name', 'phone', 'role', 'agency_id', 'unit_id', 'commune_code', 'disabled'])
          .executeTakeFirstOrThrow();
      }
      await appendAudit(tx, actor, { action: id ? 'identity.user.update' : 'identity.user.create', subjectType: 'user', subjectId: user.id, data: { role: values.role, agencyId: values.agency_id, disabled: values.disabled } });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw Conflict('auth.emailTaken');
    // An agencyId that names no agency fails the foreign key (SQLSTATE 23503): bad input, not a 500.
    if ((err as { code?: string }).code === '23503') {
      throw Invalid((err as { constraint?: string }).constraint === 'users_commune_code_fkey' ? 'org.communeNotFound' : 'org.agencyNotFound');
    }
    throw err;
  }
}
