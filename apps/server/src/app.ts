// Builds the Fastify app from the platform plugins and the domain modules. Used by main.ts and by
// the tests (through app.inject), so what is tested is what runs.
import fs from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { AppContext } from './platform/context.ts';
import { frameworkErrorHandler, installErrorHandler } from './platform/errors.ts';
import { installInputGuard } from './platform/input.ts';
import { installAuth } from './platform/auth.ts';
import { installSecurityHeaders, securityHeaderOptions } from './platform/security-headers.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { catalogRoutes } from './modules/catalog/routes.ts';
import { uploadsRoutes } from './modules/uploads/routes.ts';
import { dossierRoutes } from './modules/dossiers/routes.ts';
import { calendarRoutes } from './modules/calendar/routes.ts';
import { feedbackRoutes } from './modules/feedback/routes.ts';
import { apiClientRoutes } from './modules/apiclients/routes.ts';
import { open311FrameworkError, open311Routes } from './modules/open311/routes.ts';
import { dashboardRoutes } from './modules/dashboard/routes.ts';
import { MapConfig } from '@tinhso/contracts';
import { mapTileOrigin } from './platform/config.ts';
import { listCommunes } from './modules/org/service.ts';

export type App = FastifyInstance;

export async function buildApp(ctx: AppContext, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    // coerceTypes true, not 'array': with 'array' Ajv turned ["x"] into "x" inside a nullable union
    // and let an array reach the database (found by the hostile-input tests).
    ajv: { customOptions: { allErrors: true, coerceTypes: true, removeAdditional: false, useDefaults: true } },
    // Bad percent-encoding or an over-long path segment: a Vietnamese error body, not Fastify's own.
    frameworkErrors: (err, req, reply) => (req.url.startsWith('/open311/') ? open311FrameworkError : frameworkErrorHandler)(err, req, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // One Ajv with formats for the procedures' own form schemas (validated in services).
  const formsAjv = new Ajv({ allErrors: true, strict: false });
  addFormats(formsAjv);
  app.decorate('formsAjv', formsAjv);

  installErrorHandler(app);
  installInputGuard(app);
  await app.register(cookie);
  const tileOrigin = mapTileOrigin(ctx.config.mapTiles);
  installSecurityHeaders(app, securityHeaderOptions(tileOrigin ? [tileOrigin] : []));
  // API answers carry personal data and the CSRF token: no browser or proxy cache keeps them,
  // unless a route sets its own Cache-Control.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 5, parts: 6 } });
  installAuth(app, ctx.db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tỉnh Số API',
        version: '1.0.0',
        description:
          'API của nền tảng Tỉnh Số: danh mục thủ tục hành chính, hồ sơ trực tuyến, một cửa, lịch ngày làm việc. ' +
          'Lỗi luôn có dạng `{ error: { code, key, message } }` với thông điệp tiếng Việt. ' +
          'Các thao tác ghi cần cookie phiên và header `x-csrf-token` lấy từ `GET /api/v1/auth/me`.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tinhso_sid' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      await healthRoutes(api, ctx);
      await identityRoutes(api, ctx);
      await orgRoutes(api, ctx);
      await catalogRoutes(api, ctx);
      await uploadsRoutes(api, ctx);
      await dossierRoutes(api, ctx);
      await calendarRoutes(api, ctx);
      await dashboardRoutes(api, ctx);
      await feedbackRoutes(api, ctx);
      await apiClientRoutes(api, ctx);
      // The web app's map settings: tiles (MAP_TILE_URL, none by default) and commune centre points.
      api.get('/map', { schema: { tags: ['org'], summary: 'Cấu hình bản đồ: máy chủ nền bản đồ và tâm các xã, phường', response: { 200: MapConfig } } }, async () => ({
        tiles: ctx.config.mapTiles,
        communes: (await listCommunes(ctx.db)).map((c) => ({ code: c.code, name: c.name, lat: c.lat ?? null, lon: c.lon ?? null })),
      }));
    },
    { prefix: '/api/v1' },
  );
  // Open311 GeoReport v2 for other systems (its own paths, formats and error format: docs/OPEN311.md).
  await app.register(async (o) => open311Routes(o, ctx), { prefix: '/open311/v2' });

  // The web app (built by `npm run build:web`); every non-API path falls back to index.html so
  // deep links like /tra-cuu/<code> from a QR code open the right page.
  if (fs.existsSync(ctx.config.webDist)) {
    await app.register(fastifyStatic, { root: ctx.config.webDist, wildcard: false, index: ['index.html'] });
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    formsAjv: Ajv;
  }
}
