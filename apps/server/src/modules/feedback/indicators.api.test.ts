// The feedback figures the leaders' dashboard shows (Decision 766 indicators 5.1–5.4), computed
// by feedbackAggregates over reports brought through the API on given days: received, handled,
// handled on time (15 working days), overdue and still open, ratings and dislikes — per province,
// agency and commune — and the drill-down lists behind them, exactly what each figure counts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { feedbackAggregates, feedbackDrillDown } from './service.ts';
import { reportInput, step, submit, world, type World } from './test-factories.ts';

let env: TestEnv;
let w: World;
const r: Record<string, any> = {};
const at = (iso: string) => env.setNow(`${iso}T02:00:00Z`); // 09:00 in Vietnam

before(async () => {
  env = await createTestEnv();
  w = await world(env);
  const { X, Y } = w;
  const rate = async (x: any, stars: number) => {
    const res = await env.f.anonymous().post(`/api/v1/feedback/reports/${x.code}/rating`, { stars, accessToken: x.accessToken });
    assert.equal(res.statusCode, 200, res.body);
  };
  const resolve = (x: any) => step(X.processor, x.id, 'resolve', { response: 'Đã xử lý xong tại hiện trường.' });

  at('2026-11-23');
  r.onTime = await submit(env.f.anonymous(), reportInput(w));
  r.late = await submit(env.f.anonymous(), reportInput(w));
  at('2026-11-24');
  await resolve(r.onTime);
  await rate(r.onTime, 5);
  r.duplicate = await submit(env.f.anonymous(), reportInput(w));
  await step(X.desk, r.duplicate.id, 'decline', { reason: 'duplicate', duplicateOfCode: r.onTime.code });
  at('2026-11-25');
  r.open = await submit(env.f.anonymous(), reportInput(w));
  at('2026-11-26');
  r.spam = await submit(env.f.anonymous(), reportInput(w));
  await step(X.desk, r.spam.id, 'decline', { reason: 'spam' });
  at('2026-11-27');
  r.inB = await submit(env.f.anonymous(), reportInput(w, { communeCode: w.B.code }));
  at('2026-11-30');
  r.nextWeek = await submit(env.f.anonymous(), reportInput(w));
  at('2026-12-16');
  await resolve(r.late);
  await rate(r.late, 1);
  // Evaluated on Thursday 17 December.
  at('2026-12-17');
  assert.equal(r.late.dueDate, '2026-12-14');
  assert.equal(r.open.dueDate, '2026-12-16');
  assert.equal(r.inB.dueDate, '2026-12-18');
  assert.equal(json(await Y.desk.get(`/api/v1/desk/feedback/${r.inB.id}`)).agencyId, Y.agency.id);
});
after(() => env.close());

const WEEK = { from: '2026-11-23', to: '2026-11-27' };

describe('feedbackAggregates', () => {
  it('for the province: spam counts nowhere; on time means closed by the due date; the open report past its date is overdue', async () => {
    assert.deepEqual(await feedbackAggregates(env.ctx, { ...WEEK, scope: { kind: 'province' } }), {
      received: 5, // onTime, late, duplicate, open, inB
      handled: 3, // onTime, late, duplicate
      handledOnTime: 2, // onTime, duplicate
      overdueOpen: 1, // open (due 16/12); inB is due 18/12
      averageRating: 3,
      ratedCount: 2,
      dislikeCount: 1,
      // onTime, duplicate, inB: neither disliked nor late. `late` is both and counts once, so this is
      // 3, not received − dislikes − late reports = 5 − 1 − 2 = 2.
      satisfied: 3,
    });
  });

  it('for one agency and for one commune', async () => {
    const x = await feedbackAggregates(env.ctx, { ...WEEK, scope: { kind: 'agency', agencyId: w.X.agency.id } });
    assert.deepEqual([x.received, x.handled, x.handledOnTime, x.overdueOpen], [4, 3, 2, 1]);
    const b = await feedbackAggregates(env.ctx, { ...WEEK, scope: { kind: 'commune', communeCode: w.B.code } });
    assert.deepEqual(b, { received: 1, handled: 0, handledOnTime: 0, overdueOpen: 0, averageRating: null, ratedCount: 0, dislikeCount: 0, satisfied: 1 });
  });

  it('the period is by Vietnamese date of submission, both ends included', async () => {
    const monday = await feedbackAggregates(env.ctx, { from: '2026-11-23', to: '2026-11-23', scope: { kind: 'province' } });
    assert.equal(monday.received, 2);
    const twoWeeks = await feedbackAggregates(env.ctx, { from: '2026-11-23', to: '2026-12-04', scope: { kind: 'province' } });
    assert.equal(twoWeeks.received, 6);
  });
});

describe('feedbackDrillDown', () => {
  it('lists the reports behind a figure: late or overdue ones, disliked ones, by status', async () => {
    const codes = async (f: Partial<Parameters<typeof feedbackDrillDown>[1]>) => (await feedbackDrillDown(env.ctx, { ...WEEK, scope: { kind: 'province' }, ...f })).map((i) => i.code).sort();
    assert.deepEqual(await codes({ overdueOnly: true }), [r.late.code, r.open.code].sort());
    assert.deepEqual(await codes({ dislikedOnly: true }), [r.late.code]);
    assert.deepEqual(await codes({ status: 'declined' }), [r.duplicate.code]);
    const [item] = await feedbackDrillDown(env.ctx, { ...WEEK, scope: { kind: 'province' }, dislikedOnly: true });
    assert.equal(item!.categoryName, 'Hư hỏng đường sá, cầu cống');
    assert.equal(item!.communeName, w.A.name);
    assert.equal(item!.agencyName, w.X.agency.name);
    assert.equal(item!.dueDate, '2026-12-14');
    assert.equal(item!.overdue, true);
    assert.equal(item!.rating, 1);
  });

  it('measure and part select exactly what each part of 5.1–5.3 counts: numerator, rest and denominator', async () => {
    const codes = async (f: Partial<Parameters<typeof feedbackDrillDown>[1]>) => (await feedbackDrillDown(env.ctx, { ...WEEK, scope: { kind: 'province' }, ...f })).map((i) => i.code).sort();
    const sorted = (...xs: any[]) => xs.map((x) => x.code).sort();
    const all = sorted(r.onTime, r.late, r.duplicate, r.open, r.inB);
    const want = {
      handled_on_time: sorted(r.onTime, r.duplicate),
      satisfied: sorted(r.onTime, r.duplicate, r.inB),
      handled: sorted(r.onTime, r.late, r.duplicate),
    } as const;
    const agg = await feedbackAggregates(env.ctx, { ...WEEK, scope: { kind: 'province' } });
    const figure = { handled_on_time: agg.handledOnTime, satisfied: agg.satisfied, handled: agg.handled };
    for (const measure of ['handled_on_time', 'satisfied', 'handled'] as const) {
      const num = await codes({ measure, part: 'numerator' });
      const rest = await codes({ measure, part: 'rest' });
      assert.deepEqual(num, want[measure], `${measure} numerator`);
      assert.equal(num.length, figure[measure], `${measure}: the list is the figure`);
      assert.deepEqual(rest, all.filter((c) => !want[measure].includes(c)), `${measure} rest`);
      assert.deepEqual(await codes({ measure, part: 'denominator' }), all, `${measure} denominator: spam excluded`);
    }
    // Scoped like the figures: commune B has only inB, which is satisfied and not handled.
    const inB = { scope: { kind: 'commune' as const, communeCode: w.B.code } };
    assert.deepEqual(await codes({ ...inB, measure: 'satisfied', part: 'numerator' }), [r.inB.code]);
    assert.deepEqual(await codes({ ...inB, measure: 'handled', part: 'numerator' }), []);
  });
});
