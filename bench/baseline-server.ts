// The limit for public tracking: the cheapest possible Fastify handler in the same configuration as
// the real server — same Node, one process, the same logger setting (pino at LOG_LEVEL, request
// logging on), the same trustProxy, @fastify/cookie and the same security headers (helmet) —
// answering GET /api/v1/tracking/:code with a constant JSON object as large as a real answer.
// No database, no rate limit, no schema validation: everything the real route does beyond this is
// its cost.
//
//   BASELINE_BODY_FILE=body.json PORT=3999 node --import tsx bench/baseline-server.ts
import fs from 'node:fs';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { installSecurityHeaders, securityHeaderOptions } from '../apps/server/src/platform/security-headers.ts';

const config = loadConfig();
const body = JSON.parse(fs.readFileSync(process.env.BASELINE_BODY_FILE!, 'utf8')) as Record<string, unknown>;

const app = Fastify({ logger: { level: config.logLevel }, bodyLimit: 1024 * 1024, trustProxy: config.trustProxy });
await app.register(cookie);
// The same security headers, installed the same way as apps/server/src/app.ts; bench/run.ts
// compares the two servers' response headers and the report lists any difference.
installSecurityHeaders(app, securityHeaderOptions());
app.get('/api/v1/health', async () => ({ status: 'ok' }));
app.get('/api/v1/tracking/:code', async () => body);
await app.listen({ port: config.port, host: config.host });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));
