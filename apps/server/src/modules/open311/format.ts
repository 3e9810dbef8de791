// Open311 GeoReport v2 output: the spec's element names and nesting, in XML (required by the spec)
// and JSON (the "Spark convention" mapping of the same XML: a list element becomes an array, the
// root of a list disappears). Built from plain objects by fast-xml-parser's XMLBuilder, never by
// string concatenation. Spec: https://wiki.open311.org/GeoReport_v2 and /Service_Discovery.
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];

export const CONTENT_TYPE: Record<Format, string> = {
  // The spec's own headers ("XML: Content-Type: text/xml; charset=utf-8").
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function parseFormat(ext: string | undefined): Format | null {
  return ext === 'json' || ext === 'xml' ? ext : null;
}

/** Splits `"PA-261127-0001.json"` into the id and the format extension (the last dot separates them). */
export function splitExtension(file: string): { id: string; ext: string } {
  const dot = file.lastIndexOf('.');
  return dot <= 0 ? { id: file, ext: '' } : { id: file.slice(0, dot), ext: file.slice(dot + 1) };
}

// ---------------------------------------------------------------- the spec's resources

type Scalar = string | number | boolean | null;

/** GET services: one service (request type). */
export interface Service {
  service_code: string | number;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface AttributeValue {
  key: string | number;
  name: string;
}

export interface Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: AttributeValue[];
}

/** GET services/{service_code}: the service definition. */
export interface ServiceDefinition {
  service_code: string | number;
  attributes: Attribute[];
}

/** GET requests, GET requests/{id}: one service request, every field of the spec in its order. */
export interface ServiceRequest {
  service_request_id: string | number;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string | number;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | number | null;
  zipcode: string | number | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** POST requests: the answer, with service_request_id (type realtime) or token (type batch). */
export type CreatedRequest =
  | { service_request_id: string | number; service_notice: string | null; account_id: string | number | null }
  | { token: string | number; service_notice: string | null; account_id: string | number | null };

/** GET tokens/{token}. */
export interface TokenAnswer {
  service_request_id: string | number | null;
  token: string | number;
}

export interface Error311 {
  code: number;
  description: string;
}

export interface DiscoveryEndpoint {
  specification: string;
  url: string;
  changeset: string;
  type: 'production' | 'test';
  formats: string[];
}

/** GET discovery: the Service Discovery document. */
export interface Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: DiscoveryEndpoint[];
}

export type Resource =
  | { kind: 'services'; data: Service[] }
  | { kind: 'service_definition'; data: ServiceDefinition }
  | { kind: 'service_requests'; data: ServiceRequest[] }
  | { kind: 'created'; data: CreatedRequest[] }
  | { kind: 'tokens'; data: TokenAnswer[] }
  | { kind: 'errors'; data: Error311[] }
  | { kind: 'discovery'; data: Discovery };

// ---------------------------------------------------------------- values

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone
 * surrogates). A report's text may contain them (JSON allows them); the XML answer must still parse.
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlValue(v: Scalar): string {
  if (v === null) return '';
  if (typeof v === 'string') return v.replace(NOT_XML_CHAR, '');
  return String(v);
}

/** Scalars to XML text; null becomes an empty element (`<account_id/>`), as in the spec's examples. */
function xmlFields(obj: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = xmlValue(v as Scalar);
  return out;
}

/** A list element: `{ wrapper: { item: [...] } }`, or an empty `<wrapper/>` when the list is empty. */
const list = <T>(item: string, items: T[]) => (items.length ? { [item]: items } : '');

function xmlTree(r: Resource): Record<string, unknown> {
  switch (r.kind) {
    case 'services':
      return { services: list('service', r.data.map(xmlFields)) };
    case 'service_definition':
      return {
        service_definition: {
          service_code: xmlValue(r.data.service_code),
          attributes: list(
            'attribute',
            r.data.attributes.map(({ values, ...a }) => ({ ...xmlFields(a), values: list('value', values.map(xmlFields)) })),
          ),
        },
      };
    case 'service_requests':
    case 'created':
    case 'tokens':
      return { service_requests: list('request', (r.data as object[]).map(xmlFields)) };
    case 'errors':
      return { errors: list('error', r.data.map(xmlFields)) };
    case 'discovery': {
      const { endpoints, ...head } = r.data;
      return {
        discovery: {
          ...xmlFields(head),
          endpoints: list(
            'endpoint',
            endpoints.map(({ formats, ...e }) => ({ ...xmlFields(e), formats: list('format', formats.map(xmlValue)) })),
          ),
        },
      };
    }
  }
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

/** The XML document: declaration with encoding (the spec requires it), then the resource. */
export function toXml(r: Resource): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, ...xmlTree(r) });
}

/** The JSON document (Spark convention: lists are arrays, a definition or discovery is an object). */
export function toJson(r: Resource): string {
  return JSON.stringify(r.data);
}

export function serialize(r: Resource, format: Format): { body: string; contentType: string } {
  return { body: format === 'xml' ? toXml(r) : toJson(r), contentType: CONTENT_TYPE[format] };
}

// ---------------------------------------------------------------- dates

const VN_OFFSET_MS = 7 * 3600_000;

/**
 * A W3C datetime (ISO 8601 subset) in Vietnam's time with its offset, e.g. 2026-11-27T09:30:00+07:00.
 * Asia/Ho_Chi_Minh has had no daylight saving since 1975, so the offset is fixed.
 */
export function w3cDateTime(d: Date | string): string {
  const t = new Date(d).getTime();
  return `${new Date(t + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/**
 * Parses a w3 datetime as the spec asks for start_date and end_date: a date-time with Z or an
 * offset, or (leniently, as clients send it) a bare date, read as midnight in Vietnam.
 * Null when it is not one.
 */
export function parseW3cDateTime(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', fraction = '', zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${fraction.slice(0, 4)}${zone ?? '+07:00'}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  // Reject dates that roll over (2026-02-31): the calendar date must survive the round trip.
  const local = zone === undefined || zone === 'Z' ? null : zone;
  const offsetMs = local ? (local.startsWith('-') ? -1 : 1) * (Number(local.slice(1, 3)) * 60 + Number(local.slice(4, 6))) * 60_000 : zone === 'Z' ? 0 : VN_OFFSET_MS;
  if (new Date(t + offsetMs).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return new Date(t);
}
