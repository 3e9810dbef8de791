// Security headers on every answer: Content-Security-Policy, HSTS, X-Frame-Options, nosniff,
// Referrer-Policy and the rest of helmet's set (tested in reliability/security.test.ts and
// platform/map-config.api.test.ts).
//
// helmet's middleware is built once and run from one onRequest hook. @fastify/helmet 13, used
// before, built a new helmet middleware — parsing every CSP directive again — on each request: a
// fifth of all the memory a public tracking look-up allocated (allocation profile, issue 3), all
// of it for the garbage collector to collect, for headers that never change.
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The options, also used by the benchmark's bare handler so both send the same headers. */
export function securityHeaderOptions(extraImageOrigins: string[] = []): Readonly<HelmetOptions> {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The map tile server's origin only when the operator configured one (MAP_TILE_URL).
        imgSrc: ["'self'", 'data:', 'blob:', ...extraImageOrigins],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // Same answer as frame-ancestors 'none' for browsers that only know X-Frame-Options.
    frameguard: { action: 'deny' },
  };
}

export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const setHeaders = helmet(options);
  // helmet passes an error on only for invalid options, which helmet() above already refused.
  app.addHook('onRequest', (req, reply, done) => setHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
}
