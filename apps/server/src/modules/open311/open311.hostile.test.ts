// Hostile input on the Open311 routes, which the OpenAPI-driven suite (reliability/hostile-input)
// does not reach: generated paths, query strings and bodies (form and JSON, with SQL, script,
// traversal, control and unpaired-surrogate payloads, wrong types, huge values). Every answer is
// below 500; an error is the spec's error document in the format the path asked for, Vietnamese,
// with nothing internal; a success parses; a refused POST writes no report.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { assertVietnamese } from '../../test/expect.ts';
import { ALL_TEXT_PAYLOADS, hostileText, hugeString, wellFormed } from '../../reliability/hostile-payloads.ts';
import { parseXml } from './test-xml.ts';

const INTERNALS = /\bat [^\s]+ \(?[^\s]*:\d+:\d+|node_modules|\.[cm]?[tj]s:\d+|FST_[A-Z_]+|"statusCode"\s*:|\bstack\b|SQLSTATE|syntax error at or near|duplicate key value|violates .* constraint|pglite|kysely/i;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

let env: TestEnv;
let key: string;
let code: string;

before(async () => {
  env = await createTestEnv({}, { OPEN311_RATE_LIMIT: '100000' });
  await env.ctx.db.insertInto('communes').values({ code: '31231', name: 'Phường Phú Lợi', kind: 'phuong', province: 'Sóc Trăng', lat: 9.6125, lon: 105.9795 }).execute();
  const admin = await env.f.signedIn('admin');
  key = json(await admin.post('/api/v1/admin/api-clients', { name: 'Kiểm thử đầu vào độc hại', scopes: ['open311:write'] })).key;
  const res = await env.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    payload: new URLSearchParams({ api_key: key, service_code: 'waste', address_id: '31231', description: 'Rác tồn đọng ở đầu hẻm nhiều ngày.' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.statusCode, 200, res.body);
  code = json(res)[0].service_request_id;
});
after(() => env.close());

const reportCount = async () => Number((await env.ctx.db.selectFrom('feedback_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** The contract every answer keeps, whatever was sent. */
function check(res: LightMyRequestResponse, url: string, what: string) {
  const where = `${what}\n→ ${res.statusCode} ${res.body.slice(0, 300)}`;
  assert.ok(res.statusCode < 500, `never a 5xx: ${where}`);
  const xml = /\.xml$/.test(url.split('?')[0]!);
  if (res.statusCode === 204) return;
  if (res.statusCode >= 400) {
    assert.doesNotMatch(res.body, INTERNALS, `nothing internal: ${where}`);
    if (xml) {
      assert.match(String(res.headers['content-type']), /^text\/xml; charset=utf-8/, where);
      const errors = parseXml(res.body).errors.error as { code: string; description: string }[];
      for (const e of errors) {
        assert.equal(e.code, String(res.statusCode), where);
        assertVietnamese(e.description, where);
      }
    } else {
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/, where);
      const errors = JSON.parse(res.body);
      assert.ok(Array.isArray(errors) && errors.length > 0, where);
      for (const e of errors) {
        assert.deepEqual(Object.keys(e), ['code', 'description'], where);
        assert.equal(e.code, res.statusCode, where);
        assertVietnamese(e.description, where);
      }
    }
    return;
  }
  assert.equal(res.statusCode, 200, where);
  if (xml) parseXml(res.body);
  else JSON.parse(res.body);
}

const PARAMS = ['jurisdiction_id', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'api_key', 'page', '__proto__', 'constructor', 'status[]', 'service_code[$ne]'];
const value = fc.oneof(
  { weight: 4, arbitrary: hostileText(0, 60) },
  { weight: 2, arbitrary: fc.constantFrom(...ALL_TEXT_PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom('open', 'closed', 'open,closed', 'road_damage,waste', '2026-11-01T00:00:00Z', '2026-13-45', 'soctrang.tinhso.vn', ',,,', '%00', '-1', '1e309') },
  { weight: 1, arbitrary: fc.constant(hugeString(3000)) },
);
const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), value), { maxLength: 5 });
const resource = fc.oneof(
  fc.constantFrom('services', 'requests', 'discovery'),
  fc.tuple(fc.constantFrom('services/', 'requests/', 'tokens/'), fc.oneof(hostileText(1, 40), fc.constantFrom('road_damage', 'PA-261127-0001', '../../etc/passwd', '%2e%2e', '00000000-0000-4000-8000-000000000000'))).map(([a, b]) => a + encodeURIComponent(wellFormed(b))),
);
const ext = fc.constantFrom('.json', '.xml', '.XML', '.html', '', '.json.xml', '.');

describe('Open311 under hostile input', () => {
  it('GET: generated paths and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(resource, ext, query, async (r, e, q) => {
        const url = `/open311/v2/${r}${e}?${new URLSearchParams(q).toString()}`;
        check(await env.app.inject({ method: 'GET', url }), url, `GET ${url.slice(0, 300)}`);
      }),
      { numRuns: RUNS * 3, seed: 311 },
    );
    for (const url of ['/open311/v2/requests/%E0%A4%A.json', '/open311/v2/%C0%AF.xml', `/open311/v2/requests/${code}.json?status=open&status=closed`, `/open311/v2/requests/${code.toLowerCase()}.xml`]) {
      check(await env.app.inject({ method: 'GET', url }), url, url);
    }
  });

  it('POST: generated bodies as forms and as JSON, with a valid key or not; a refused one writes no report', async () => {
    const FIELDS = ['service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'device_id', 'account_id', 'first_name', 'last_name', 'phone', 'description', 'media_url', 'attribute[X]', 'jurisdiction_id', 'api_key'];
    const field = fc.oneof(
      { weight: 3, arbitrary: value },
      { weight: 1, arbitrary: fc.constantFrom('road_damage', '9.61', '105.98', '31231', 'a@b.vn', '0912345678', 'Đèn đường hỏng nhiều ngày chưa sửa.') },
    );
    const body = fc.record({
      withKey: fc.boolean(),
      fields: fc.array(fc.tuple(fc.constantFrom(...FIELDS), field), { maxLength: 10 }),
      as: fc.constantFrom('form', 'json', 'json-typed', 'raw'),
      raw: fc.oneof(hostileText(0, 100), fc.constantFrom('{"service_code":', '[]', 'null', '"x"', '{"a":{"b":{"c":[1,2,{"d":null}]}}}')),
      contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=iso-8859-1'),
    });
    await fc.assert(
      fc.asyncProperty(body, ext, async (b, e) => {
        const entries = b.withKey ? [['api_key', key], ...b.fields.filter(([k]) => k !== 'api_key')] : b.fields;
        let payload: string;
        let contentType = b.contentType;
        if (b.as === 'form') (payload = new URLSearchParams(entries as [string, string][]).toString()), (contentType = 'application/x-www-form-urlencoded');
        else if (b.as === 'json') (payload = JSON.stringify(Object.fromEntries(entries))), (contentType = 'application/json');
        else if (b.as === 'json-typed') (payload = JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k, k === 'lat' || k === 'long' ? Number(v) : k === 'service_code' ? [v] : v])))), (contentType = 'application/json');
        else payload = b.raw;
        const url = `/open311/v2/requests${e}`;
        const before = await reportCount();
        const res = await env.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
        check(res, url, `POST ${url} ${contentType} ${payload.slice(0, 300)}`);
        if (res.statusCode !== 200) assert.equal(await reportCount(), before, `a refused POST writes nothing: ${payload.slice(0, 200)}`);
      }),
      { numRuns: RUNS * 2, seed: 3110 },
    );
  });
});
