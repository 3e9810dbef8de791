// The whole one-stop story through the HTTP API: submit → receive → assign → forward → approve →
// return the result, with the applicant downloading the result at the end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PDF_BYTES } from '../../test/factories.ts';

describe('dossier lifecycle (happy path)', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
  });
  after(() => env.close());

  it('carries a dossier from online submission to the returned result', async () => {
    // Monday 2026-11-23, 09:00 in Vietnam.
    env.setNow('2026-11-23T02:00:00Z');
    const { procedure, desk, processor, approver, agency } = await env.f.office({ processingDays: 3 });
    const citizen = await env.f.signedIn('citizen');

    const submitted = await env.f.submitted(citizen, procedure.id);
    assert.equal(submitted.status, 'submitted');
    assert.match(submitted.code, new RegExp(`^${agency.code.replaceAll('.', '\\.')}-261123-0001$`));
    assert.equal(submitted.attachments.length, 1);

    const received = json(await desk.post(`/api/v1/dossiers/${submitted.id}/receive`, {}));
    assert.equal(received.status, 'received');
    // 3 working days counted from the day after Monday 23/11: Tue, Wed, Thu.
    assert.equal(received.dueDate, '2026-11-26');

    const taken = json(await processor.post(`/api/v1/dossiers/${submitted.id}/assign`, { assigneeId: processor.user!.id }));
    assert.equal(taken.status, 'in_progress');
    assert.equal(taken.assigneeId, processor.user!.id);

    const forwarded = json(await processor.post(`/api/v1/dossiers/${submitted.id}/forward`, { note: 'Hồ sơ hợp lệ, đề nghị phê duyệt' }));
    assert.equal(forwarded.status, 'awaiting_approval');

    const approved = json(await approver.post(`/api/v1/dossiers/${submitted.id}/approve`, {}));
    assert.equal(approved.status, 'approved');

    const resultUpload = await desk.uploadId(PDF_BYTES, 'giay-khai-sinh.pdf');
    const returned = await desk.post(`/api/v1/dossiers/${submitted.id}/return-result`, { attachments: [{ uploadId: resultUpload, label: 'Giấy khai sinh' }] });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(json(returned).status, 'result_returned');

    const mine = json(await citizen.get(`/api/v1/dossiers/${submitted.id}`));
    const result = mine.attachments.find((a: any) => a.kind === 'result');
    assert.ok(result, 'the applicant sees the result file');
    const download = await citizen.get(`/api/v1/dossiers/${submitted.id}/attachments/${result.id}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.deepEqual(download.rawPayload, PDF_BYTES);
    assert.deepEqual(
      mine.timeline.map((e: any) => e.action),
      ['submit', 'receive', 'assign', 'forward', 'approve', 'return_result'],
    );
  });
});
