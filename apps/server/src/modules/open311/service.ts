// Open311 GeoReport v2 on top of the feedback module: categories are services (service_code =
// category code), feedback reports are service requests (service_request_id = report code). This
// file only translates — names, statuses, dates, filters and errors — and checks the API key; the
// rules (routing, due dates, what is public) stay in modules/feedback/service.ts.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FEEDBACK_CLOSED_STATUSES, SubmitFeedbackInput, type FeedbackCategory, type PublicFeedbackReport } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import { DomainError, Invalid, NotFound, describeIssue } from '../../platform/errors.ts';
import { authenticateApiKey, type AuthenticatedClient } from '../apiclients/service.ts';
import * as org from '../org/service.ts';
import { parseW3cDateTime, w3cDateTime, type CreatedRequest, type Discovery, type Service, type ServiceDefinition, type ServiceRequest, type TokenAnswer } from './format.ts';
import { feedback } from './feedback-port.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** The spec's response volume: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
export const MAX_REQUESTS = 1000;
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 86400_000;
/** When this Open311 endpoint last changed (the discovery document's changeset). */
export const CHANGESET = '2026-11-27T00:00:00Z';

/** Query and body values: absent, empty and null are the same ("Optional Arguments" in the spec). */
type Params = Record<string, unknown>;
function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) throw Invalid('open311.invalidField', undefined, { field: name, message: 'chỉ được gửi một giá trị.' });
  if (typeof v === 'object') throw Invalid('open311.invalidField', undefined, { field: name, message: 'cần một giá trị văn bản.' });
  const s = String(v).trim();
  return s === '' ? undefined : s;
}
/** A comma-delimited argument; the spec also lets it be "declared multiple times" (?status=open&status=closed). */
function commaList(p: Params, name: string): string[] {
  const v = p[name];
  const parts = (Array.isArray(v) ? v : [v]).map((x) => {
    if (x === undefined || x === null) return '';
    if (typeof x === 'object') throw Invalid('open311.invalidField', undefined, { field: name, message: 'cần một giá trị văn bản.' });
    return String(x);
  });
  return [...new Set(parts.join(',').split(',').map((x) => x.trim()).filter(Boolean))];
}

/** jurisdiction_id is optional (one jurisdiction), but a different one is "not found", as the spec says. */
export function checkJurisdiction(ctx: AppContext, p: Params) {
  const id = str(p, 'jurisdiction_id');
  const expected = ctx.config.open311.jurisdictionId;
  if (id !== undefined && id.toLowerCase() !== expected.toLowerCase()) throw new DomainError('not_found', 'open311.jurisdictionNotFound', undefined, { id, expected });
}

// ---------------------------------------------------------------- services

export function toService(c: FeedbackCategory): Service {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    // Our categories ask for nothing beyond the report itself: no service definition is needed.
    metadata: false,
    // The report code is returned at once (no token round trip).
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: c.group,
  };
}

export async function listServices(ctx: AppContext, p: Params): Promise<Service[]> {
  checkJurisdiction(ctx, p);
  return (await feedback.listCategories(ctx)).filter((c) => c.active).map(toService);
}

export async function serviceDefinition(ctx: AppContext, code: string, p: Params): Promise<ServiceDefinition> {
  checkJurisdiction(ctx, p);
  const c = await feedback.getCategory(ctx, code);
  if (!c || !c.active) throw new DomainError('not_found', 'open311.serviceNotFound', undefined, { code });
  return { service_code: c.code, attributes: [] };
}

// ---------------------------------------------------------------- requests

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function toServiceRequest(ctx: AppContext, r: PublicFeedbackReport): ServiceRequest {
  const closed = FEEDBACK_CLOSED_STATUSES.includes(r.status);
  const photo = r.photos.find((ph) => ph.kind === 'report') ?? r.photos[0];
  return {
    service_request_id: r.code,
    status: closed ? 'closed' : 'open',
    // The status in words; once handled, the agency's public response.
    status_notes: r.response ? `${r.statusLabel}: ${r.response}` : r.statusLabel,
    service_name: r.categoryName,
    service_code: r.categoryCode,
    description: r.description,
    agency_responsible: r.agencyName,
    service_notice: !closed && r.dueDate ? `Hạn xử lý: ${dmy(r.dueDate)}.` : null,
    requested_datetime: w3cDateTime(r.submittedAt),
    updated_datetime: w3cDateTime(r.closedAt ?? r.updatedAt),
    // The due date is a working day; the office closes at 17:00.
    expected_datetime: r.dueDate ? `${r.dueDate}T17:00:00+07:00` : null,
    address: r.address ? `${r.address}, ${r.communeName}` : r.description === null ? null : r.communeName,
    // address_id is the commune code (mã đơn vị hành chính), the ids a client may send back in POST.
    address_id: r.description === null ? null : r.communeCode,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: photo && r.description !== null ? `${ctx.config.publicBaseUrl}${photo.url}` : null,
  };
}

export interface RequestFilter {
  codes: string[];
  categories: string[];
  /** Open311 status: open, closed or both (empty). */
  statuses: ('open' | 'closed')[];
  from: Date;
  to: Date;
  limit: number;
}

/** The GET requests arguments, checked as the spec describes them; throws 400s in Vietnamese. */
export function parseRequestFilter(ctx: AppContext, p: Params): RequestFilter {
  checkJurisdiction(ctx, p);
  const codes = commaList(p, 'service_request_id');
  if (codes.length > MAX_REQUESTS) throw Invalid('open311.tooManyIds', undefined, { limit: MAX_REQUESTS });
  const categories = commaList(p, 'service_code');
  const statuses = commaList(p, 'status').map((x) => x.toLowerCase());
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw Invalid('open311.badStatus');
  const date = (name: string) => {
    const raw = str(p, name);
    if (raw === undefined) return undefined;
    const d = parseW3cDateTime(raw);
    if (!d) throw Invalid('open311.badDate', undefined, { field: name });
    return d;
  };
  const start = date('start_date');
  const end = date('end_date');
  const now = ctx.now();
  // "When not specified, the range defaults to most recent 90 days"; one bound given, 90 days from it.
  const to = end ?? (start ? new Date(Math.min(start.getTime() + MAX_SPAN_DAYS * DAY_MS, Math.max(now.getTime(), start.getTime()))) : now);
  const from = start ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY_MS);
  if (from.getTime() > to.getTime() || to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) throw Invalid('open311.dateRange');
  return { codes, categories, statuses: statuses as RequestFilter['statuses'], from, to, limit: MAX_REQUESTS };
}

/**
 * GET requests: published reports only. A list of service_request_id overrides every other
 * argument (the spec's rule); unknown or unpublished codes are simply absent from the answer.
 */
export async function listRequests(ctx: AppContext, p: Params): Promise<ServiceRequest[]> {
  const filter = parseRequestFilter(ctx, p);
  const reports = await feedback.listPublished(ctx, filter.codes.length ? { codes: filter.codes, limit: filter.limit } : filter);
  return reports.map((r) => toServiceRequest(ctx, r));
}

/**
 * GET requests/{id}: any report by its code, as public tracking shows it. An unpublished report
 * (every new one, until a moderator publishes it) answers with its status, service, agency and
 * dates, and with description, address, location and media empty: codes are sequential, so the
 * content waits for moderation. That is also all a POSTing client reads back of its own report.
 */
export async function getRequest(ctx: AppContext, id: string, p: Params): Promise<ServiceRequest[]> {
  checkJurisdiction(ctx, p);
  const r = await feedback.getPublicReport(ctx, id);
  if (!r || r.code !== id.trim().toUpperCase()) throw new DomainError('not_found', 'open311.requestNotFound', undefined, { id });
  return [toServiceRequest(ctx, r)];
}

/**
 * GET tokens/{token}. Our services are realtime, so POST answers with the service_request_id and
 * never needs a token; for clients that ask anyway, the token is the report's internal id (the
 * uuid), and the answer gives its service_request_id.
 */
export async function getToken(ctx: AppContext, token: string, p: Params): Promise<TokenAnswer[]> {
  checkJurisdiction(ctx, p);
  const r = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token) ? await feedback.getPublicReport(ctx, token.toLowerCase()) : undefined;
  if (!r || r.id !== token.toLowerCase()) throw new DomainError('not_found', 'open311.tokenNotFound', undefined, { token });
  return [{ service_request_id: r.code, token }];
}

// ---------------------------------------------------------------- POST requests

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSubmission = ajv.compile(SubmitFeedbackInput);

/** Our input field → the Open311 argument the client sent, for error messages in the client's terms. */
const OPEN311_FIELD: Record<string, string> = {
  '/categoryCode': 'service_code',
  '/description': 'description',
  '/location/lat': 'lat',
  '/location/lon': 'long',
  '/location': 'lat, long',
  '/communeCode': 'address_id',
  '/address': 'address_string',
  '/reporter/email': 'email',
  '/reporter/phone': 'phone',
  '/reporter/fullName': 'first_name, last_name',
};

function numberOrNull(p: Params, name: string): number | null | 'bad' {
  const s = str(p, name);
  if (s === undefined) return null;
  const n = Number(s);
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) && Number.isFinite(n) ? n : 'bad';
}

/** Translates the Open311 arguments into a feedback submission; 400s name the Open311 fields. */
/** Vietnamese phone numbers, as the web form takes them (contracts: SubmitFeedbackInput). */
const VIETNAMESE_PHONE = /^(\+84|0)[0-9]{9,10}$/;

/**
 * The Open311 request as our submission. `phoneDropped`: the client sent a phone number that is not
 * Vietnamese (the spec's own example has `111111111`); an existing client must not lose its report
 * over an optional contact field, so the number is left out and the answer's notice says so.
 */
export async function toSubmission(ctx: AppContext, p: Params): Promise<{ input: SubmitFeedbackInput; phoneDropped: boolean }> {
  const serviceCode = str(p, 'service_code');
  if (!serviceCode) throw Invalid('open311.serviceCodeRequired');
  const lat = numberOrNull(p, 'lat');
  const lon = numberOrNull(p, 'long');
  if (lat === 'bad' || lon === 'bad' || (lat === null) !== (lon === null) || (lat !== null && Math.abs(lat) > 90) || (lon !== null && Math.abs(lon as number) > 180)) {
    throw Invalid('open311.latLongPair');
  }
  const addressString = str(p, 'address_string');
  const addressId = str(p, 'address_id');
  if (lat === null && !addressString && !addressId) throw Invalid('open311.locationRequired');
  if (addressId) {
    const communes = await org.listCommunes(ctx.db);
    if (!communes.some((c) => c.code === addressId)) throw Invalid('open311.addressIdUnknown', undefined, { id: addressId });
  } else if (lat === null) {
    // Only words: nothing places the report in a commune, and the routing rules need one.
    throw Invalid('open311.locationRequired');
  }
  const fullName = [str(p, 'last_name'), str(p, 'first_name')].filter(Boolean).join(' ');
  const sentPhone = str(p, 'phone')?.replace(/[\s.()-]/g, '');
  const phoneDropped = !!sentPhone && !VIETNAMESE_PHONE.test(sentPhone);
  const phone = phoneDropped ? undefined : sentPhone;
  const email = str(p, 'email');
  const reporter = { ...(fullName ? { fullName } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
  const input: SubmitFeedbackInput = {
    categoryCode: serviceCode,
    description: str(p, 'description') ?? '',
    ...(lat !== null ? { location: { lat, lon: lon as number } } : {}),
    ...(addressId ? { communeCode: addressId } : {}),
    ...(addressString ? { address: addressString } : {}),
    ...(Object.keys(reporter).length ? { reporter } : {}),
  };
  if (!validateSubmission(input)) {
    const issues = (validateSubmission.errors ?? []).map((e) => {
      const path = e.keyword === 'required' ? `${e.instancePath}/${String((e.params as { missingProperty?: string }).missingProperty)}` : e.instancePath;
      const field = OPEN311_FIELD[path] ?? (path.replace(/^\//, '') || 'service_code');
      return { field, message: describeIssue(e).message };
    });
    throw Invalid('open311.invalidField', issues, { field: issues[0]!.field, message: issues[0]!.message });
  }
  return { input, phoneDropped };
}

export async function createRequest(ctx: AppContext, client: AuthenticatedClient, p: Params): Promise<CreatedRequest[]> {
  checkJurisdiction(ctx, p);
  const category = str(p, 'service_code');
  if (category) {
    const c = await feedback.getCategory(ctx, category);
    // The spec: 404 when the service_code is not found.
    if (!c || !c.active) throw new DomainError('not_found', 'open311.serviceNotFound', undefined, { code: category });
  }
  const { input, phoneDropped } = await toSubmission(ctx, p);
  // The feedback service records the client's id on the report and in its audit entry
  // (feedback.submit, in the same transaction): every write of an API client is on record.
  const created = await feedback.submitOpen311(ctx, input, client.id);
  const accountId = str(p, 'account_id') ?? null;
  const notice = [
    `Phản ánh ${created.code} đã được tiếp nhận`,
    created.agencyName ? ` và chuyển đến ${created.agencyName}` : '',
    created.dueDate ? `; hạn xử lý ${dmy(created.dueDate)}` : '',
    '. Nội dung được công khai sau khi kiểm duyệt.',
    phoneDropped ? ' Số điện thoại gửi kèm không phải số điện thoại Việt Nam nên không được lưu.' : '',
  ].join('');
  return [{ service_request_id: created.code, service_notice: notice, account_id: accountId }];
}

/** The API key of a POST, from the body (the spec's form field) or the query string. */
export async function clientOf(ctx: AppContext, body: Params, query: Params): Promise<AuthenticatedClient> {
  const key = str(body, 'api_key') ?? str(query, 'api_key');
  return authenticateApiKey(ctx.db, key, 'open311:write');
}

// ---------------------------------------------------------------- discovery

export function discovery(ctx: AppContext): Discovery {
  return {
    changeset: CHANGESET,
    contact: `Tỉnh Số — Cổng phản ánh, kiến nghị (${ctx.config.open311.jurisdictionId}). Liên hệ quản trị viên hệ thống để được hỗ trợ hoặc báo lỗi.`,
    key_service: 'Đọc dữ liệu không cần khóa. Để gửi phản ánh (POST requests), đề nghị quản trị viên hệ thống cấp khóa API (api_key) có quyền open311:write.',
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${ctx.config.publicBaseUrl}/open311/v2`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
