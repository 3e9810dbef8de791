// Small factories for test fixtures: each builds one realistic thing with sensible defaults,
// directly through the services or the database, and returns what a test needs to use it.
import crypto from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { SESSION_COOKIE, createSession, hashPassword } from '../platform/auth.ts';
import { foldVietnamese } from '../platform/text.ts';
import type { DossierStatus, Role } from '../db/schema.ts';

export const PASSWORD = 'MatKhau123';
let passwordHash: Promise<string> | null = null;
const seq = () => crypto.randomBytes(4).toString('hex');

/** A minimal valid PDF, and a 1×1 PNG: real files whose magic bytes pass the content check. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  agencyId: string | null;
  fullName: string;
}

/** A distinct client address per signed-in client, so per-IP rate limits (login, uploads) see separate people. */
export const randomIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

/** A signed-in HTTP client: carries the session cookie and the CSRF token like the web app. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly user: TestUser | null,
    readonly cookie: string | null,
    readonly csrf: string | null,
    readonly ip: string = randomIp(),
  ) {}

  request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.method && !['GET', 'HEAD'].includes(String(opts.method))) headers['x-csrf-token'] = this.csrf;
    return this.app.inject({ remoteAddress: this.ip, ...opts, headers });
  }
  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'], headers });
  }
  put(url: string, payload?: unknown) {
    return this.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] });
  }
  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }

  /** Uploads a file through the real multipart route; returns the upload id. */
  async upload(bytes: Buffer = PDF_BYTES, filename = 'giay-chung-sinh.pdf', contentType = 'application/pdf'): Promise<LightMyRequestResponse> {
    const boundary = `----tinhso${seq()}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.request({ method: 'POST', url: '/api/v1/uploads', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }
  async uploadId(bytes?: Buffer, filename?: string): Promise<string> {
    const res = await this.upload(bytes, filename);
    if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body).id;
  }
}

export const BIRTH_FORM_SCHEMA = {
  type: 'object',
  required: ['childFullName', 'childBirthDate', 'childGender'],
  properties: {
    childFullName: { type: 'string', title: 'Họ và tên của trẻ', minLength: 2, maxLength: 100 },
    childBirthDate: { type: 'string', format: 'date', title: 'Ngày sinh' },
    childGender: { type: 'string', enum: ['Nam', 'Nữ'], title: 'Giới tính' },
  },
};

export type Office = Awaited<ReturnType<Factories['office']>>;

export class Factories {
  constructor(
    private readonly app: FastifyInstance,
    private readonly ctx: AppContext,
  ) {}

  anonymous(): Client {
    return new Client(this.app, null, null, null);
  }

  async agency(overrides: { code?: string; name?: string; level?: 'province' | 'commune' } = {}) {
    const code = overrides.code ?? `T${seq().toUpperCase()}.01`;
    const agency = await this.ctx.db
      .insertInto('agencies')
      .values({ code, name: overrides.name ?? `UBND phường Thử nghiệm ${code}`, level: overrides.level ?? 'commune', commune_code: null, address: null, phone: null, email: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    const unit = await this.ctx.db.insertInto('units').values({ agency_id: agency.id, name: 'Văn phòng HĐND và UBND' }).returningAll().executeTakeFirstOrThrow();
    return { ...agency, unitId: unit.id };
  }

  async user(role: Role, agencyId: string | null = null, overrides: { email?: string; fullName?: string; disabled?: boolean; unitId?: string | null } = {}): Promise<TestUser> {
    passwordHash ??= hashPassword(PASSWORD);
    const email = overrides.email ?? `${role}-${seq()}@example.vn`;
    const fullName = overrides.fullName ?? (role === 'citizen' ? 'Nguyễn Thị Hương' : `Cán bộ ${role}`);
    const row = await this.ctx.db
      .insertInto('users')
      .values({ email, full_name: fullName, role, agency_id: agencyId, unit_id: overrides.unitId ?? null, password_hash: await passwordHash, disabled: overrides.disabled ?? false, phone: null, address: null })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return { id: row.id, email, role, agencyId, fullName };
  }

  async login(user: TestUser): Promise<Client> {
    const ip = randomIp();
    const res = await this.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD }, remoteAddress: ip });
    if (res.statusCode !== 200) throw new Error(`login failed for ${user.email}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return new Client(this.app, user, cookie, JSON.parse(res.body).csrfToken, ip);
  }

  /**
   * A client with a session made exactly as sign-in makes it (createSession), without paying the
   * deliberate cost of an argon2 verification for every fixture; sign-in itself is tested through
   * the HTTP route (login() above, identity/auth.api.test.ts).
   */
  async session(user: TestUser): Promise<Client> {
    const { token, csrfToken } = await createSession(this.ctx.db, user.id);
    return new Client(this.app, user, `${SESSION_COOKIE}=${token}`, csrfToken);
  }

  async signedIn(role: Role, agencyId: string | null = null, overrides: Parameters<Factories['user']>[2] = {}): Promise<Client> {
    return this.session(await this.user(role, agencyId, overrides));
  }

  async procedure(
    agencyId: string,
    overrides: { name?: string; field?: string; onlineLevel?: 'full' | 'partial'; processingDays?: number; fee?: number; documents?: { name: string; required: boolean }[]; formSchema?: Record<string, unknown>; active?: boolean } = {},
  ) {
    const name = overrides.name ?? 'Đăng ký khai sinh';
    return this.ctx.db
      .insertInto('procedures')
      .values({
        code: `TT.${seq()}`,
        name,
        name_folded: foldVietnamese(name),
        field: overrides.field ?? 'Hộ tịch',
        agency_id: agencyId,
        unit_id: null,
        processing_days: overrides.processingDays ?? 3,
        fee: overrides.fee ?? 0,
        fee_note: null,
        online_level: overrides.onlineLevel ?? 'full',
        documents: JSON.stringify(overrides.documents ?? [{ name: 'Giấy chứng sinh', required: true }]),
        form_schema: JSON.stringify(overrides.formSchema ?? BIRTH_FORM_SCHEMA),
        active: overrides.active ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** A whole agency with one official of every role, signed in, and a procedure. */
  async office(opts: { processingDays?: number } = {}) {
    const agency = await this.agency();
    const procedure = await this.procedure(agency.id, { processingDays: opts.processingDays });
    const [desk, processor, approver] = await Promise.all([
      this.signedIn('desk', agency.id, { fullName: 'Lê Thị Mai' }),
      this.signedIn('processor', agency.id, { fullName: 'Phạm Minh Tuấn' }),
      this.signedIn('approver', agency.id, { fullName: 'Thạch Sô Phát' }),
    ]);
    return { agency, procedure, desk, processor, approver };
  }

  submission(procedureId: string, uploadIds: string[], overrides: Partial<{ formData: Record<string, unknown>; applicant: Record<string, unknown> }> = {}) {
    return {
      procedureId,
      formData: overrides.formData ?? { childFullName: 'Nguyễn Gia Bảo', childBirthDate: '2026-11-01', childGender: 'Nam' },
      applicant: overrides.applicant ?? { fullName: 'Nguyễn Thị Hương', email: 'huong@example.vn', phone: '0912345678', address: 'Phường Phú Lợi, Sóc Trăng' },
      attachments: uploadIds.map((uploadId) => ({ uploadId, label: 'Giấy chứng sinh' })),
    };
  }

  /**
   * A citizen's dossier brought through the API, the usual way, to `status`; returns its detail as
   * the last actor saw it. supplement_requested and stopped are reached from received.
   */
  async dossierAt(office: Office, citizen: Client, status: DossierStatus): Promise<any> {
    const { desk, processor, approver } = office;
    const d = await this.submitted(citizen, office.procedure.id);
    const step = async (client: Client, path: string, body: unknown = {}) => {
      const res = await client.post(`/api/v1/dossiers/${d.id}/${path}`, body);
      if (res.statusCode !== 200) throw new Error(`${path} failed: ${res.statusCode} ${res.body}`);
      return JSON.parse(res.body);
    };
    const path: Partial<Record<DossierStatus, () => Promise<any>>> = {
      submitted: async () => d,
      declined: () => step(desk, 'decline', { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết' }),
      withdrawn: () => step(citizen, 'withdraw', { reason: 'Tôi muốn nộp lại hồ sơ khác' }),
      received: () => step(desk, 'receive', {}),
      supplement_requested: async () => (await path.received!(), step(desk, 'supplement-requests', { items: ['Bản sao giấy chứng nhận kết hôn'] })),
      stopped: async () => (await path.received!(), step(approver, 'stop', { reason: 'Người nộp đề nghị dừng giải quyết' })),
      in_progress: async () => (await path.received!(), step(processor, 'assign', { assigneeId: processor.user!.id })),
      awaiting_approval: async () => (await path.in_progress!(), step(processor, 'forward', { note: 'Đề nghị phê duyệt' })),
      approved: async () => (await path.awaiting_approval!(), step(approver, 'approve', {})),
      refused: async () => (await path.awaiting_approval!(), step(approver, 'refuse', { reason: 'Không đủ điều kiện theo quy định' })),
      result_returned: async () => {
        await path.approved!();
        const uploadId = await desk.uploadId(PDF_BYTES, 'ket-qua.pdf');
        return step(desk, 'return-result', { attachments: [{ uploadId, label: 'Giấy khai sinh (bản chính)' }] });
      },
    };
    const go = path[status];
    if (!go) throw new Error(`dossierAt: no path to ${status}`);
    return go();
  }

  /** A citizen's dossier submitted through the API; returns the dossier body. */
  async submitted(citizen: Client, procedureId: string): Promise<any> {
    const uploadId = await citizen.uploadId();
    const res = await citizen.post('/api/v1/dossiers', this.submission(procedureId, [uploadId]), { 'idempotency-key': `k-${seq()}${seq()}` });
    if (res.statusCode !== 201) throw new Error(`submit failed: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body);
  }
}
