// The small set of domain errors every module throws, and their one mapping to HTTP.
// A message key selects the Vietnamese text shown to people; internals never leak.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messages, type MessageKey } from './i18n.ts';

export type ErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'deadline_passed'
  | 'too_large'
  | 'unsupported_media'
  | 'rate_limited'
  | 'internal';

const httpStatus: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  deadline_passed: 409,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  internal: 500,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly details?: unknown,
    readonly params?: Record<string, string | number>,
  ) {
    super(key);
  }
  get status() {
    return httpStatus[this.code];
  }
}

export const Invalid = (key: MessageKey, details?: unknown, params?: Record<string, string | number>) =>
  new DomainError('invalid', key, details, params);
export const Unauthenticated = (key: MessageKey = 'auth.required') => new DomainError('unauthenticated', key);
export const Forbidden = (key: MessageKey = 'auth.forbidden') => new DomainError('forbidden', key);
export const NotFound = (key: MessageKey = 'common.notFound') => new DomainError('not_found', key);
export const Conflict = (key: MessageKey, details?: unknown, params?: Record<string, string | number>) =>
  new DomainError('conflict', key, details, params);
export const DeadlinePassed = (key: MessageKey, details?: unknown) => new DomainError('deadline_passed', key, details);
export const TooLarge = (key: MessageKey, params?: Record<string, string | number>) =>
  new DomainError('too_large', key, undefined, params);
export const UnsupportedMedia = (key: MessageKey, params?: Record<string, string | number>) =>
  new DomainError('unsupported_media', key, undefined, params);

export function render(key: MessageKey, params?: Record<string, string | number>): string {
  let text: string = messages[key];
  for (const [k, v] of Object.entries(params ?? {})) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export interface ErrorBody {
  error: { code: ErrorCode; key: string; message: string; details?: unknown };
}

export function toBody(err: DomainError): ErrorBody {
  return {
    error: { code: err.code, key: err.key, message: render(err.key, err.params), ...(err.details !== undefined ? { details: err.details } : {}) },
  };
}

/** PostgreSQL SQLSTATE for unique_violation; narrowed by code, never by message text. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

type ValidationIssue = { instancePath?: string; keyword?: string; params?: Record<string, unknown>; message?: string };

/** PostgreSQL SQLSTATE class 22 (data exception) or 23514 (check_violation): a value was refused. */
export function isDataException(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown };
  return e?.statusCode === undefined && typeof e?.code === 'string' && /^(22[0-9A-Z]{3}|23514)$/.test(e.code);
}

/**
 * Fastify's `frameworkErrors`: errors raised by the router before any route runs (a path that is
 * not valid percent-encoding, a path parameter over the router's length limit). Without it Fastify
 * answers with its own English JSON; with it they get the same Vietnamese error body as the rest.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL') reply.status(400).send(toBody(Invalid('common.badUrl')));
  else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') reply.status(404).send(toBody(NotFound('common.notFound')));
  else reply.status(400).send(toBody(Invalid('common.malformedRequest')));
}

/** Maps every error reaching Fastify to `{ error: { code, message } }`; a 500 never shows its cause. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | DomainError, req, reply) => {
    if (err instanceof DomainError) {
      return reply.status(err.status).send(toBody(err));
    }
    const fe = err as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
    if (fe.validation) {
      const details = fe.validation.map((v) => ({
        field: (fe.validationContext ?? 'body') + (v.instancePath || ''),
        ...describeIssue(v),
      }));
      return reply.status(400).send(toBody(Invalid('common.invalidInput', details)));
    }
    if (isDataException(err)) {
      // Hostile-input safety net: a value the schema let through but PostgreSQL refuses (a CHECK
      // such as a name blank once trimmed or longer once in NFC, a number out of range, an
      // impossible date) is bad input — a 400 in Vietnamese, logged, never a 500.
      req.log.warn({ err }, 'database refused a value');
      return reply.status(400).send(toBody(Invalid('common.valueRejected')));
    }
    const status = fe.statusCode ?? 500;
    if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_FILES_LIMIT' || fe.code === 'FST_PARTS_LIMIT') {
      return reply.status(413).send(toBody(TooLarge('common.payloadTooLarge')));
    }
    if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(toBody(UnsupportedMedia('common.unsupportedMediaType')));
    }
    if (status === 429) {
      return reply.status(429).send(toBody(new DomainError('rate_limited', 'auth.rateLimited')));
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty bodies, bad content length…: the client's fault, said in Vietnamese.
      return reply.status(400).send(toBody(Invalid('common.malformedRequest')));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(toBody(new DomainError('internal', 'common.internal')));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(toBody(NotFound('common.routeNotFound')));
  });
}

/** Vietnamese text for one JSON Schema validation issue (Ajv's keywords). */
export function describeIssue(v: ValidationIssue): { message: string } {
  const p = v.params ?? {};
  switch (v.keyword) {
    case 'required':
      return { message: render('validation.required', { field: String(p.missingProperty ?? '') }) };
    case 'minLength':
      return { message: render('validation.minLength', { limit: Number(p.limit) }) };
    case 'maxLength':
      return { message: render('validation.maxLength', { limit: Number(p.limit) }) };
    case 'minimum':
      return { message: render('validation.minimum', { limit: Number(p.limit) }) };
    case 'maximum':
      return { message: render('validation.maximum', { limit: Number(p.limit) }) };
    case 'pattern':
      return { message: render('validation.pattern') };
    case 'format':
      return { message: render('validation.format', { format: String(p.format ?? '') }) };
    case 'type':
      return { message: render('validation.type', { type: String(p.type ?? '') }) };
    case 'enum':
      return { message: render('validation.enum') };
    case 'additionalProperties':
      return { message: render('validation.additionalProperties', { field: String(p.additionalProperty ?? '') }) };
    case 'minItems':
      return { message: render('validation.minItems', { limit: Number(p.limit) }) };
    case 'maxItems':
      return { message: render('validation.maxItems', { limit: Number(p.limit) }) };
    default:
      return { message: render('validation.invalid') };
  }
}
