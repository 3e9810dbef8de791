// Who is calling: cookie sessions stored in the database (the server stays stateless), the Actor
// every service receives, argon2id password hashing and CSRF protection for unsafe methods.
import crypto from 'node:crypto';
import argon2 from 'argon2';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from './db.ts';
import type { Role } from '../db/schema.ts';
import { DomainError, Forbidden, Unauthenticated } from './errors.ts';

export interface Actor {
  userId: string;
  role: Role;
  agencyId: string | null;
  unitId: string | null;
  /** A commune chair's commune (role leader); null for everyone else. */
  communeCode: string | null;
  fullName: string;
  email: string;
}

export const OFFICIAL_ROLES: Role[] = ['desk', 'processor', 'approver'];

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: { tokenHash: string; csrfToken: string } | null;
  }
}

export const SESSION_COOKIE = 'tinhso_sid';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_DAYS = 7;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export function hashPassword(password: string): Promise<string> {
  // argon2id with the library's defaults (m=64 MiB, t=3, p=4), OWASP's recommended family.
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Creates a new session (never reuses an earlier id: no session fixation). */
export async function createSession(db: Database, userId: string): Promise<{ token: string; csrfToken: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, csrf_token: csrfToken, expires_at: new Date(Date.now() + SESSION_DAYS * 86400_000) })
    .execute();
  return { token, csrfToken };
}

export async function destroySession(db: Database, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DAYS * 86400 });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Resolves the session cookie to an Actor on every request and enforces CSRF on unsafe methods. */
export function installAuth(app: FastifyInstance, db: Database) {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const tokenHash = sha256(token);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.role', 'users.agency_id', 'users.unit_id', 'users.commune_code', 'users.full_name', 'users.email', 'users.disabled', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.disabled || new Date(row.expires_at) < new Date()) return;
    req.actor = { userId: row.id, role: row.role, agencyId: row.agency_id, unitId: row.unit_id, communeCode: row.commune_code, fullName: row.full_name, email: row.email };
    req.session = { tokenHash, csrfToken: row.csrf_token };
  });
  app.addHook('preHandler', async (req) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || !req.session) return;
    // Synchroniser token: the web app reads it from /auth/me and sends it back in a header that
    // a cross-site form cannot set. Requests without a session carry no ambient authority.
    const sent = req.headers[CSRF_HEADER];
    const expected = req.session.csrfToken;
    if (typeof sent !== 'string' || sent.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
      throw new DomainError('forbidden', 'auth.csrf');
    }
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw Unauthenticated();
  return req.actor;
}

export function requireRole(req: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(req);
  if (!roles.includes(actor.role)) throw Forbidden();
  return actor;
}
