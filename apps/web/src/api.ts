// A small typed client for the Tỉnh Số API (/api/v1/*).
//
//   import { api, ApiError } from '../../api';
//   const page = await api.get<{ total: number; items: ProcedureSummary[] }>('/procedures', { q: 'khai sinh' });
//   await api.post<DossierDetail>(`/dossiers/${id}/withdraw`, { reason });
//
// - JSON in and out; query objects drop undefined/empty values.
// - The session is a cookie; the CSRF token (from login/register/GET /auth/me, kept by auth.tsx
//   through setCsrfToken) is sent as `x-csrf-token` on every POST/PUT/PATCH/DELETE.
// - Every failure throws ApiError with the server's code, key, Vietnamese message and per-field
//   details; network failures throw ApiError with code 'network' (message is an i18n key then).

export const API_BASE = '/api/v1';

export interface FieldIssue {
  /** The server's field path, e.g. "body/applicant/phone" or "formData/childFullName". */
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly key: string;
  readonly details: FieldIssue[];
  /** The raw `details` of the error body when it is not a list of field issues. */
  readonly rawDetails: unknown;

  constructor(status: number, code: string, key: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.key = key;
    this.rawDetails = details;
    this.details = Array.isArray(details)
      ? details
          .filter((d): d is { field?: unknown; message?: unknown } => typeof d === 'object' && d !== null)
          .map((d) => ({ field: typeof d.field === 'string' ? d.field : '', message: typeof d.message === 'string' ? d.message : '' }))
          .filter((d) => d.message !== '')
      : [];
  }

  /** True when the request never reached the server (offline, DNS, aborted connection). */
  get isNetwork(): boolean {
    return this.code === 'network';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Called by the auth context whenever it learns a new token (login, register, /auth/me) or loses it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** The auth context registers this to forget the user when the server says the session is gone. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api/') ? path : `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  const e = (body as { error?: { code?: unknown; key?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (e && typeof e.message === 'string') {
    return new ApiError(res.status, String(e.code ?? 'internal'), String(e.key ?? ''), e.message, e.details);
  }
  // Not our error shape (a proxy, a gateway): the UI shows a generic message for the status.
  return new ApiError(res.status, res.status >= 500 ? 'internal' : 'invalid', '', '');
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'network', '');
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>(path, { method: 'POST', body: body ?? {}, headers }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body: body ?? {} }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
};

export interface UploadResult {
  id: string;
  filename: string;
  mime: string;
  size: number;
}

/**
 * POST /api/v1/uploads (multipart, one field "file") with upload progress (0..1).
 * XMLHttpRequest because fetch has no upload progress.
 */
export function uploadFile(file: File, opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl('/uploads'));
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object') {
        opts.onProgress?.(1);
        resolve(body as UploadResult);
        return;
      }
      const e = (body as { error?: { code?: unknown; key?: unknown; message?: unknown; details?: unknown } } | null)?.error;
      if (xhr.status === 401) onUnauthenticated?.();
      if (e && typeof e.message === 'string') reject(new ApiError(xhr.status, String(e.code ?? 'internal'), String(e.key ?? ''), e.message, e.details));
      else reject(new ApiError(xhr.status, xhr.status === 413 ? 'too_large' : xhr.status === 415 ? 'unsupported_media' : 'internal', '', ''));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network', ''));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Groups an error's field details by a normalised dotted path:
 * "body/applicant/phone" → "applicant.phone", "formData/childFullName" → "formData.childFullName",
 * "body/email" → "email", "querystring/q" → "q".
 */
export function fieldErrors(err: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(err instanceof ApiError)) return out;
  for (const d of err.details) {
    const key = normaliseField(d.field);
    (out[key] ??= []).push(d.message);
  }
  return out;
}

export function normaliseField(field: string): string {
  return field
    .replace(/^(body|querystring|params|headers)(\/|$)/, '')
    .replace(/^\//, '')
    .split('/')
    .filter(Boolean)
    .join('.');
}
