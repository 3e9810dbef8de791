// Hostile input, generated: every operation of the OpenAPI document (GET /api/docs/json) is sent
// bodies, query strings and path parameters generated from its own JSON Schemas and then broken —
// malformed JSON, wrong types, missing and extra fields, huge strings, deep nesting, Vietnamese in
// NFC and NFD, control characters and NUL, broken Unicode, SQL and HTML/script payloads, path
// traversal, wrong content types, missing CSRF token — as the actor the route is for, so requests
// reach validation and the services. Uploads get lying, truncated, oversized and decompression-bomb
// files in broken multipart bodies with traversal file names. Every answer must be below 500, an
// error `{ error: { code, key, message } }` in Vietnamese with nothing internal, a 2xx only for
// input the schema accepts; a refused request must leave every table (and the file store) as it
// was. Text that is hostile but valid is stored verbatim (NFC) and returned as data.
// HOSTILE_RUNS=<n> multiplies the number of generated cases (default 1: about 1,700 cases).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { TEST_DB, createTestEnv, json, type TestEnv } from '../test/harness.ts';
import { BIRTH_FORM_SCHEMA, Client, PASSWORD, PDF_BYTES, type Office, type TestUser } from '../test/factories.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { maskName } from '../modules/dossiers/service.ts';
import { bodyCase, idempotencyKey, makeOracle, operations, paramCase, urlFor, valueFor, type Hints, type JsonSchema, type Operation, type Path } from './hostile-openapi.ts';
import { DECLARED_TYPES, FILENAMES, fileCases, hostileText, multipartBody, nfd, pngDeclaring, SCRIPT_PAYLOADS, SQL_PAYLOADS, VIETNAMESE, wellFormed } from './hostile-payloads.ts';
import { assertUnchanged, CaseLog, checkAnswer, rowCounts, storedFileCount, type RowCounts } from './hostile-invariants.ts';

const RUNS = Math.max(0.2, Number(process.env.HOSTILE_RUNS ?? 1));
// CI runs a fixed seed so a red build is reproducible; HOSTILE_SEED=random (or a number) explores
// new cases. Random exploration found the open BOM-in-label case noted in docs/RELIABILITY.md.
const SEEDED = process.env.HOSTILE_SEED === 'random' ? {} : { seed: Number(process.env.HOSTILE_SEED ?? 20261127) };
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
/** The suite must not silently shrink: at least this many cases at the default settings. */
const FLOOR = Math.round(1500 * Math.min(RUNS, 1));
const MAX_UPLOAD = 64 * 1024;

let env: TestEnv;
let doc: any;
let ops: Operation[];
const oracle = makeOracle();
const log = new CaseLog();
let secrets: string[];

let office: Office;
let citizen: Client;
let admin: Client;
let spareAgency: { id: string; unitId: string };
let spareUser: TestUser;
let spareProcedureId: string;
let reading: { id: string; code: string; attachmentId: string };

before(async () => {
  env = await createTestEnv({ loginRateLimit: 1_000_000, maxUploadBytes: MAX_UPLOAD });
  env.setNow('2026-11-23T02:00:00Z');
  secrets = [process.cwd(), env.config.dataDir];
  const res = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
  assert.equal(res.statusCode, 200);
  doc = json(res);
  ops = operations(doc);
  office = await env.f.office();
  citizen = await env.f.signedIn('citizen');
  admin = await env.f.signedIn('admin');
  spareAgency = await env.f.agency();
  spareUser = await env.f.user('citizen');
  spareProcedureId = (await env.f.procedure(spareAgency.id)).id;
  const d = await env.f.dossierAt(office, fresh(citizen), 'supplement_requested');
  reading = { id: d.id, code: d.code, attachmentId: d.attachments[0].id };
  await ensureCalendarDate();
});

after(async () => {
  console.log(log.summary());
  await env?.close();
});

// ---------------------------------------------------------------- sending

/** The same signed-in person from a new client address, so per-address rate limits never interfere. */
const fresh = (c: Client) => new Client(env.app, c.user, c.cookie, c.csrf);

/**
 * Row counts as last seen. Refused requests change nothing, so the counts taken after one are the
 * counts before the next; anything that may write (an accepted request, a fixture) forgets them.
 */
let known: RowCounts | null = null;
const countsBefore = async () => (known ??= await rowCounts(env.ctx.db));
const mayHaveWritten = () => {
  known = null;
};
async function expectNoWrite(before: RowCounts, what: string) {
  const now = await rowCounts(env.ctx.db);
  assertUnchanged(before, now, what);
  known = now;
}

async function send(actor: Client | null, req: { method: string; url: string; payload?: string | Buffer; contentType?: string; csrf?: boolean; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.contentType) headers['content-type'] = req.contentType;
  if (actor?.cookie) headers.cookie = actor.cookie;
  if (actor?.csrf && req.csrf !== false && req.method !== 'GET') headers['x-csrf-token'] = actor.csrf;
  const res = await env.app.inject({ method: req.method as 'GET', url: req.url, payload: req.payload, headers, remoteAddress: `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}` });
  if (res.statusCode < 400) mayHaveWritten();
  return res;
}

// ---------------------------------------------------------------- who sends what, to which target

type Role = 'anonymous' | 'citizen' | 'desk' | 'processor' | 'approver' | 'admin';
const clientOf = (r: Role): Client | null => ({ anonymous: null, citizen, desk: office.desk, processor: office.processor, approver: office.approver, admin })[r];

/** Each lifecycle action: who takes it, from which status. */
const ACTIONS: Record<string, { role: Role; status: string }> = {
  receive: { role: 'desk', status: 'submitted' },
  decline: { role: 'desk', status: 'submitted' },
  'supplement-requests': { role: 'desk', status: 'received' },
  supplement: { role: 'citizen', status: 'supplement_requested' },
  assign: { role: 'approver', status: 'received' },
  forward: { role: 'processor', status: 'in_progress' },
  approve: { role: 'approver', status: 'awaiting_approval' },
  refuse: { role: 'approver', status: 'awaiting_approval' },
  'send-back': { role: 'approver', status: 'awaiting_approval' },
  'return-result': { role: 'desk', status: 'approved' },
  withdraw: { role: 'citizen', status: 'received' },
  stop: { role: 'approver', status: 'received' },
  notes: { role: 'processor', status: 'in_progress' },
  extensions: { role: 'approver', status: 'received' },
};
const rel = (op: Operation) => op.path.replace('/api/v1', '');
const actionOf = (op: Operation) => (op.method === 'POST' ? /^\/dossiers\/\{id\}\/([a-z-]+)$/.exec(rel(op))?.[1] : undefined);

function roleFor(op: Operation, readerIsCitizen: boolean): Role {
  const p = rel(op);
  if (p === '/auth/register' || p === '/auth/login' || p === '/auth/logout') return 'anonymous';
  if (p.startsWith('/admin/')) return 'admin';
  if (p.startsWith('/desk/') || p === '/agencies/{id}/officials') return 'desk';
  if (p.startsWith('/me/') || p === '/dossiers') return 'citizen';
  const action = actionOf(op);
  if (action) return ACTIONS[action]!.role;
  if (p.startsWith('/dossiers/{id}')) return readerIsCitizen ? 'citizen' : 'desk';
  return 'citizen';
}

/**
 * The dossier an action is tried on, in the status the action starts from. After an action
 * succeeds its dossier has moved on; a new one is made a few times, then the moved one is kept
 * (its answers are the service's 409s, which are hostile-input answers too).
 */
const targets = new Map<string, { id: string; used: boolean; refreshes: number }>();
async function actionTarget(action: string): Promise<string> {
  const t = targets.get(action);
  if (t && (!t.used || t.refreshes >= 3)) return t.id;
  mayHaveWritten();
  const d = await env.f.dossierAt(office, fresh(citizen), ACTIONS[action]!.status as never);
  // An apology-and-extension is only for an overdue dossier: move its due date into the past.
  if (action === 'extensions') await env.ctx.db.updateTable('dossiers').set({ due_date: '2026-11-20' }).where('id', '=', d.id).execute();
  targets.set(action, { id: d.id, used: false, refreshes: (t?.refreshes ?? -1) + 1 });
  return d.id;
}

let calendarDate = '';
let calendarDay = 0;
async function ensureCalendarDate() {
  if (calendarDate) return;
  calendarDate = `2027-03-${String(1 + (calendarDay++ % 28)).padStart(2, '0')}`;
  const res = await send(admin, { method: 'PUT', url: '/api/v1/admin/calendar', payload: JSON.stringify({ date: calendarDate, kind: 'day_off', name: 'Nghỉ thử nghiệm' }), contentType: 'application/json' });
  assert.equal(res.statusCode, 204, res.body);
}

/** The real id behind a `{param}` of an operation. */
async function targetOf(op: Operation, param: string): Promise<string> {
  const p = rel(op);
  const action = actionOf(op);
  if (action) return actionTarget(action);
  if (p.startsWith('/dossiers/{id}')) return param === 'attachmentId' ? reading.attachmentId : reading.id;
  if (p.startsWith('/admin/users/')) return spareUser.id;
  if (p.startsWith('/admin/agencies/')) return spareAgency.id;
  if (p.startsWith('/admin/procedures/')) return spareProcedureId;
  if (p.startsWith('/agencies/')) return office.agency.id;
  if (p.startsWith('/procedures/')) return office.procedure.id;
  if (p.startsWith('/tracking/')) return reading.code;
  if (p.startsWith('/admin/calendar/')) return (await ensureCalendarDate(), calendarDate);
  return crypto.randomUUID();
}

function afterSuccess(op: Operation) {
  const action = actionOf(op);
  if (action) targets.get(action)!.used = true;
  if (op.method === 'DELETE' && rel(op).startsWith('/admin/calendar/')) calendarDate = '';
}

// ---------------------------------------------------------------- hints: real ids and plausible values

const TARGET = '@TARGET';
const UPLOAD = '@UPLOAD';
const last = (path: Path) => String(path.at(-1) ?? '');
const mostly = <T>(real: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: real }, { weight: 1, arbitrary: other });
const realDate = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 10, 24) + n * 86400_000).toISOString().slice(0, 10));

function hintsFor(op: Operation): Hints {
  return (path: Path, schema: JsonSchema) => {
    const key = last(path);
    const nullable = Array.isArray(schema.anyOf) && schema.anyOf.some((s: JsonSchema) => s.type === 'null');
    if (key.startsWith('path:')) {
      if (schema.format === 'uuid' || key === 'path:code' || key === 'path:date') return mostly(fc.constant(TARGET), valueFor({ ...schema, anyOf: undefined }, () => undefined));
      return undefined;
    }
    switch (key) {
      case 'procedureId':
        return mostly(fc.constant(office.procedure.id), fc.uuid());
      case 'agencyId':
      case 'query:agencyId':
        return mostly(fc.constantFrom(office.agency.id, spareAgency.id), nullable ? fc.constantFrom(null, crypto.randomUUID()) : fc.uuid());
      case 'unitId':
        return mostly(fc.constantFrom(spareAgency.unitId, null), fc.uuid());
      case 'assigneeId':
        return mostly(fc.constant(office.processor.user!.id), fc.uuid());
      case 'uploadId':
        return mostly(fc.constant(UPLOAD), fc.uuid());
      case 'label':
        return mostly(fc.constant('Giấy chứng sinh'), hostileText(1, 300));
      case 'formData':
        return mostly(
          fc.record({ childFullName: hostileText(2, 100), childBirthDate: realDate, childGender: fc.constantFrom('Nam', 'Nữ', nfd('Nữ')) }),
          valueFor({ type: 'object', additionalProperties: {} }, () => undefined),
        );
      case 'formSchema':
        return mostly(
          hostileText(0, 200).map((title) => ({ ...BIRTH_FORM_SCHEMA, title, properties: { ...BIRTH_FORM_SCHEMA.properties, childFullName: { ...BIRTH_FORM_SCHEMA.properties.childFullName, title } } })),
          valueFor({ type: 'object', additionalProperties: {} }, () => undefined),
        );
      case 'newDueDate':
      case 'date':
      case 'query:from':
        return mostly(realDate, fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
      case 'query:year':
        return mostly(fc.integer({ min: 2020, max: 2032 }), fc.integer());
      case 'password':
        return mostly(fc.constantFrom(PASSWORD, 'MậtKhẩu2026', "P4ss'; DROP TABLE users;--"), hostileText(8, 200));
      case 'email':
        return rel(op) === '/auth/login' ? mostly(fc.constant(spareUser.email), hostileText(3, 200)) : mostly(fc.uuid().map((u) => `hostile-${u.slice(0, 8)}@example.vn`), hostileText(0, 200));
      default:
        return undefined;
    }
  };
}

/** Replaces upload placeholders by fresh uploads of the actor (at most three; the rest get unknown ids). */
async function withUploads(text: string, actor: Client | null): Promise<string> {
  let n = 0;
  let out = text;
  while (out.includes(`"${UPLOAD}"`)) {
    if (actor) mayHaveWritten();
    const id = actor && n++ < 3 ? await fresh(actor).uploadId(PDF_BYTES, 'tep.pdf') : crypto.randomUUID();
    out = out.replace(`"${UPLOAD}"`, `"${id}"`);
  }
  return out;
}

/** Errors raised before a route's handler runs (edge guards, schema, content type, CSRF). */
const EDGE_KEYS = new Set(['auth.csrf', 'common.invalidInput', 'common.nulCharacter', 'common.badUnicode', 'common.badNumber', 'common.tooDeep', 'common.malformedRequest', 'common.payloadTooLarge', 'common.unsupportedMediaType', 'common.badUrl', 'common.notFound', 'common.routeNotFound']);

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

// ---------------------------------------------------------------- JSON bodies

/** Cases per operation, kept small where each valid request pays for argon2 on purpose. */
function bodyRuns(op: Operation): number {
  const p = rel(op);
  if (p.startsWith('/auth/')) return runs(10);
  if (p.startsWith('/admin/users')) return runs(14);
  if (p === '/dossiers') return runs(70);
  return runs(40);
}

describe('every JSON request body, generated from its OpenAPI schema and mutated', () => {
  it('the OpenAPI document has the JSON bodies this suite expects', () => {
    const withBody = ops.filter((o) => o.body);
    assert.ok(withBody.length >= 25, `JSON bodies: ${withBody.length}`);
    for (const action of Object.keys(ACTIONS)) assert.ok(withBody.some((o) => actionOf(o) === action), action);
  });

  // The list of operations is known only once the document is loaded; one test per operation then.
  it('every operation with a JSON body answers hostile bodies within the contract', async (t) => {
    for (const op of ops.filter((o) => o.body)) {
      await t.test(`${op.method} ${op.path}`, async () => {
        const hints = hintsFor(op);
        const pathParams = op.params.filter((p) => p.in === 'path');
        const arb = fc.tuple(bodyCase(op.body!, hints), paramCase(pathParams, hints, { validWeight: 45 }), rel(op) === '/dossiers' ? idempotencyKey : fc.constant(undefined));
        await fc.assert(
          fc.asyncProperty(arb, async ([b, p, key]) => {
            const role = roleFor(op, false);
            const actor = clientOf(role);
            let url = urlFor(op, p);
            const values = { ...p.values };
            for (const param of pathParams) {
              if (values[param.name] !== TARGET) continue;
              const id = await targetOf(op, param.name);
              values[param.name] = id;
              url = url.replace(encodeURIComponent(TARGET), encodeURIComponent(id));
            }
            let payload: string | Buffer | undefined;
            let value: unknown;
            if (b.raw !== undefined) payload = typeof b.raw === 'string' ? b.raw.replaceAll(UPLOAD, crypto.randomUUID()) : b.raw;
            else {
              payload = await withUploads(JSON.stringify(b.value), actor);
              value = JSON.parse(payload);
            }
            const headers: Record<string, string> = key ? { 'idempotency-key': key } : {};
            const bodyValid = b.raw !== undefined ? undefined : oracle.body(op, value);
            const paramsValid = p.judgeable ? oracle.params(op, values) : undefined;
            const csrfMissing = !b.csrf && !!actor;
            const valid = csrfMissing || bodyValid === false || paramsValid === false ? false : bodyValid === undefined || paramsValid === undefined ? undefined : true;
            const what = `${op.method} ${clip(url, 200)} as ${role} [${b.mutation}: ${clip(b.detail, 120)}] ${b.contentType} body=${clip(typeof payload === 'string' ? payload : `<${payload?.length} bytes>`)}`;

            const beforeRows = await countsBefore();
            const res = await send(actor, { method: op.method, url, payload, contentType: b.contentType || undefined, csrf: b.csrf, headers });
            const verdict = checkAnswer(res, { what, valid, jsonResponse: op.jsonResponse, secrets });
            log.add(`body: ${b.mutation}`, res.statusCode);
            // Without the token nothing reaches a service: refused at the edge, by the schema or by CSRF.
            if (csrfMissing) assert.ok(EDGE_KEYS.has(verdict.error!.key), `refused before any service: ${verdict.error!.key} ${what}`);
            if (verdict.rejected) await expectNoWrite(beforeRows, what);
            else afterSuccess(op);
          }),
          { numRuns: bodyRuns(op), endOnFailure: true, ...SEEDED },
        );
      });
    }
  });
});

// ---------------------------------------------------------------- query strings and path parameters

describe('every query and path parameter, generated from its OpenAPI schema and mutated', () => {
  it('every GET (and DELETE) operation answers hostile parameters within the contract', async (t) => {
    const targetsOps = ops.filter((o) => o.method === 'GET' || o.method === 'DELETE');
    assert.ok(targetsOps.length >= 20, `GET/DELETE operations: ${targetsOps.length}`);
    for (const op of targetsOps) {
      await t.test(`${op.method} ${op.path}`, async () => {
        const hints = hintsFor(op);
        const params = op.params.filter((p) => p.in !== 'header');
        await fc.assert(
          fc.asyncProperty(paramCase(params, hints), fc.boolean(), async (p, readerIsCitizen) => {
            const role = roleFor(op, readerIsCitizen);
            const actor = clientOf(role);
            let url = urlFor(op, p);
            const values = { ...p.values };
            for (const param of params.filter((x) => x.in === 'path')) {
              if (values[param.name] !== TARGET) continue;
              const id = await targetOf(op, param.name);
              values[param.name] = id;
              url = url.replace(encodeURIComponent(TARGET), encodeURIComponent(id));
            }
            const valid = p.judgeable ? oracle.params(op, values) : undefined;
            const what = `${op.method} ${clip(url, 300)} as ${role} [${p.mutation}: ${clip(p.detail, 120)}]`;
            const beforeRows = await countsBefore();
            const res = await send(actor, { method: op.method, url });
            const verdict = checkAnswer(res, { what, valid, jsonResponse: op.jsonResponse, secrets });
            log.add(`params: ${p.mutation}`, res.statusCode);
            if (verdict.rejected) await expectNoWrite(beforeRows, what);
            else afterSuccess(op);
          }),
          // PDF routes render a document for each valid case: fewer of them.
          { numRuns: !params.length ? runs(6) : op.jsonResponse ? runs(30) : runs(12), endOnFailure: true, ...SEEDED },
        );
      });
    }
  });

  it('a path that is not valid percent-encoding is a Vietnamese 400, not a raw framework error', async () => {
    for (const url of ['/api/v1/tracking/%E0%A4%A', '/api/v1/dossiers/%ZZ', '/api/v1/procedures/%', '/api/v1/%C0%AF%C0%AF']) {
      const res = await send(citizen, { method: 'GET', url });
      const v = checkAnswer(res, { what: `GET ${url}`, valid: false, secrets });
      log.add('params: bad path encoding', res.statusCode);
      assert.equal(v.status, 400, url);
    }
  });
});

// ---------------------------------------------------------------- uploads

describe('uploads: lying, truncated, oversized and bomb files in broken multipart bodies', () => {
  const FILES = () => fileCases(MAX_UPLOAD);
  const SHAPES = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'truncated', 'no-closing-boundary', 'wrong-boundary', 'no-boundary', 'two-files', 'field-only', 'other-field-name', 'header-injection', 'no-filename'] as const;
  /** Shapes whose request carries no complete file part, or more than the one file allowed: never a
   * 2xx. (A part without a file name but with a Content-Type is still a file to @fastify/multipart.) */
  const BROKEN = new Set(['truncated', 'wrong-boundary', 'no-boundary', 'field-only', 'two-files']);

  async function tryUpload(actor: Client, file: { name: string; bytes: Buffer; valid: boolean }, filename: string, type: string, shape: (typeof SHAPES)[number]) {
    const { payload, contentType } = multipartBody({ bytes: file.bytes, filename, type }, shape);
    const valid = BROKEN.has(shape) ? false : shape === 'ok' ? file.valid : file.valid ? undefined : false;
    const what = `upload [${shape}] ${file.name} as "${clip(filename, 80)}" (${type}) by ${actor.user!.role}`;
    const beforeRows = await countsBefore();
    const beforeFiles = storedFileCount(env.config.dataDir);
    const res = await send(actor, { method: 'POST', url: '/api/v1/uploads', payload, contentType });
    const verdict = checkAnswer(res, { what, valid, secrets });
    log.add(`upload: ${file.valid ? 'valid file' : 'bad file'} / ${shape}`, res.statusCode);
    if (verdict.rejected) {
      await expectNoWrite(beforeRows, what);
      assert.equal(storedFileCount(env.config.dataDir), beforeFiles, `a refused upload leaves no file on disk: ${what}`);
      return { res, verdict, body: null };
    }
    if (shape === 'ok') assert.equal(res.statusCode, 201, what);
    const body = json(res);
    // The stored name is a base name, printable, without a leading dot, and at most 150 characters.
    assert.doesNotMatch(body.filename, /[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"<>|:*?]/, `a safe stored name: ${body.filename} (${what})`);
    assert.doesNotMatch(body.filename, /^\./, what);
    assert.ok([...body.filename].length <= 150 && body.filename.length > 0, what);
    assert.equal(body.filename, body.filename.normalize('NFC'), what);
    assert.ok(['application/pdf', 'image/png', 'image/jpeg'].includes(body.mime), what);
    assert.equal(body.size, file.bytes.length, what);
    return { res, verdict, body };
  }

  it('every combination answers within the contract; only complete, sane files are stored', async () => {
    const files = FILES();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.constantFrom(...FILENAMES), fc.constantFrom(...DECLARED_TYPES), fc.constantFrom(...SHAPES), fc.boolean(), async (file, filename, type, shape, byDesk) => {
        await tryUpload(fresh(byDesk ? office.desk : citizen), file, filename, type, shape);
      }),
      { numRuns: runs(160), endOnFailure: true, ...SEEDED },
    );
  });

  it('each file case at least once, sent cleanly', async () => {
    for (const file of FILES()) await tryUpload(fresh(citizen), file, 'ho-so.pdf', 'application/pdf', 'ok');
  });

  it('a decompression-bomb image (a tiny PNG declaring 100000×100000 pixels) is refused with a clear Vietnamese 400', async () => {
    const bomb = pngDeclaring(100_000, 100_000);
    assert.ok(bomb.length < 1000, 'the bomb itself is tiny');
    const { verdict } = await tryUpload(fresh(citizen), { name: 'bomb', bytes: bomb, valid: false }, 'anh-chan-dung.png', 'image/png', 'ok');
    assert.equal(verdict.status, 400);
    assert.equal(verdict.error!.key, 'files.imageTooLarge');
    assert.match(verdict.error!.message, /100000×100000/);
  });

  it('path traversal in the file name keeps only a safe base name', async () => {
    for (const [name, stored] of [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\x.pdf', 'x.pdf'],
      ['/etc/passwd', 'passwd'],
      ['....//....//x.pdf', 'x.pdf'],
      ['hồ sơ\u202efdp.exe', 'hồ sơ_fdp.exe'],
    ] as const) {
      const { body } = await tryUpload(fresh(citizen), { name: 'pdf', bytes: PDF_BYTES, valid: true }, name, 'application/pdf', 'ok');
      assert.equal(body.filename, stored, name);
    }
  });

  it('two files in one request are refused with a Vietnamese 400, and neither is kept', async () => {
    const { verdict } = await tryUpload(fresh(citizen), { name: 'pdf', bytes: PDF_BYTES, valid: true }, 'giay.pdf', 'application/pdf', 'two-files');
    assert.equal(verdict.status, 400);
    assert.equal(verdict.error!.key, 'files.tooMany');
    assert.match(verdict.error!.message, /một tệp/);
  });

  it('a truncated or boundary-less multipart request is a Vietnamese 400', async () => {
    for (const shape of ['truncated', 'no-boundary', 'wrong-boundary'] as const) {
      const { verdict } = await tryUpload(fresh(citizen), { name: 'pdf', bytes: PDF_BYTES, valid: true }, 'giay.pdf', 'application/pdf', shape);
      assert.equal(verdict.status, 400, shape);
    }
  });
});

// ---------------------------------------------------------------- hostile but valid text: stored verbatim, returned as data

/** Text that passes every rule: no NUL, no lone surrogate, at least `min` characters once NFC and trimmed. */
const storable = (min: number, max: number) =>
  fc.tuple(hostileText(min, max), fc.boolean()).map(([s, decomposed]) => {
    let cps = [...wellFormed(decomposed ? nfd(s) : s).replaceAll('\u0000', '')].slice(0, max);
    if ([...cps.join('').normalize('NFC').trim()].length < min) cps = [...'Ngô ', ...cps].slice(0, max);
    return cps.join('');
  });

/** Uploads through a well-formed multipart body (the file name may be hostile); returns the upload. */
async function uploadFile(actor: Client, bytes: Buffer, filename: string) {
  const { payload, contentType } = multipartBody({ bytes, filename, type: 'application/pdf' }, 'ok');
  const res = await send(actor, { method: 'POST', url: '/api/v1/uploads', payload, contentType });
  assert.equal(res.statusCode, 201, `upload "${filename}": ${res.body}`);
  return json(res) as { id: string; filename: string };
}

let storedRun = 0;

describe('hostile text in valid fields is stored verbatim and returned as JSON data', () => {
  it('applicant, form answers, labels, reasons and supplement items round-trip (NFC), through PDFs and tracking too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: storable(2, 200), address: storable(0, 500), child: storable(2, 100), label: storable(1, 300), item: storable(2, 500), note: storable(0, 2000) }),
        async (t) => {
          const c = fresh(citizen);
          const [first, second] = [await uploadFile(c, PDF_BYTES, `${t.name}.pdf`), await uploadFile(c, PDF_BYTES, t.label)];
          const body = {
            procedureId: office.procedure.id,
            formData: { childFullName: t.child, childBirthDate: '2026-11-01', childGender: 'Nữ' },
            applicant: { fullName: t.name, ...(t.address ? { address: t.address } : {}) },
            attachments: [
              { uploadId: first.id, label: 'Giấy chứng sinh' },
              { uploadId: second.id, label: t.label },
            ],
          };
          const what = `submission ${clip(JSON.stringify(t), 400)}`;
          const res = await send(c, { method: 'POST', url: '/api/v1/dossiers', payload: JSON.stringify(body), contentType: 'application/json' });
          checkAnswer(res, { what, valid: true, secrets });
          log.add('stored: submission', res.statusCode);
          assert.equal(res.statusCode, 201, what);
          const d = json(res);
          // PGlite decodes result text with TextDecoder, which drops a leading byte-order mark
          // (U+FEFF) from every value; PostgreSQL returns it verbatim. A PGlite limitation, noted
          // in docs/RELIABILITY.md, not something the server does.
          const nfc = (s: string) => (TEST_DB === 'pglite' ? s.normalize('NFC').replace(/^\uFEFF/, '') : s.normalize('NFC'));
          assert.equal(d.applicantName, nfc(t.name.trim()), what);
          assert.equal(d.applicantAddress, t.address ? nfc(t.address.trim()) : null, what);
          assert.equal(d.formData.childFullName, nfc(t.child), what);
          const pairs = (xs: string[][]) => xs.map((x) => JSON.stringify(x)).sort();
          assert.deepEqual(pairs(d.attachments.map((a: any) => [a.label, a.filename])), pairs([['Giấy chứng sinh', first.filename], [nfc(t.label), second.filename]]), what);

          // The desk reads it back as the same data, receives it and asks for a supplement with hostile items.
          const desk = office.desk;
          const seen = await send(desk, { method: 'GET', url: `/api/v1/dossiers/${d.id}` });
          checkAnswer(seen, { what, valid: true, secrets });
          assert.equal(json(seen).applicantName, nfc(t.name.trim()));
          assert.deepEqual(json(seen).formData, d.formData);
          for (const [path, payload] of [
            ['receive', {}],
            ['supplement-requests', { items: [t.item], ...(t.note ? { note: t.note } : {}) }],
          ] as const) {
            const r = await send(desk, { method: 'POST', url: `/api/v1/dossiers/${d.id}/${path}`, payload: JSON.stringify(payload), contentType: 'application/json' });
            checkAnswer(r, { what: `${path} ${what}`, valid: true, secrets });
            log.add(`stored: ${path}`, r.statusCode);
            assert.equal(r.statusCode, 200, `${path}: ${r.body.slice(0, 300)}`);
          }
          const after = json(await send(desk, { method: 'GET', url: `/api/v1/dossiers/${d.id}` }));
          assert.deepEqual(after.supplementRequests[0].items, [nfc(t.item.trim())], what);
          assert.equal(after.supplementRequests[0].note, t.note ? nfc(t.note) : null, what);

          // The documents the desk prints carry the same text and still render (every fourth case: PDFs are slow).
          if (storedRun++ % 4 === 0) for (const url of [`/api/v1/dossiers/${d.id}/receipt.pdf`, `/api/v1/dossiers/${d.id}/documents/supplement-request.pdf`]) {
            const pdf = await send(desk, { method: 'GET', url });
            checkAnswer(pdf, { what: `${url} ${what}`, valid: true, jsonResponse: false, secrets });
            log.add('stored: pdf', pdf.statusCode);
            assert.equal(pdf.statusCode, 200, url);
            assert.equal(pdf.headers['content-type'], 'application/pdf');
            assert.doesNotMatch(String(pdf.headers['content-disposition']), /[\r\n]/);
          }
          // The public tracking page shows only the masked name, as data.
          const tr = await send(null, { method: 'GET', url: `/api/v1/tracking/${encodeURIComponent(d.code)}` });
          checkAnswer(tr, { what, valid: true, secrets });
          log.add('stored: tracking', tr.statusCode);
          assert.equal(json(tr).applicantNameMasked, maskName(nfc(t.name.trim())));
          // The desk's search takes the hostile name as a search term, not as SQL.
          const q = await send(desk, { method: 'GET', url: `/api/v1/desk/dossiers?q=${encodeURIComponent([...t.name].slice(0, 100).join(''))}` });
          checkAnswer(q, { what: `search ${what}`, valid: undefined, secrets });
          log.add('stored: search', q.statusCode);
        },
      ),
      { numRuns: runs(16), endOnFailure: true, ...SEEDED },
    );
  });

  it('SQL and script payloads are data: the exact strings come back, and the tables are intact', async () => {
    const c = fresh(citizen);
    for (const payload of [...SQL_PAYLOADS, ...SCRIPT_PAYLOADS]) {
      const name = `${VIETNAMESE[0]} ${payload}`;
      const uploadId = await c.uploadId();
      const res = await send(c, { method: 'POST', url: '/api/v1/dossiers', payload: JSON.stringify(env.f.submission(office.procedure.id, [uploadId], { formData: { childFullName: payload.padEnd(2, '_'), childBirthDate: '2026-11-01', childGender: 'Nam' }, applicant: { fullName: name } })), contentType: 'application/json' });
      checkAnswer(res, { what: payload, valid: true, secrets });
      log.add('stored: sql/script payload', res.statusCode);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(json(res).applicantName, name.trim());
      assert.equal(json(res).formData.childFullName, payload.padEnd(2, '_'));
      assert.match(String(res.headers['content-type']), /application\/json/);
    }
    const counts = await rowCounts(env.ctx.db);
    assert.ok(counts.dossiers > 0 && counts.audit_log > 0 && counts.users > 0, 'no table was dropped or emptied');
  });

  it('an administrator’s procedure name and form titles with script are stored verbatim too', async () => {
    const name = '<img src=x onerror=alert(1)> Đăng ký <script>alert("x")</script>';
    const res = await send(admin, {
      method: 'POST',
      url: '/api/v1/admin/procedures',
      contentType: 'application/json',
      payload: JSON.stringify({ code: `XSS.${crypto.randomBytes(3).toString('hex')}`, name, field: '<b>Hộ tịch</b>', agencyId: spareAgency.id, processingDays: 3, fee: 0, onlineLevel: 'full', documents: [], formSchema: { ...BIRTH_FORM_SCHEMA, title: '<script>alert(2)</script>' } }),
    });
    checkAnswer(res, { what: 'procedure with script', valid: true, secrets });
    log.add('stored: procedure', res.statusCode);
    assert.equal(res.statusCode, 201, res.body);
    const p = json(await send(citizen, { method: 'GET', url: `/api/v1/procedures/${json(res).id}` }));
    assert.equal(p.name, name);
    assert.equal(p.field, '<b>Hộ tịch</b>');
    assert.equal(p.formSchema.title, '<script>alert(2)</script>');
  });
});

// ---------------------------------------------------------------- what the generators found, pinned

describe('inputs that once answered 500 (or wrote on refusal), pinned so they stay fixed', () => {
  const J = 'application/json';
  const cases: { what: string; role: Role; method: string; url: () => Promise<string> | string; body?: unknown; raw?: string; status: number; key: string }[] = [
    { what: 'a name that is blank once trimmed (CHECK constraint)', role: 'anonymous', method: 'POST', url: () => '/api/v1/auth/register', body: { email: `trong-${crypto.randomUUID().slice(0, 8)}@example.vn`, password: PASSWORD, fullName: '   ' }, status: 400, key: 'common.valueRejected' },
    { what: 'an agency name one letter long once in NFC ("a" + combining breve)', role: 'admin', method: 'POST', url: () => '/api/v1/admin/agencies', body: { code: `NFC${crypto.randomBytes(2).toString('hex').toUpperCase()}`, name: 'a\u0306', level: 'commune' }, status: 400, key: 'common.valueRejected' },
    { what: 'an official in an agency that does not exist (foreign key)', role: 'admin', method: 'POST', url: () => '/api/v1/admin/users', body: { email: `fk-${crypto.randomUUID().slice(0, 8)}@example.vn`, password: PASSWORD, fullName: 'Lê Văn Khóa', role: 'desk', agencyId: crypto.randomUUID() }, status: 400, key: 'org.agencyNotFound' },
    { what: 'a paging offset past bigint', role: 'citizen', method: 'GET', url: () => '/api/v1/me/dossiers?offset=99999999999999999999', status: 400, key: 'common.invalidInput' },
    { what: 'a year of "Infinity" (Ajv coerces it past integer, minimum and maximum)', role: 'citizen', method: 'GET', url: () => '/api/v1/calendar/holidays?year=Infinity', status: 400, key: 'common.badNumber' },
    { what: 'a page size of "1e400"', role: 'citizen', method: 'GET', url: () => '/api/v1/procedures?limit=1e400', status: 400, key: 'common.badNumber' },
    { what: 'a reason with half a surrogate pair (jsonb refuses it)', role: 'citizen', method: 'POST', url: async () => `/api/v1/dossiers/${await actionTarget('withdraw')}/withdraw`, raw: '{"reason":"Tôi rút hồ sơ \\ud800"}', status: 400, key: 'common.badUnicode' },
    { what: 'a path that is not valid percent-encoding', role: 'desk', method: 'POST', url: () => '/api/v1/dossiers/%E0%A4%A/receive', body: {}, status: 400, key: 'common.badUrl' },
    { what: 'a path parameter over the router’s length limit', role: 'desk', method: 'POST', url: () => `/api/v1/dossiers/${'x'.repeat(200)}/receive`, body: {}, status: 404, key: 'common.notFound' },
    { what: 'a document never issued (was audited as read before the 404)', role: 'desk', method: 'GET', url: () => `/api/v1/dossiers/${reading.id}/documents/apology-letter.pdf`, status: 404, key: 'common.notFound' },
  ];
  for (const c of cases) {
    it(`${c.what} → ${c.status} ${c.key}`, async () => {
      const url = await c.url();
      const before = await countsBefore();
      const res = await send(clientOf(c.role), { method: c.method, url, payload: c.raw ?? (c.body !== undefined ? JSON.stringify(c.body) : undefined), contentType: c.method === 'GET' ? undefined : J });
      const v = checkAnswer(res, { what: `${c.method} ${url}`, valid: false, secrets });
      log.add('pinned regression', res.statusCode);
      assert.equal(v.status, c.status, res.body);
      assert.equal(v.error!.key, c.key, res.body);
      await expectNoWrite(before, c.what);
    });
  }
});

// ---------------------------------------------------------------- afterwards

describe('after all of it', () => {
  it('the platform still works and the audit chain is intact', async () => {
    for (const url of ['/api/v1/health', '/api/v1/procedures?q=khai%20sinh', '/api/v1/calendar/due-date?from=2026-11-23&days=5', `/api/v1/tracking/${encodeURIComponent(reading.code)}`]) {
      const res = await send(citizen, { method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
    }
    const d = await env.f.submitted(fresh(citizen), office.procedure.id);
    assert.equal(d.status, 'submitted');
    const chain = await verifyAuditChain(env.ctx.db);
    assert.ok(chain.ok, `audit chain: ${JSON.stringify(chain)}`);
  });

  it(`tried at least ${FLOOR} hostile cases`, () => {
    assert.ok(log.total >= FLOOR, `only ${log.total} cases were tried (floor ${FLOOR})`);
  });
});
