// Online submission: the form is checked against the procedure's JSON Schema with Vietnamese
// messages per field, required documents are enforced, uploads are checked by content and size and
// belong to their uploader, a retried submission (Idempotency-Key) creates one dossier, and
// dossier codes follow {agency code}-{yymmdd}-{NNNN} per agency per day.
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PDF_BYTES, PNG_BYTES, type Client } from '../../test/factories.ts';
import { assertVietnamese, expectAudited, expectError } from '../../test/expect.ts';

let env: TestEnv;
let citizen: Client;

const MAX_UPLOAD = 1024;

before(async () => {
  // A 1 KB upload limit: the fixtures' PDF and PNG fit, anything bigger is "too large".
  env = await createTestEnv({ maxUploadBytes: MAX_UPLOAD });
  env.setNow('2026-11-23T02:00:00Z');
  citizen = await env.f.signedIn('citizen');
});
after(() => env.close());

const submit = (c: Client, body: unknown, key?: string) => c.post('/api/v1/dossiers', body, key ? { 'idempotency-key': key } : {});
const newKey = () => `k-${crypto.randomUUID()}`;
const countDossiers = async (procedureId: string) =>
  (await env.ctx.db.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).where('procedure_id', '=', procedureId).executeTakeFirstOrThrow()).n;

describe('a valid submission', () => {
  it('creates a submitted dossier with its files, timeline, audit row and a queued email', async () => {
    const { procedure } = await env.f.office();
    const uploadId = await citizen.uploadId();
    const res = await submit(citizen, env.f.submission(procedure.id, [uploadId]), newKey());
    assert.equal(res.statusCode, 201, res.body);
    const d = json(res);
    assert.equal(d.status, 'submitted');
    assert.equal(d.channel, 'online');
    assert.equal(d.dueDate, null);
    assert.deepEqual(d.formData, { childFullName: 'Nguyễn Gia Bảo', childBirthDate: '2026-11-01', childGender: 'Nam' });
    assert.deepEqual(d.attachments.map((a: any) => [a.kind, a.label, a.mime, a.size]), [['application', 'Giấy chứng sinh', 'application/pdf', PDF_BYTES.length]]);
    assert.deepEqual(d.timeline.map((e: any) => [e.action, e.fromStatus, e.toStatus]), [['submit', null, 'submitted']]);
    // The 201 is built from the rows the insert returned; it says exactly what a later read says.
    assert.deepEqual(d, json(await citizen.get(`/api/v1/dossiers/${d.id}`)));
    await expectAudited(env.ctx, d.id, 'dossier.submit', citizen.user!.id);
    const mail = await env.ctx.db.selectFrom('outbox').select(['kind', 'payload']).where('kind', '=', 'email').execute();
    assert.ok(mail.some((m) => m.payload.dossierId === d.id && m.payload.to === 'huong@example.vn'));
  });

  it('stores text in NFC whatever the keyboard sent', async () => {
    const { procedure } = await env.f.office();
    const decomposed = 'Nguyễn Thị Hương'.normalize('NFD');
    const body = env.f.submission(procedure.id, [await citizen.uploadId()], {
      formData: { childFullName: 'Lê Ngọc Ánh'.normalize('NFD'), childBirthDate: '2026-10-30', childGender: 'Nữ'.normalize('NFD') },
      applicant: { fullName: decomposed },
    });
    const res = await submit(citizen, body);
    assert.equal(res.statusCode, 201, res.body);
    const d = json(res);
    assert.equal(d.applicantName, 'Nguyễn Thị Hương'.normalize('NFC'));
    assert.equal(d.formData.childFullName, 'Lê Ngọc Ánh'.normalize('NFC'));
    assert.equal(d.applicantEmail, citizen.user!.email, 'the account email is used when none is given');
  });
});

describe('the form is validated against the procedure’s JSON Schema', () => {
  it('answers 400 with a Vietnamese message for each wrong field', async () => {
    const { procedure } = await env.f.office();
    const uploadId = await citizen.uploadId();
    const res = await submit(
      citizen,
      env.f.submission(procedure.id, [uploadId], { formData: { childFullName: 'A', childBirthDate: '31/12/2026', childGender: 'Khác' } }),
    );
    const err = expectError(res, 400, 'invalid', 'dossiers.formInvalid');
    const byField = Object.fromEntries(err.details.map((x: any) => [x.field, x.message]));
    assert.deepEqual(Object.keys(byField).sort(), ['formData/childBirthDate', 'formData/childFullName', 'formData/childGender']);
    assert.equal(byField['formData/childFullName'], 'Cần ít nhất 2 ký tự.');
    assert.equal(byField['formData/childGender'], 'Giá trị không nằm trong danh sách cho phép.');
    assert.match(byField['formData/childBirthDate'], /định dạng/);
    Object.values(byField).forEach((m) => assertVietnamese(m));
    assert.equal(await countDossiers(procedure.id), 0);
    // The upload was not consumed by the refused submission.
    const retry = await submit(citizen, env.f.submission(procedure.id, [uploadId]));
    assert.equal(retry.statusCode, 201, retry.body);
  });

  it('names each missing required field', async () => {
    const { procedure } = await env.f.office();
    const err = expectError(await submit(citizen, env.f.submission(procedure.id, [await citizen.uploadId()], { formData: { childGender: 'Nam' } })), 400, 'invalid', 'dossiers.formInvalid');
    assert.deepEqual(
      err.details.map((x: any) => [x.field, x.message]).sort(),
      [
        ['formData/childBirthDate', 'Thiếu trường bắt buộc "childBirthDate".'],
        ['formData/childFullName', 'Thiếu trường bắt buộc "childFullName".'],
      ],
    );
  });

  it('checks the applicant block and the request shape at the edge, in Vietnamese', async () => {
    const { procedure } = await env.f.office();
    const body = env.f.submission(procedure.id, [await citizen.uploadId()], { applicant: { fullName: 'Nguyễn Thị Hương', phone: '12345', email: 'khong-phai-email' } });
    const err = expectError(await submit(citizen, body), 400, 'invalid', 'common.invalidInput');
    const fields = err.details.map((x: any) => x.field).sort();
    assert.deepEqual(fields, ['body/applicant/email', 'body/applicant/phone']);
    err.details.forEach((x: any) => assertVietnamese(x.message));
  });
});

describe('input the database or the form walker cannot take', () => {
  it('a NUL character or very deep nesting in the form is a Vietnamese 400, not a server error', async () => {
    const { procedure } = await env.f.office();
    const uploadId = await citizen.uploadId();
    const base = env.f.submission(procedure.id, [uploadId]);
    const nul = { ...base, formData: { ...base.formData, childFullName: 'Nguyễn\u0000Gia Bảo' } };
    expectError(await submit(citizen, nul), 400, 'invalid', 'common.nulCharacter');
    const deep = JSON.stringify({ ...base, formData: { ...base.formData, extra: 0 } }).replace('"extra":0', `"extra":${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const res = await citizen.request({ method: 'POST', url: '/api/v1/dossiers', payload: deep, headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid', 'common.tooDeep');
    assert.equal(await countDossiers(procedure.id), 0);
    assert.equal((await submit(citizen, base)).statusCode, 201, 'the upload is still usable');
  });
});

describe('required documents', () => {
  it('a missing required document is a 400 that names it', async () => {
    const agency = await env.f.agency();
    const procedure = await env.f.procedure(agency.id, {
      documents: [
        { name: 'Giấy chứng sinh', required: true },
        { name: 'Giấy chứng nhận kết hôn của cha mẹ', required: true },
        { name: 'Văn bản ủy quyền', required: false },
      ],
    });
    const err = expectError(await submit(citizen, env.f.submission(procedure.id, [await citizen.uploadId()])), 400, 'invalid', 'dossiers.missingDocuments');
    assert.match(err.message, /Giấy chứng nhận kết hôn của cha mẹ/);
    assert.doesNotMatch(err.message, /Văn bản ủy quyền/);
    assert.deepEqual(err.details, [{ field: 'attachments', message: 'Giấy chứng nhận kết hôn của cha mẹ' }]);

    const body = env.f.submission(procedure.id, []);
    body.attachments = [
      { uploadId: await citizen.uploadId(), label: 'Giấy chứng sinh' },
      { uploadId: await citizen.uploadId(PNG_BYTES, 'ket-hon.png'), label: 'Giấy chứng nhận kết hôn của cha mẹ' },
    ];
    assert.equal((await submit(citizen, body)).statusCode, 201);
  });
});

describe('the procedure', () => {
  it('an unknown procedure is a Vietnamese 400', async () => {
    const err = expectError(await submit(citizen, env.f.submission(crypto.randomUUID(), [await citizen.uploadId()])), 400, 'invalid', 'catalog.procedureNotFound');
    assertVietnamese(err.message);
  });

  it('an inactive procedure takes no dossiers (409)', async () => {
    const agency = await env.f.agency();
    const procedure = await env.f.procedure(agency.id, { active: false });
    expectError(await submit(citizen, env.f.submission(procedure.id, [await citizen.uploadId()])), 409, 'conflict', 'catalog.procedureInactive');
    assert.equal(await countDossiers(procedure.id), 0);
  });
});

describe('uploads', () => {
  it('a text file renamed .pdf is refused by its content (415, Vietnamese)', async () => {
    const res = await citizen.upload(Buffer.from('Đây là một tệp văn bản, không phải PDF.\n'), 'giay-chung-sinh.pdf', 'application/pdf');
    const err = expectError(res, 415, 'unsupported_media', 'files.badType');
    assert.match(err.message, /giay-chung-sinh\.pdf/);
  });

  it('a file over the limit is refused (413, Vietnamese)', async () => {
    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(MAX_UPLOAD * 2, 0x20)]);
    expectError(await citizen.upload(big, 'qua-lon.pdf'), 413, 'too_large', 'files.tooLarge');
  });

  it('a request without a file is a Vietnamese 400; without a session 401', async () => {
    expectError(await citizen.post('/api/v1/uploads', { file: 'không có' }), 400, 'invalid');
    expectError(await env.f.anonymous().upload(), 401, 'unauthenticated');
  });

  it('the upload answers the stored name, type and size', async () => {
    const res = await citizen.upload(PNG_BYTES, '../../etc/ảnh "chân dung".png', 'image/png');
    assert.equal(res.statusCode, 201, res.body);
    const body = json(res);
    assert.equal(body.mime, 'image/png');
    assert.equal(body.size, PNG_BYTES.length);
    assert.doesNotMatch(body.filename, /[/\\"]/);
  });

  it('someone else’s upload id is a 400 and stays theirs', async () => {
    const { procedure } = await env.f.office();
    const other = await env.f.signedIn('citizen');
    const theirs = await other.uploadId();
    const err = expectError(await submit(citizen, env.f.submission(procedure.id, [theirs])), 400, 'invalid', 'files.notYours');
    assertVietnamese(err.message);
    assert.equal(await countDossiers(procedure.id), 0);
    assert.equal((await submit(other, env.f.submission(procedure.id, [theirs]))).statusCode, 201);
  });

  it('an upload already attached to a dossier cannot be attached again', async () => {
    const { procedure } = await env.f.office();
    const uploadId = await citizen.uploadId();
    assert.equal((await submit(citizen, env.f.submission(procedure.id, [uploadId]))).statusCode, 201);
    expectError(await submit(citizen, env.f.submission(procedure.id, [uploadId])), 400, 'invalid', 'files.notYours');
  });
});

describe('Idempotency-Key', () => {
  it('a retried submission returns the same dossier with 200 and creates nothing new', async () => {
    const { procedure } = await env.f.office();
    const body = env.f.submission(procedure.id, [await citizen.uploadId()]);
    const key = newKey();
    const first = await submit(citizen, body, key);
    assert.equal(first.statusCode, 201, first.body);
    const again = await submit(citizen, body, key);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(json(again).id, json(first).id);
    assert.equal(json(again).code, json(first).code);
    assert.equal(await countDossiers(procedure.id), 1);
  });

  it('a retry still returns the acknowledged dossier after the procedure was closed, and no retry is found for a new key', async () => {
    const { procedure } = await env.f.office();
    const body = env.f.submission(procedure.id, [await citizen.uploadId()]);
    const key = newKey();
    const first = await submit(citizen, body, key);
    assert.equal(first.statusCode, 201, first.body);
    await env.ctx.db.updateTable('procedures').set({ active: false }).where('id', '=', procedure.id).execute();
    const again = await submit(citizen, body, key);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(json(again).id, json(first).id);
    expectError(await submit(citizen, body, newKey()), 409, 'conflict', 'catalog.procedureInactive');
    assert.equal(await countDossiers(procedure.id), 1);
  });

  it('concurrent retries with one key create exactly one dossier', async () => {
    const { procedure } = await env.f.office();
    const body = env.f.submission(procedure.id, [await citizen.uploadId()]);
    const key = newKey();
    const responses = await Promise.all([submit(citizen, body, key), submit(citizen, body, key), submit(citizen, body, key)]);
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, 200, 201], responses.map((r) => r.body.slice(0, 200)).join('\n'));
    assert.equal(new Set(responses.map((r) => json(r).id)).size, 1);
    assert.equal(await countDossiers(procedure.id), 1);
    const events = await env.ctx.db.selectFrom('dossier_events').select('action').where('dossier_id', '=', json(responses[0]!).id).execute();
    assert.deepEqual(events.map((e) => e.action), ['submit']);
  });

  it('the key is the applicant’s own: another applicant with the same key gets their own dossier', async () => {
    const { procedure } = await env.f.office();
    const other = await env.f.signedIn('citizen');
    const key = newKey();
    const a = await submit(citizen, env.f.submission(procedure.id, [await citizen.uploadId()]), key);
    const b = await submit(other, env.f.submission(procedure.id, [await other.uploadId()]), key);
    assert.deepEqual([a.statusCode, b.statusCode], [201, 201]);
    assert.notEqual(json(a).id, json(b).id);
  });

  it('a malformed key is a Vietnamese 400', async () => {
    const { procedure } = await env.f.office();
    const body = env.f.submission(procedure.id, [await citizen.uploadId()]);
    for (const key of ['short', 'có dấu tiếng Việt 123', 'x'.repeat(129), 'a;b=c,d/e']) {
      expectError(await submit(citizen, body, key), 400, 'invalid', 'common.idempotencyKeyInvalid');
    }
    assert.equal(await countDossiers(procedure.id), 0);
  });
});

describe('dossier codes', () => {
  it('{agency code}-{yymmdd}-{NNNN}: a daily sequence per agency that restarts the next day', async () => {
    const [one, two] = await Promise.all([env.f.office(), env.f.office()]);
    const codeAt = async (now: string, procedureId: string) => {
      env.setNow(now);
      return (await env.f.submitted(citizen, procedureId)).code as string;
    };
    const esc = (s: string) => s.replaceAll('.', '\\.');
    try {
      assert.equal(await codeAt('2026-11-23T02:00:00Z', one.procedure.id), `${one.agency.code}-261123-0001`);
      assert.equal(await codeAt('2026-11-23T09:00:00Z', one.procedure.id), `${one.agency.code}-261123-0002`);
      assert.equal(await codeAt('2026-11-23T10:00:00Z', two.procedure.id), `${two.agency.code}-261123-0001`);
      // 23:30 in Vietnam is still the 23rd; 00:30 is the 24th.
      assert.equal(await codeAt('2026-11-23T16:30:00Z', one.procedure.id), `${one.agency.code}-261123-0003`);
      assert.equal(await codeAt('2026-11-23T17:30:00Z', one.procedure.id), `${one.agency.code}-261124-0001`);
      assert.equal(await codeAt('2026-11-24T03:00:00Z', two.procedure.id), `${two.agency.code}-261124-0001`);
      assert.match(await codeAt('2027-01-02T03:00:00Z', one.procedure.id), new RegExp(`^${esc(one.agency.code)}-270102-0001$`));
    } finally {
      env.setNow('2026-11-23T02:00:00Z');
    }
  });

  it('concurrent submissions to one agency get distinct consecutive numbers', async () => {
    const { procedure, agency } = await env.f.office();
    const citizens = await Promise.all([1, 2, 3, 4].map(() => env.f.signedIn('citizen')));
    const bodies = await Promise.all(citizens.map(async (c) => env.f.submission(procedure.id, [await c.uploadId()])));
    const responses = await Promise.all(citizens.map((c, i) => submit(c, bodies[i])));
    responses.forEach((r) => assert.equal(r.statusCode, 201, r.body));
    assert.deepEqual(responses.map((r) => json(r).code).sort(), [1, 2, 3, 4].map((n) => `${agency.code}-261123-000${n}`));
  });

  it('an applicant name that spells another dossier’s code does not disturb that dossier', async () => {
    const { procedure, agency } = await env.f.office();
    const other = await env.f.signedIn('citizen');
    // Codes are predictable: someone files first under the name of the next code.
    const spoof = env.f.submission(procedure.id, [await other.uploadId()], { applicant: { fullName: `${agency.code}-261123-0002` } });
    assert.equal((await submit(other, spoof)).statusCode, 201);
    const res = await submit(citizen, env.f.submission(procedure.id, [await citizen.uploadId()]));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(json(res).code, `${agency.code}-261123-0002`);
    assert.equal(json(res).applicantName, 'Nguyễn Thị Hương');
  });

  it('the 10,000th dossier of a day gets five digits, not a cut-down copy of the 1,000th’s', async () => {
    const { procedure, agency } = await env.f.office();
    await env.ctx.db.insertInto('dossier_code_sequences').values({ agency_id: agency.id, day: '2026-11-23', last: 9999 }).execute();
    const res = await submit(citizen, env.f.submission(procedure.id, [await citizen.uploadId()]));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(json(res).code, `${agency.code}-261123-10000`);
  });
});
