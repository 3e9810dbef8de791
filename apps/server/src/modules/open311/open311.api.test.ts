// Open311 GeoReport v2 through the real server: every resource in .json and .xml with the spec's
// names and structure (held against the spec's examples in spec-examples.ts), POST with an API key
// (form-urlencoded as the spec sends it, and JSON), the spec's filters and defaults, its error
// format in Vietnamese, and the rate limit per key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { assertVietnamese, auditRows } from '../../test/expect.ts';
import { Client, type Office, type TestUser } from '../../test/factories.ts';
import type { Actor } from '../../platform/auth.ts';
import * as fb from '../feedback/service.ts';
import { parseXml } from './test-xml.ts';
import * as spec from './spec-examples.ts';

const V2 = '/open311/v2';
const JURISDICTION = 'soctrang.tinhso.vn';
// Monday 2026-11-23, 09:00 in Vietnam.
const NOW = '2026-11-23T02:00:00Z';

let env: TestEnv;
let X: Office;
let admin: Client;
let moderator: Actor;
let desk: Actor;
let anon: Client;

const actorOf = (u: TestUser, unitId: string | null = null): Actor => ({ userId: u.id, role: u.role, agencyId: u.agencyId, unitId, communeCode: null, fullName: u.fullName, email: u.email });

/** A fresh API client with open311:write, through the administrators' route; returns its key and id. */
async function newKey(name = 'Ứng dụng phản ánh Sóc Trăng'): Promise<{ key: string; id: string }> {
  const res = await admin.post('/api/v1/admin/api-clients', { name, scopes: ['open311:write'] });
  assert.equal(res.statusCode, 201, res.body);
  return { key: json(res).key, id: json(res).client.id };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

function post(format: string, body: Record<string, string> | string, contentType: Record<string, string> = FORM, via: Client = anon) {
  return via.post(`${V2}/requests.${format}`, typeof body === 'string' ? body : form(body), contentType);
}

/** A valid report in the spec's argument names, in Phú Lợi. */
const report = (key: string, extra: Record<string, string> = {}) => ({
  api_key: key,
  jurisdiction_id: JURISDICTION,
  service_code: 'road_damage',
  lat: '9.6126',
  long: '105.9801',
  address_string: '45 đường Trần Hưng Đạo',
  email: 'nguoidan@example.vn',
  device_id: 'tt222111',
  account_id: '123456',
  first_name: 'Văn An',
  last_name: 'Nguyễn',
  phone: '0912 345 678',
  description: 'Ổ gà lớn giữa đường, xe máy dễ té ngã khi trời mưa.',
  media_url: 'http://example.vn/anh/o-ga.jpg',
  'attribute[WHISPAWN]': '123456',
  ...extra,
});

async function submit(key: string, extra: Record<string, string> = {}): Promise<{ code: string; id: string }> {
  const res = await post('json', report(key, extra));
  assert.equal(res.statusCode, 200, res.body);
  const code = json(res)[0].service_request_id;
  const row = await env.ctx.db.selectFrom('feedback_reports').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return { code, id: row.id };
}
const publish = (id: string) => fb.moderate(env.ctx, moderator, id, 'publish');

/** An Open311 error: the status, `[{code, description}]` (or `<errors><error>`), Vietnamese. */
function expect311Error(res: LightMyRequestResponse, status: number, format: 'json' | 'xml' = 'json'): { code: number; description: string }[] {
  assert.equal(res.statusCode, status, res.body);
  if (format === 'json') {
    assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/);
    const body = JSON.parse(res.body);
    assert.ok(Array.isArray(body) && body.length >= 1, res.body);
    for (const e of body) {
      assert.deepEqual(Object.keys(e), ['code', 'description']);
      assert.equal(e.code, status);
      assertVietnamese(e.description);
    }
    return body;
  }
  assert.match(String(res.headers['content-type']), /^text\/xml; charset=utf-8/);
  const doc = parseXml(res.body);
  assert.deepEqual(Object.keys(doc), ['?xml', 'errors']);
  const errors = doc.errors.error as { code: string; description: string }[];
  for (const e of errors) {
    assert.deepEqual(Object.keys(e), ['code', 'description']);
    assert.equal(e.code, String(status));
    assertVietnamese(e.description);
  }
  return errors.map((e) => ({ code: Number(e.code), description: e.description }));
}

/** The keys of each list item in the spec's JSON example. */
const specKeys = (example: string) => Object.keys(JSON.parse(example)[0]).sort();
/** XML text of a JSON value, as the spec writes it (null → empty element). */
const asXmlText = (v: unknown) => (v === null ? '' : String(v));
function assertXmlMatchesJson(xmlItems: Record<string, unknown>[], jsonItems: Record<string, unknown>[]) {
  assert.equal(xmlItems.length, jsonItems.length);
  jsonItems.forEach((j, i) => assert.deepEqual(xmlItems[i], Object.fromEntries(Object.entries(j).map(([k, v]) => [k, asXmlText(v)]))));
}

before(async () => {
  env = await createTestEnv({}, { OPEN311_RATE_LIMIT: '40' });
  env.setNow(NOW);
  await env.ctx.db
    .insertInto('communes')
    .values([
      { code: '31231', name: 'Phường Phú Lợi', kind: 'phuong', province: 'Sóc Trăng', lat: 9.6125, lon: 105.9795 },
      { code: '31261', name: 'Xã Kế Sách', kind: 'xa', province: 'Sóc Trăng', lat: 9.817, lon: 105.992 },
    ])
    .execute();
  X = await env.f.office();
  admin = await env.f.signedIn('admin', null, { fullName: 'Quản trị hệ thống' });
  moderator = actorOf(await env.f.user('moderator', null, { fullName: 'Châu Ngọc Hân' }));
  desk = actorOf(X.desk.user!);
  anon = env.f.anonymous();
  for (const categoryCode of ['road_damage', 'street_lighting', 'waste']) {
    await fb.saveRoutingRule(env.ctx, actorOf(admin.user!), { categoryCode, communeCode: null, agencyId: X.agency.id });
  }
});
after(() => env.close());

describe('discovery', () => {
  it('discovery.json and discovery.xml: the Service Discovery document with this endpoint, in the spec’s shape', async () => {
    const j = await anon.get(`${V2}/discovery.json`);
    assert.equal(j.statusCode, 200, j.body);
    assert.equal(j.headers['content-type'], 'application/json; charset=utf-8');
    const d = json(j);
    assert.deepEqual(Object.keys(d).sort(), Object.keys(JSON.parse(spec.SPEC_DISCOVERY_JSON)).sort());
    assert.deepEqual(Object.keys(d.endpoints[0]).sort(), Object.keys(JSON.parse(spec.SPEC_DISCOVERY_JSON).endpoints[0]).sort());
    assert.deepEqual(d.endpoints, [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://tinhso.test/open311/v2', changeset: d.changeset, type: 'production', formats: ['text/xml', 'application/json'] }]);
    assertVietnamese(d.key_service);
    const x = await anon.get(`${V2}/discovery.xml`);
    assert.equal(x.headers['content-type'], 'text/xml; charset=utf-8');
    const doc = parseXml(x.body).discovery;
    assert.deepEqual(doc.endpoints.endpoint[0].formats.format, ['text/xml', 'application/json']);
    assert.equal(doc.key_service, d.key_service);
  });
});

describe('browser clients on other origins', () => {
  it('every answer allows any origin, and a preflight for a JSON POST is answered', async () => {
    const pre = await anon.request({ method: 'OPTIONS', url: `${V2}/requests.json`, headers: { origin: 'https://ung-dung.example.vn', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(pre.statusCode, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
    assert.match(String(pre.headers['access-control-allow-headers']), /content-type/);
    assert.equal((await anon.get(`${V2}/services.xml`)).headers['access-control-allow-origin'], '*');
    assert.equal((await post('json', { service_code: 'road_damage' })).headers['access-control-allow-origin'], '*');
  });
});

describe('services', () => {
  it('services.json lists every active category with exactly the spec’s fields; services.xml says the same with the spec’s elements, in UTF-8', async () => {
    const j = await anon.get(`${V2}/services.json?jurisdiction_id=${JURISDICTION}`);
    assert.equal(j.statusCode, 200, j.body);
    assert.equal(j.headers['access-control-allow-origin'], '*');
    const services = json(j);
    const active = await fb.listCategories(env.ctx);
    assert.deepEqual(services.map((s: any) => s.service_code), active.map((c) => c.code));
    for (const s of services) assert.deepEqual(Object.keys(s).sort(), specKeys(spec.SPEC_SERVICES_JSON));
    const road = services.find((s: any) => s.service_code === 'road_damage');
    assert.deepEqual(road, { service_code: 'road_damage', service_name: 'Hư hỏng đường sá, cầu cống', description: 'Ổ gà, sụt lún, nứt vỡ mặt đường, vỉa hè, cầu, cống bị hư hỏng.', metadata: false, type: 'realtime', keywords: 'ổ gà, sụt lún, mặt đường, vỉa hè, cầu, cống', group: 'Hạ tầng' });

    const x = await anon.get(`${V2}/services.xml`);
    assert.equal(x.statusCode, 200);
    assert.equal(x.headers['content-type'], 'text/xml; charset=utf-8');
    assert.ok(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
    assert.ok(x.rawPayload.toString('utf8').includes('<service_name>Hư hỏng đường sá, cầu cống</service_name>'), 'Vietnamese as UTF-8 characters');
    const doc = parseXml(x.body);
    assert.deepEqual(Object.keys(doc), Object.keys(parseXml(spec.SPEC_SERVICES_XML)));
    assertXmlMatchesJson(doc.services.service, services);
  });

  it('services/{service_code}: the service definition, with an empty attribute list, in both formats', async () => {
    const j = await anon.get(`${V2}/services/street_lighting.json`);
    assert.equal(j.statusCode, 200, j.body);
    assert.deepEqual(json(j), { service_code: 'street_lighting', attributes: [] });
    assert.deepEqual(Object.keys(json(j)), Object.keys(JSON.parse(spec.SPEC_SERVICE_DEFINITION_JSON)));
    const x = await anon.get(`${V2}/services/street_lighting.xml`);
    assert.deepEqual(parseXml(x.body).service_definition, { service_code: 'street_lighting', attributes: '' });
  });

  it('an unknown service_code or jurisdiction_id is 404, an unknown format 404 in JSON', async () => {
    expect311Error(await anon.get(`${V2}/services/khong_co.json`), 404);
    const [e] = expect311Error(await anon.get(`${V2}/services/khong_co.xml`), 404, 'xml');
    assert.match(e!.description, /khong_co/);
    expect311Error(await anon.get(`${V2}/services.json?jurisdiction_id=hanoi.gov.vn`), 404);
    expect311Error(await anon.get(`${V2}/services.html`), 404);
    expect311Error(await anon.get(`${V2}/services/road_damage.csv`), 404);
    expect311Error(await anon.get(`${V2}/khong-co-gi.xml`), 404, 'xml');
    expect311Error(await anon.get(`${V2}/services`), 404);
  });
});

describe('POST requests needs an API key', () => {
  it('without a key, with a made-up key or with a disabled key: 403 in the spec’s format, in the format asked for; nothing is created', async () => {
    const before = await env.ctx.db.selectFrom('feedback_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const { key, id } = await newKey();
    const { api_key: _drop, ...noKey } = report(key);
    const [e] = expect311Error(await post('json', noKey), 403);
    assert.match(e!.description, /api_key/);
    expect311Error(await post('xml', noKey), 403, 'xml');
    expect311Error(await post('json', report('xyz')), 403);
    expect311Error(await post('json', report(`${key.slice(0, -4)}AAAA`)), 403);
    assert.equal((await admin.post(`/api/v1/admin/api-clients/${id}/disable`)).statusCode, 200);
    const [d] = expect311Error(await post('xml', report(key)), 403, 'xml');
    assert.match(d!.description, /vô hiệu hóa/);
    const after = await env.ctx.db.selectFrom('feedback_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('a browser session is no key: a cookie without the CSRF token is refused, and a cookie alone never authorises a POST', async () => {
    const citizen = await env.f.signedIn('citizen');
    const { key } = await newKey();
    const { api_key: _drop, ...noKey } = report(key);
    expect311Error(await citizen.post(`${V2}/requests.json`, form(noKey), FORM), 403);
    // The same session without its CSRF token (a cross-site form), even with a valid key: refused.
    const crossSite = new Client(env.app, citizen.user, citizen.cookie, null);
    const [e] = expect311Error(await crossSite.post(`${V2}/requests.json`, form(report(key)), FORM), 403);
    assert.match(e!.description, /chống giả mạo/);
    // Without any cookie the key alone is enough (the Open311 clients' way).
    assert.equal((await post('json', report(key))).statusCode, 200);
  });
});

describe('POST requests then GET requests/{id}', () => {
  it('the spec’s form-urlencoded POST creates a feedback report from the client and answers service_request_id, service_notice, account_id', async () => {
    const { key, id: clientId } = await newKey();
    const res = await post('json', report(key));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const body = json(res);
    assert.equal(body.length, 1);
    assert.deepEqual(Object.keys(body[0]).sort(), specKeys(spec.SPEC_POST_RESPONSE_JSON));
    assert.match(body[0].service_request_id, /^PA-261123-\d{4}$/);
    assert.equal(body[0].account_id, '123456');
    assertVietnamese(body[0].service_notice);
    assert.match(body[0].service_notice, new RegExp(X.agency.name));

    const row = await env.ctx.db.selectFrom('feedback_reports').selectAll().where('code', '=', body[0].service_request_id).executeTakeFirstOrThrow();
    assert.equal(row.source, 'open311');
    assert.equal(row.api_client_id, clientId);
    assert.equal(row.category_code, 'road_damage');
    assert.equal(row.commune_code, '31231', 'placed in the nearest commune');
    assert.equal(row.agency_id, X.agency.id, 'routed');
    assert.equal(row.reporter_name, 'Nguyễn Văn An', 'family name first');
    assert.equal(row.reporter_phone, '0912345678');
    assert.equal(row.reporter_email, 'nguoidan@example.vn');
    assert.equal(row.address, '45 đường Trần Hưng Đạo');
    assert.equal(row.description, 'Ổ gà lớn giữa đường, xe máy dễ té ngã khi trời mưa.');
    const [audit] = await auditRows(env.ctx, row.id, 'feedback.submit');
    assert.equal((audit!.data as any).apiClientId, clientId, 'the client is on record in the audit log');
    const used = json(await admin.get('/api/v1/admin/api-clients')).find((c: any) => c.id === clientId);
    assert.ok(used.lastUsedAt);
  });

  it('the spec’s own example body is understood (refused only for its service_code; its non-Vietnamese phone number is left out and the notice says so)', async () => {
    const { key } = await newKey();
    const body = spec.SPEC_POST_REQUEST_BODY.replace('api_key=xyz', `api_key=${key}`).replace('jurisdiction_id=city.gov&', '');
    const [e] = expect311Error(await post('json', body), 404);
    assert.match(e!.description, /"001"/);
    const inSocTrang = body.replace('service_code=001', 'service_code=road_damage').replace('lat=37.76524078&long=-122.4212043', 'lat=9.6126&long=105.9801');
    const kept = await post('json', inSocTrang);
    assert.equal(kept.statusCode, 200, kept.body);
    const [created] = json(kept);
    assert.match(created.service_notice, /không phải số điện thoại Việt Nam nên không được lưu/);
    const row = await env.ctx.db.selectFrom('feedback_reports').select(['reporter_phone', 'reporter_email']).where('code', '=', created.service_request_id).executeTakeFirstOrThrow();
    assert.equal(row.reporter_phone, null, 'the number that is not Vietnamese is not stored');
    assert.ok(row.reporter_email, 'the rest of the contact is kept');
    const ours = inSocTrang.replace('phone=111111111', 'phone=%2B84912345678');
    const res = await post('xml', ours);
    assert.equal(res.statusCode, 200, res.body);
    const doc = parseXml(res.body);
    const specDoc = parseXml(spec.SPEC_POST_RESPONSE_XML);
    assert.deepEqual(Object.keys(doc), Object.keys(specDoc));
    assert.deepEqual(Object.keys(doc.service_requests.request[0]).sort(), Object.keys(specDoc.service_requests.request[0]).sort());
    assert.equal(doc.service_requests.request[0].account_id, '123456');
  });

  it('JSON bodies are accepted too, and the api_key may come in the query string', async () => {
    const { key } = await newKey();
    const { api_key: _drop, ...rest } = report(key);
    const res = await anon.post(`${V2}/requests.json?api_key=${encodeURIComponent(key)}`, { ...rest, lat: 9.8171, long: 105.9925 }, { 'content-type': 'application/json' });
    assert.equal(res.statusCode, 200, res.body);
    const row = await env.ctx.db.selectFrom('feedback_reports').select('commune_code').where('code', '=', json(res)[0].service_request_id).executeTakeFirstOrThrow();
    assert.equal(row.commune_code, '31261');
  });

  it('GET requests/{id}: before moderation only status, service, agency and dates; once published the content too; XML says the same as JSON', async () => {
    const { key } = await newKey();
    const { code, id } = await submit(key);
    const fields = specKeys(spec.SPEC_REQUESTS_JSON);

    const before = json(await anon.get(`${V2}/requests/${code}.json?jurisdiction_id=${JURISDICTION}`));
    assert.equal(before.length, 1);
    assert.deepEqual(Object.keys(before[0]).sort(), fields);
    assert.deepEqual(
      { ...before[0] },
      {
        service_request_id: code,
        status: 'open',
        status_notes: 'Đã tiếp nhận',
        service_name: 'Hư hỏng đường sá, cầu cống',
        service_code: 'road_damage',
        description: null,
        agency_responsible: X.agency.name,
        service_notice: before[0].service_notice,
        requested_datetime: '2026-11-23T09:00:00+07:00',
        updated_datetime: before[0].updated_datetime,
        expected_datetime: before[0].expected_datetime,
        address: null,
        address_id: null,
        zipcode: null,
        lat: null,
        long: null,
        media_url: null,
      },
    );
    assert.match(before[0].expected_datetime, /^2026-12-\d{2}T17:00:00\+07:00$/);
    assert.match(before[0].updated_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    assert.ok(!JSON.stringify(before).includes('Nguyễn'), 'never the reporter');

    await publish(id);
    const after = json(await anon.get(`${V2}/requests/${code}.json`));
    assert.equal(after[0].description, 'Ổ gà lớn giữa đường, xe máy dễ té ngã khi trời mưa.');
    assert.equal(after[0].address, '45 đường Trần Hưng Đạo, Phường Phú Lợi');
    assert.equal(after[0].address_id, '31231');
    assert.equal(after[0].lat, 9.6126);
    assert.equal(after[0].long, 105.9801);
    for (const secret of ['Nguyễn Văn An', 'nguoidan@example.vn', '0912345678', '123456', 'tt222111']) assert.ok(!JSON.stringify(after).includes(secret), `no ${secret}`);

    const x = await anon.get(`${V2}/requests/${code}.xml`);
    assert.equal(x.headers['content-type'], 'text/xml; charset=utf-8');
    const doc = parseXml(x.body);
    assert.deepEqual(Object.keys(doc), Object.keys(parseXml(spec.SPEC_REQUESTS_XML)));
    assertXmlMatchesJson(doc.service_requests.request, after);
    assert.ok(x.rawPayload.toString('utf8').includes('Ổ gà lớn giữa đường'), 'Vietnamese as UTF-8 characters');
  });

  it('the code is matched in any case', async () => {
    const { key } = await newKey();
    const { code } = await submit(key);
    assert.equal(json(await anon.get(`${V2}/requests/${code.toLowerCase()}.json`))[0].service_request_id, code);
  });

  it('an unknown id is 404 in the spec’s format', async () => {
    expect311Error(await anon.get(`${V2}/requests/PA-000101-0001.json`), 404);
    expect311Error(await anon.get(`${V2}/requests/khong-co.xml`), 404, 'xml');
    expect311Error(await anon.get(`${V2}/requests/PA-000101-0001.pdf`), 404);
  });

  it('tokens/{token}: the report’s id gives its service_request_id, as the spec’s token answer', async () => {
    const { key } = await newKey();
    const { code, id } = await submit(key);
    const j = json(await anon.get(`${V2}/tokens/${id}.json`));
    assert.deepEqual(j, [{ service_request_id: code, token: id }]);
    assert.deepEqual(Object.keys(j[0]!).sort(), specKeys(spec.SPEC_TOKEN_JSON));
    assert.deepEqual(parseXml((await anon.get(`${V2}/tokens/${id}.xml`)).body).service_requests.request, [{ service_request_id: code, token: id }]);
    expect311Error(await anon.get(`${V2}/tokens/00000000-0000-4000-8000-000000000000.json`), 404);
    expect311Error(await anon.get(`${V2}/tokens/12345.xml`), 404, 'xml');
  });
});

describe('POST requests: bad arguments are 400s naming the Open311 field, in Vietnamese', () => {
  let key: string;
  before(async () => ({ key } = await newKey('Kiểm thử lỗi')));

  it('each missing or wrong argument', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ service_code: '' }, 400, /service_code/],
      [{ service_code: 'khong_co' }, 404, /khong_co/],
      [{ lat: '', long: '', address_string: '', address_id: '' }, 400, /lat.*long.*address_string.*address_id/],
      [{ lat: '', long: '', address_id: '' }, 400, /address_id/],
      [{ long: '' }, 400, /lat và long/],
      [{ lat: 'chín' }, 400, /lat và long/],
      [{ lat: '91' }, 400, /lat và long/],
      [{ lat: '', long: '', address_id: '99999' }, 400, /99999/],
      [{ description: 'Ngắn' }, 400, /description/],
      [{ email: 'khong-phai-email' }, 400, /email/],
      [{ jurisdiction_id: 'city.gov' }, 404, /city\.gov/],
    ];
    for (const [change, status, pattern] of cases) {
      const res = await post('json', report(key, change));
      const errors = expect311Error(res, status);
      assert.match(errors.map((e) => e.description).join(' | '), pattern, JSON.stringify(change));
    }
  });

  it('several wrong fields are listed together', async () => {
    const errors = expect311Error(await post('xml', report(key, { description: 'Ngắn', email: 'sai' })), 400, 'xml');
    assert.equal(errors.length, 2);
  });

  it('address_id alone (a commune code) is a location', async () => {
    const res = await post('json', report(key, { lat: '', long: '', address_id: '31261' }));
    assert.equal(res.statusCode, 200, res.body);
  });

  it('malformed bodies and hostile input are 400s in the spec’s format, never a 500', async () => {
    expect311Error(await post('json', '{"service_code":', { 'content-type': 'application/json' }), 400);
    expect311Error(await post('xml', '<service_request/>', { 'content-type': 'application/xml' }), 400, 'xml');
    expect311Error(await post('json', report(key, { description: 'Có ký tự \u0000 NUL ở giữa câu mô tả' })), 400);
    expect311Error(await anon.post(`${V2}/requests.json`, JSON.stringify({ api_key: key, service_code: ['a', 'b'] }), { 'content-type': 'application/json' }), 400);
    expect311Error(await anon.post(`${V2}/requests.json`, JSON.stringify({ api_key: key, service_code: { $ne: 1 } }), { 'content-type': 'application/json' }), 400);
    expect311Error(await anon.post(`${V2}/requests.json`, 'x'.repeat(70 * 1024), FORM), 400);
    const nasty = await post('xml', report(key, { description: '<b>Đèn</b> ]]> & "ngõ" \u0001 tắt từ tối qua đến giờ' }));
    assert.equal(nasty.statusCode, 200, nasty.body);
  });
});

describe('GET requests: published reports, the spec’s filters and defaults', () => {
  let key: string;
  const made: Record<string, { code: string; id: string }> = {};
  before(async () => {
    ({ key } = await newKey('Kiểm thử bộ lọc'));
    // 100 days ago: outside the default 90-day window.
    env.setNow('2026-08-15T03:00:00Z');
    made.old = await submit(key, { service_code: 'waste', description: 'Rác tồn đọng ba ngày ở đầu hẻm 12.' });
    env.setNow('2026-11-10T03:00:00Z');
    made.light = await submit(key, { service_code: 'street_lighting', description: 'Đèn đường trước chợ không sáng cả tuần.' });
    env.setNow('2026-11-20T03:00:00Z');
    made.road = await submit(key, { description: 'Mặt đường sụt lún sâu trước trường tiểu học.' });
    made.hidden = await submit(key, { description: 'Phản ánh chưa được kiểm duyệt, không được công khai.' });
    env.setNow(NOW);
    for (const k of ['old', 'light', 'road']) await publish(made[k]!.id);
    await fb.act(env.ctx, desk, made.light!.id, 'resolve', { response: 'Đã thay bóng đèn mới ngày 21/11.' });
  });
  const codes = (res: LightMyRequestResponse) => json(res).map((r: any) => r.service_request_id);
  const list = (query = '') => anon.get(`${V2}/requests.json${query}`);

  it('by default: the published reports of the last 90 days, newest first; never an unpublished one', async () => {
    const res = await list();
    assert.equal(res.statusCode, 200, res.body);
    const got = codes(res);
    assert.deepEqual(got.filter((c: string) => Object.values(made).some((m) => m.code === c)), [made.road!.code, made.light!.code]);
    assert.ok(!got.includes(made.hidden!.code));
    assert.ok(!got.includes(made.old!.code));
    for (const r of json(res)) assert.deepEqual(Object.keys(r).sort(), specKeys(spec.SPEC_REQUESTS_JSON));
  });

  it('status: open, closed, or both; resolved is closed with its response in status_notes', async () => {
    const closed = json(await list('?status=closed'));
    assert.deepEqual(closed.map((r: any) => r.service_request_id), [made.light!.code]);
    assert.equal(closed[0].status, 'closed');
    assert.equal(closed[0].status_notes, 'Đã xử lý xong: Đã thay bóng đèn mới ngày 21/11.');
    assert.equal(closed[0].service_notice, null);
    assert.ok(!codes(await list('?status=open')).includes(made.light!.code));
    assert.ok(codes(await list('?status=open')).includes(made.road!.code));
    assert.deepEqual(codes(await list('?status=open,closed')), codes(await list()));
    assert.deepEqual(codes(await list('?status=open&status=closed')), codes(await list()), 'declared multiple times');
    expect311Error(await list('?status=pending'), 400);
  });

  it('service_code: one or several, comma separated', async () => {
    assert.deepEqual(codes(await list('?service_code=street_lighting')), [made.light!.code]);
    const both = codes(await list('?service_code=street_lighting,road_damage'));
    assert.ok(both.includes(made.light!.code) && both.includes(made.road!.code));
    assert.deepEqual(codes(await list('?service_code=waste')), []);
    assert.deepEqual(codes(await list('?service_code=street_lighting&status=open')), []);
  });

  it('start_date and end_date (w3 datetimes): the range, at most 90 days; one bound alone spans 90 days from it', async () => {
    assert.deepEqual(codes(await list('?start_date=2026-08-01T00:00:00Z&end_date=2026-09-01T00:00:00Z')), [made.old!.code]);
    assert.deepEqual(codes(await list('?start_date=2026-11-10T00:00:00%2B07:00&end_date=2026-11-10T23:59:59%2B07:00')), [made.light!.code]);
    assert.deepEqual(codes(await list('?start_date=2026-08-10')), [made.old!.code], '90 days from the start');
    assert.deepEqual(codes(await list('?end_date=2026-11-12T00:00:00Z')).filter((c: string) => c === made.old!.code || c === made.light!.code), [made.light!.code, made.old!.code]);
    expect311Error(await list('?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400);
    expect311Error(await list('?start_date=2026-11-20T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400);
    expect311Error(await list('?start_date=h%C3%B4m%20qua'), 400);
    expect311Error(await list('?end_date=2026-02-30T00:00:00Z'), 400);
  });

  it('service_request_id overrides every other argument, and lists only published reports', async () => {
    const ids = [made.old!.code, made.light!.code, made.hidden!.code, 'PA-000101-0001'].join(',');
    const got = codes(await list(`?service_request_id=${ids}&status=open&service_code=waste`));
    assert.deepEqual(got.sort(), [made.old!.code, made.light!.code].sort());
  });

  it('XML says the same as JSON', async () => {
    const j = json(await list());
    const x = parseXml((await anon.get(`${V2}/requests.xml`)).body);
    assertXmlMatchesJson(x.service_requests.request, j);
  });

  it('an empty answer is [] and <service_requests/>', async () => {
    assert.equal((await list('?service_code=khong_co')).body, '[]');
    assert.equal(parseXml((await anon.get(`${V2}/requests.xml?service_code=khong_co`)).body).service_requests, '');
  });

  it('a foreign jurisdiction_id is 404; ours, in any case, is fine', async () => {
    expect311Error(await list('?jurisdiction_id=sfgov.org'), 404);
    assert.equal((await list('?jurisdiction_id=SocTrang.TinhSo.vn')).statusCode, 200);
  });
});

describe('rate limit per API key', () => {
  it('after OPEN311_RATE_LIMIT posts in a minute a key gets 429 in the spec’s format; another key is not affected', async () => {
    const a = await newKey('Ứng dụng A');
    const b = await newKey('Ứng dụng B');
    const wasted = report(a.key, { service_code: '' });
    for (let i = 0; i < 40; i++) assert.equal((await post('json', wasted)).statusCode, 400);
    const [e] = expect311Error(await post('json', report(a.key)), 429);
    assert.match(e!.description, /quá nhiều/);
    expect311Error(await post('xml', report(a.key)), 429, 'xml');
    assert.equal((await post('json', report(b.key))).statusCode, 200);
  });
});
