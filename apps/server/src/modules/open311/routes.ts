// HTTP edge of Open311 GeoReport v2, registered at /open311/v2 (outside /api/v1): the spec's paths
// with a format extension (.json or .xml), its form-urlencoded POST, and its error format
// (`[{"code","description"}]` or `<errors><error>…`) for every failure in this scope, in Vietnamese.
// The routes are hidden from the /api/v1 OpenAPI document on purpose: their contract is the
// GeoReport v2 specification (docs/OPEN311.md), including an error format the rest of the API
// does not use.
import crypto from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, NotFound, render } from '../../platform/errors.ts';
import { parseFormat, serialize, splitExtension, type Error311, type Format, type Resource } from './format.ts';
import * as open311 from './service.ts';

type Params = Record<string, unknown>;
const HIDDEN = { schema: { hide: true } };

/** The format a failing request asked for: .xml gets XML errors, everything else JSON (the spec's "unknown format → JSON"). */
function formatOfUrl(url: string): Format {
  return /\.xml$/.test(url.split('?')[0] ?? '') ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, resource: Resource, status = 200) {
  const { body, contentType } = serialize(resource, format);
  return reply.status(status).type(contentType).send(body);
}

/** The spec's status rule: 404 for what does not exist, 403 for the API key, 400 for everything else. */
function statusOf(err: DomainError): number {
  if (err.code === 'not_found' || err.code === 'forbidden' || err.code === 'rate_limited') return err.status;
  return err.code === 'internal' ? 500 : 400;
}

function errorsOf(err: DomainError, status: number): Error311[] {
  // A validation failure lists every field at once (the spec's errors are an array).
  const details = Array.isArray(err.details) ? (err.details as { field?: string; message?: string }[]) : [];
  if (err.key === 'open311.invalidField' && details.length > 1) {
    return details.map((d) => ({ code: status, description: render('open311.invalidField', { field: d.field ?? '', message: d.message ?? '' }) }));
  }
  return [{ code: status, description: render(err.key, err.params) }];
}

function sendError(reply: FastifyReply, format: Format, err: DomainError) {
  const status = statusOf(err);
  return send(reply, format, { kind: 'errors', data: errorsOf(err, status) }, status);
}

/** A Fastify or platform error (body parsing, content type, size, rate limit, input guard) as a DomainError. */
function asDomainError(err: FastifyError | DomainError): DomainError {
  if (err instanceof DomainError) return err;
  const status = (err as FastifyError).statusCode ?? 500;
  if (status === 429) return new DomainError('rate_limited', 'apiClients.rateLimited');
  if (status === 413) return new DomainError('too_large', 'common.payloadTooLarge');
  if (status === 415) return new DomainError('unsupported_media', 'common.unsupportedMediaType');
  if (status >= 400 && status < 500) return new DomainError('invalid', 'open311.badRequest');
  return new DomainError('internal', 'common.internal');
}

/**
 * Errors the router raises before any route runs (a path that is not valid percent-encoding, a
 * parameter over the length limit), for paths under /open311/: the spec's error format, like the
 * rest of this scope. app.ts hands them here (Fastify's frameworkErrors is one per server).
 */
export function open311FrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const e = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? NotFound('common.routeNotFound') : new DomainError('invalid', err.code === 'FST_ERR_BAD_URL' ? 'common.badUrl' : 'open311.badRequest');
  void sendError(reply, formatOfUrl(req.url), e);
}

export async function open311Routes(app: FastifyInstance, ctx: AppContext) {
  // application/x-www-form-urlencoded, as the spec sends POST requests — in this scope only.
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.setErrorHandler((err: FastifyError | DomainError, req, reply) => {
    const e = asDomainError(err);
    if (e.code === 'internal') req.log.error({ err }, 'open311: unhandled error');
    // A refused key is on record too (which prefix, from where), not only the accepted calls.
    else if (e.code === 'forbidden' && e.key.startsWith('apiClients.')) req.log.warn({ reason: e.key, keyPrefix: /^ts_([0-9a-f]{12})_/.exec(String((req.body as Params | undefined)?.api_key ?? (req.query as Params | undefined)?.api_key ?? ''))?.[1] ?? null, ip: req.ip }, 'open311: API key refused');
    return sendError(reply, formatOfUrl(req.url), e);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, formatOfUrl(req.url), NotFound('common.routeNotFound')));
  // Any other path under /open311/v2 (the web app's catch-all would otherwise answer it with HTML).
  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url: '/*', ...HIDDEN, handler: async (req, reply) => sendError(reply, formatOfUrl(req.url), NotFound('common.routeNotFound')) });

  // Open311 clients are often browser apps on other origins: any origin may call (without
  // credentials — '*' never exposes an answer to a cookie-bearing request, and writes need a key).
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    return payload;
  });
  app.options('/*', HIDDEN, async (_req, reply) =>
    reply.status(204).header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').send(),
  );

  const format = (ext: string | undefined): Format => {
    const f = parseFormat(ext);
    // The spec: an unknown resource is a 404; the answer is JSON since no known format was named.
    if (!f) throw new DomainError('not_found', 'open311.formatUnknown', undefined, { format: ext ?? '' });
    return f;
  };
  const q = (req: FastifyRequest) => (req.query ?? {}) as Params;

  app.get<{ Params: { format: string } }>('/discovery.:format', HIDDEN, async (req, reply) => send(reply, format(req.params.format), { kind: 'discovery', data: open311.discovery(ctx) }));

  app.get<{ Params: { format: string } }>('/services.:format', HIDDEN, async (req, reply) => {
    const f = format(req.params.format);
    return send(reply, f, { kind: 'services', data: await open311.listServices(ctx, q(req)) });
  });

  app.get<{ Params: { file: string } }>('/services/:file', HIDDEN, async (req, reply) => {
    const { id, ext } = splitExtension(req.params.file);
    const f = format(ext);
    return send(reply, f, { kind: 'service_definition', data: await open311.serviceDefinition(ctx, id, q(req)) });
  });

  app.get<{ Params: { format: string } }>('/requests.:format', HIDDEN, async (req, reply) => {
    const f = format(req.params.format);
    return send(reply, f, { kind: 'service_requests', data: await open311.listRequests(ctx, q(req)) });
  });

  app.post<{ Params: { format: string } }>(
    '/requests.:format',
    {
      ...HIDDEN,
      config: {
        // Per API key (the client system), not per address: one aggregator serves many people.
        rateLimit: {
          max: ctx.config.open311.postsPerMinute,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => {
            const key = (req.body as Params | undefined)?.api_key ?? (req.query as Params | undefined)?.api_key;
            return typeof key === 'string' && key ? `open311:${crypto.createHash('sha256').update(key).digest('hex')}` : `open311-ip:${req.ip}`;
          },
        },
      },
    },
    async (req, reply) => {
      const f = format(req.params.format);
      const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Params) : {};
      const client = await open311.clientOf(ctx, body, q(req));
      req.log.info({ apiClientId: client.id, keyPrefix: client.keyPrefix }, 'open311: POST requests');
      const created = await open311.createRequest(ctx, client, { ...q(req), ...body });
      // 200, not 201: the spec shows no status, and clients written against it expect 200.
      return send(reply.header('cache-control', 'no-store'), f, { kind: 'created', data: created });
    },
  );

  app.get<{ Params: { file: string } }>('/requests/:file', HIDDEN, async (req, reply) => {
    const { id, ext } = splitExtension(req.params.file);
    const f = format(ext);
    return send(reply, f, { kind: 'service_requests', data: await open311.getRequest(ctx, id, q(req)) });
  });

  app.get<{ Params: { file: string } }>('/tokens/:file', HIDDEN, async (req, reply) => {
    const { id, ext } = splitExtension(req.params.file);
    const f = format(ext);
    return send(reply, f, { kind: 'tokens', data: await open311.getToken(ctx, id, q(req)) });
  });
}
