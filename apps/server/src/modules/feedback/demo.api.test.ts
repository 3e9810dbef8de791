// The demo data routes feedback reports the way the README describes: local matters in Phú Lợi
// and Kế Sách to their People's Committee, environment to the Department of Agriculture and
// Environment, construction to the Department of Construction; and the demo moderator signs in
// and publishes.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { Client, randomIp } from '../../test/factories.ts';
import { DEMO_PASSWORD, seedDemo } from '../../seed/demo.ts';
import { DEMO_FEEDBACK_RULES } from '../../seed/feedback.ts';
import { FEEDBACK_CATEGORY_SEED } from '../../db/migrations/0004_feedback.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
  env.setNow('2026-11-23T02:00:00Z');
  await seedDemo(env.ctx, { history: false });
});
after(() => env.close());

async function demoLogin(email: string): Promise<Client> {
  const ip = randomIp();
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD }, remoteAddress: ip });
  assert.equal(res.statusCode, 200, res.body);
  return new Client(env.app, null, res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), json(res).csrfToken, ip);
}

it('every category has a default rule, and every demo rule names a seeded category', () => {
  const codes = new Set(FEEDBACK_CATEGORY_SEED.map((c) => c.code));
  for (const r of DEMO_FEEDBACK_RULES) assert.ok(codes.has(r.category), r.category);
  for (const c of codes) assert.ok(DEMO_FEEDBACK_RULES.some((r) => r.category === c && r.commune === null), `default rule for ${c}`);
});

it('demo reports go to the right agency, and the demo moderator publishes one', async () => {
  const cases: [string, string, string][] = [
    ['road_damage', '31231', 'UBND phường Phú Lợi'],
    ['street_lighting', '31261', 'UBND xã Kế Sách'],
    ['environment', '31231', 'Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng'],
    ['construction_violation', '31261', 'Sở Xây dựng tỉnh Sóc Trăng'],
    ['road_damage', '31567', 'Sở Xây dựng tỉnh Sóc Trăng'],
    ['administrative', '31192', 'Sở Tư pháp tỉnh Sóc Trăng'],
  ];
  const citizen = await demoLogin('congdan@tinhso.vn');
  let last: any;
  for (const [categoryCode, communeCode, agency] of cases) {
    const res = await citizen.post('/api/v1/feedback/reports', { categoryCode, communeCode, description: 'Phản ánh thử trên dữ liệu mẫu của tỉnh Sóc Trăng.' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(json(res).agencyName, agency, `${categoryCode} in ${communeCode}`);
    last = json(res);
  }
  const desk = await demoLogin('motcua.tuphap@tinhso.vn');
  assert.ok(json(await desk.get('/api/v1/desk/feedback')).items.some((i: any) => i.code === last.code));
  const moderator = await demoLogin('kiemduyet@tinhso.vn');
  assert.equal((await moderator.post(`/api/v1/moderation/feedback/${last.id}/publish`)).statusCode, 200);
  assert.ok(json(await env.f.anonymous().get('/api/v1/feedback/reports?q=du%20lieu%20mau')).items.some((i: any) => i.code === last.code));
});
