// The system's own surface: the health check names the database in use, the OpenAPI document is
// valid OpenAPI 3 and lists the routes with their request schemas, and every error a client can
// provoke is JSON `{ error: { code, message } }` in Vietnamese, below 500, without a stack trace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createTestEnv, json, TEST_DB, type TestEnv } from '../../test/harness.ts';
import type { Client } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';

let env: TestEnv;
let citizen: Client;
let doc: any;

before(async () => {
  env = await createTestEnv();
  citizen = await env.f.signedIn('citizen');
  const res = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
  assert.equal(res.statusCode, 200);
  doc = json(res);
});
after(() => env.close());

describe('health', () => {
  it('reports the database in use and that it answers', async () => {
    const res = await env.f.anonymous().get('/api/v1/health');
    assert.equal(res.statusCode, 200, res.body);
    const body = json(res);
    assert.equal(body.status, 'ok');
    assert.equal(body.database.kind, TEST_DB);
    assert.equal(body.database.reachable, true);
    assert.match(body.database.version, /PostgreSQL/);
    assert.equal(typeof body.database.latencyMs, 'number');
    assert.doesNotMatch(body.database.location, /:\/\/|password|@/, 'no credentials in the location');
  });
});

// The parts of the OpenAPI 3.1 document model this API uses, as a JSON Schema.
const OPERATION = {
  type: 'object',
  required: ['responses'],
  properties: {
    summary: { type: 'string' },
    description: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    parameters: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'in', 'schema'],
        properties: { name: { type: 'string', minLength: 1 }, in: { enum: ['query', 'header', 'path', 'cookie'] }, required: { type: 'boolean' }, schema: { type: 'object' } },
      },
    },
    requestBody: {
      type: 'object',
      required: ['content'],
      properties: { content: { type: 'object', minProperties: 1, additionalProperties: { type: 'object', properties: { schema: { type: 'object' } } } } },
    },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^([1-5][0-9X]{2}|default)$' },
      additionalProperties: { type: 'object', required: ['description'], properties: { description: { type: 'string' }, content: { type: 'object' } } },
    },
  },
};
const OPENAPI_DOCUMENT = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.[01]\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } } },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: { enum: ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'parameters', 'summary', 'description'] },
        properties: { get: OPERATION, put: OPERATION, post: OPERATION, delete: OPERATION, patch: OPERATION, head: OPERATION, options: OPERATION },
      },
    },
    components: { type: 'object', properties: { schemas: { type: 'object' }, securitySchemes: { type: 'object' } } },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]: [string, any]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })));

/** Every JSON Schema embedded in the document (parameters, bodies, responses, components). */
function embeddedSchemas(): [string, any][] {
  const out: [string, any][] = [];
  for (const { path, method, op } of operations()) {
    for (const p of op.parameters ?? []) out.push([`${method} ${path} parameter ${p.name}`, p.schema]);
    for (const [type, c] of Object.entries(op.requestBody?.content ?? {}) as [string, any][]) if (c.schema) out.push([`${method} ${path} body ${type}`, c.schema]);
    for (const [status, r] of Object.entries(op.responses) as [string, any][]) {
      for (const [type, c] of Object.entries(r.content ?? {}) as [string, any][]) if (c.schema) out.push([`${method} ${path} ${status} ${type}`, c.schema]);
    }
  }
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) out.push([`components.schemas.${name}`, s]);
  return out;
}

describe('OpenAPI document (/api/docs/json)', () => {
  it('is a valid OpenAPI 3 document', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(OPENAPI_DOCUMENT);
    assert.match(doc.info.title, /Tỉnh Số/);
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 1));
  });

  it('every embedded schema is valid JSON Schema (2020-12) and every $ref resolves', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // Component schemas are reachable under the document's own pointer.
    ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
    for (const [where, schema] of embeddedSchemas()) {
      const rooted = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
      assert.doesNotThrow(() => ajv.compile(rooted), `${where} compiles`);
    }
  });

  it('declares every path parameter, as required', () => {
    for (const { path, method, op } of operations()) {
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
        const p = (op.parameters ?? []).find((x: any) => x.in === 'path' && x.name === name);
        assert.ok(p, `${method} ${path} declares {${name}}`);
        assert.equal(p.required, true, `${method} ${path} {${name}} required`);
      }
    }
  });

  it('lists the dossier routes with their request schemas', () => {
    const submit = doc.paths['/api/v1/dossiers']?.post;
    assert.ok(submit, 'POST /api/v1/dossiers');
    const body = submit.requestBody.content['application/json'].schema;
    assert.deepEqual([...body.required].sort(), ['applicant', 'attachments', 'formData', 'procedureId']);
    assert.ok(submit.parameters.some((p: any) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'));
    assert.ok(doc.paths['/api/v1/dossiers/{id}']?.get);
    assert.ok(doc.paths['/api/v1/desk/dossiers']?.get.parameters.some((p: any) => p.name === 'due' && p.in === 'query'));
    assert.ok(doc.paths['/api/v1/tracking/{code}']?.get);
    const actions: Record<string, string[]> = {
      receive: [],
      decline: ['reason'],
      'supplement-requests': ['items'],
      supplement: ['attachments'],
      assign: ['assigneeId'],
      forward: [],
      approve: [],
      refuse: ['reason'],
      'send-back': ['reason'],
      'return-result': ['attachments'],
      withdraw: ['reason'],
      stop: ['reason'],
      notes: ['note'],
      extensions: ['newDueDate', 'reason'],
    };
    for (const [path, required] of Object.entries(actions)) {
      const op = doc.paths[`/api/v1/dossiers/{id}/${path}`]?.post;
      assert.ok(op, `POST /api/v1/dossiers/{id}/${path}`);
      const schema = op.requestBody?.content?.['application/json']?.schema;
      assert.ok(schema, `${path} has a request schema`);
      assert.deepEqual([...(schema.required ?? [])].sort(), required, `${path} required fields`);
      assert.ok(op.responses['200'] && op.responses['409'], `${path} documents 200 and 409`);
    }
  });

  it('lists the calendar and catalog routes with their request schemas', () => {
    const names = (op: any) => (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name).sort();
    assert.deepEqual(names(doc.paths['/api/v1/calendar/due-date'].get), ['days', 'from']);
    assert.deepEqual(names(doc.paths['/api/v1/calendar/holidays'].get), ['year']);
    const override = doc.paths['/api/v1/admin/calendar'].put.requestBody.content['application/json'].schema;
    assert.deepEqual([...override.required].sort(), ['date', 'kind', 'name']);
    assert.ok(doc.paths['/api/v1/admin/calendar/{date}'].delete);

    assert.deepEqual(names(doc.paths['/api/v1/procedures'].get), ['agencyId', 'field', 'limit', 'offset', 'onlineLevel', 'q']);
    assert.ok(doc.paths['/api/v1/procedures/{id}'].get);
    for (const [path, method] of [['/api/v1/admin/procedures', 'post'], ['/api/v1/admin/procedures/{id}', 'put']] as const) {
      const schema = doc.paths[path][method].requestBody.content['application/json'].schema;
      for (const f of ['code', 'name', 'agencyId', 'processingDays', 'documents', 'formSchema']) assert.ok(schema.properties[f], `${method} ${path} has ${f}`);
    }
  });
});

describe('error responses are JSON in Vietnamese, never a 500, never a stack trace', () => {
  const huge = 'á'.repeat(300_000);
  const cases: { what: string; send: () => ReturnType<Client['post']>; status: number }[] = [
    { what: 'malformed JSON body', status: 400, send: () => citizen.request({ method: 'POST', url: '/api/v1/dossiers', payload: '{"procedureId": "', headers: { 'content-type': 'application/json' } }) },
    { what: 'JSON that is not an object', status: 400, send: () => citizen.request({ method: 'POST', url: '/api/v1/dossiers', payload: '[1,2,3]', headers: { 'content-type': 'application/json' } }) },
    { what: 'empty JSON body', status: 400, send: () => citizen.request({ method: 'POST', url: '/api/v1/auth/login', payload: '', headers: { 'content-type': 'application/json' } }) },
    { what: 'wrong types', status: 400, send: () => citizen.post('/api/v1/dossiers', { procedureId: 42, formData: 'x', applicant: [], attachments: {} }) },
    { what: 'unknown fields', status: 400, send: () => citizen.post('/api/v1/auth/login', { email: 'a@b.vn', password: 'x', admin: true }) },
    { what: 'a huge string inside the body limit', status: 400, send: () => citizen.post('/api/v1/auth/register', { email: 'to@example.vn', password: 'MatKhau2026', fullName: huge }) },
    { what: 'a body over the size limit', status: 413, send: () => citizen.post('/api/v1/auth/register', { email: 'to@example.vn', password: 'MatKhau2026', fullName: 'x'.repeat(2 * 1024 * 1024) }) },
    { what: 'an unsupported content type', status: 415, send: () => citizen.request({ method: 'POST', url: '/api/v1/auth/login', payload: '<login/>', headers: { 'content-type': 'application/xml' } }) },
    { what: 'a plain-text body where JSON is expected', status: 400, send: () => citizen.request({ method: 'POST', url: '/api/v1/auth/login', payload: 'email=a&password=b', headers: { 'content-type': 'text/plain' } }) },
    { what: 'an unknown route', status: 404, send: () => citizen.get('/api/v1/khong-co-dia-chi-nay') },
    { what: 'an unknown method on a known path', status: 404, send: () => citizen.request({ method: 'DELETE', url: '/api/v1/health' }) },
    { what: 'a malformed id in the path', status: 400, send: () => citizen.get('/api/v1/procedures/123') },
    { what: 'a wrong query type', status: 400, send: () => citizen.get('/api/v1/procedures?limit=nhieu') },
    { what: 'a huge query string', status: 400, send: () => citizen.get(`/api/v1/procedures?q=${'a'.repeat(5000)}`) },
    { what: 'a huge path segment', status: 404, send: () => citizen.get(`/api/v1/tracking/${'A'.repeat(5000)}`) },
    { what: 'a NUL character in a text field', status: 400, send: () => citizen.post('/api/v1/auth/register', { email: 'nul@example.vn', password: 'MatKhau2026', fullName: 'Nguyễn\u0000Văn A' }) },
    { what: 'a NUL character in form data', status: 400, send: () => citizen.post('/api/v1/dossiers', { procedureId: '00000000-0000-4000-8000-000000000000', formData: { a: '\u0000' }, applicant: { fullName: 'Nguyễn Văn A' }, attachments: [] }) },
    { what: 'a NUL character in a search', status: 400, send: () => citizen.get('/api/v1/procedures?q=khai%00sinh') },
    { what: 'deeply nested JSON in form data', status: 400, send: () => citizen.request({ method: 'POST', url: '/api/v1/dossiers', payload: `{"procedureId":"00000000-0000-4000-8000-000000000000","formData":{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}},"applicant":{"fullName":"Nguyễn Văn A"},"attachments":[]}`, headers: { 'content-type': 'application/json' } }) },
  ];
  for (const c of cases) {
    it(`${c.what} → ${c.status}`, async () => {
      const res = await c.send();
      assert.ok(res.statusCode < 500, `${c.what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const err = expectError(res, c.status);
      assert.ok(err.code && err.message);
      assert.ok(res.body.length < 20_000, 'the error does not echo the huge input');
    });
  }
});
