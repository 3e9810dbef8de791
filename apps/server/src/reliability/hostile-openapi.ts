// Inputs generated from the server's own OpenAPI document (GET /api/docs/json): for each operation,
// fast-check arbitraries for a body, query and path that satisfy its JSON Schemas, then mutations
// that break them (missing and extra fields, wrong types, hostile and huge strings, deep nesting,
// malformed JSON, wrong content types). An Ajv with Fastify's own options is the oracle that says
// whether a mutated input is still valid, so "2xx only for valid input" can be checked.
import fc from 'fast-check';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ALL_TEXT_PAYLOADS, UNSTORABLE_PAYLOADS, hasLoneSurrogate, deepJsonText, deepValue, hostileText, hugeString, SQL_PAYLOADS, SCRIPT_PAYLOADS, TRAVERSAL_PAYLOADS, VIETNAMESE, nfd } from './hostile-payloads.ts';

export type JsonSchema = Record<string, any>;
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: Method;
  /** OpenAPI path, e.g. /api/v1/dossiers/{id}/receive */
  path: string;
  params: Param[];
  body?: JsonSchema;
  /** Whether the 200 answer is JSON (not a PDF or a file). */
  jsonResponse: boolean;
}

export function operations(doc: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const m of ['get', 'post', 'put', 'delete'] as const) {
      const op = item[m];
      if (!op) continue;
      const ok = op.responses?.['200'] ?? op.responses?.['201'];
      out.push({
        method: m.toUpperCase() as Method,
        path,
        params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
        jsonResponse: !Object.values<any>(ok?.content ?? {}).some((c) => c.schema?.format === 'binary'),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- valid values from a schema

export type Path = (string | number)[];
/** Replaces the generic arbitrary at a place in the input (e.g. a real procedure id for `procedureId`). */
export type Hints = (path: Path, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText(0, 80) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileText(0, 30), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText(1, 20), hostileText(0, 30), { maxKeys: 3 }) },
);

const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('hoTen', 'ngàySinh', 'địaChỉ', 'ghi chú', 'số CCCD', 'a.b', '$where', '$gt', 'constructor', 'toString', 'length', '0', '') },
  { weight: 1, arbitrary: hostileText(0, 30) },
);

export function valueFor(schema: JsonSchema, hints: Hints, path: Path = []): fc.Arbitrary<unknown> {
  const hinted = hints(path, schema);
  if (hinted) return hinted;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) return fc.oneof(...union.map((s: JsonSchema) => valueFor(s, hints, path)));
  switch (schema.type) {
    case 'object': {
      const props: Record<string, JsonSchema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      if (Object.keys(props).length === 0) {
        // A free-form record (form data, a form's JSON Schema).
        return schema.additionalProperties === false ? fc.constant({}) : fc.dictionary(hostileKey, anyJson, { maxKeys: 5 });
      }
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = valueFor(s, hints, [...path, k]);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) as never[] });
    }
    case 'array': {
      const max = Math.min(schema.maxItems ?? 4, 4);
      const min = Math.min(schema.minItems ?? 0, max);
      return fc.array(valueFor(schema.items ?? {}, hints, [...path, 0]), { minLength: min, maxLength: max });
    }
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return anyJson;
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 300;
  const fits = (s: string) => [...s].length >= min && [...s].length <= max;
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.oneof(fc.emailAddress(), fc.constantFrom('nguyen.van.a@example.vn', 'ho.so+tinh.so@gmail.com', "o'brien@example.vn")).map((e) => (fits(e) ? e : 'x@example.vn'));
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).map((s) => (fits(s) ? s : s.slice(0, max)));
  return hostileText(min, max);
}

// ---------------------------------------------------------------- mutations

export type BodyMutation =
  | 'valid'
  | 'drop-required'
  | 'extra-field'
  | 'wrong-type'
  | 'hostile-string'
  | 'boundary-number'
  | 'huge-string'
  | 'deep-nesting'
  | 'malformed-json'
  | 'content-type'
  | 'no-csrf';

export interface BodyCase {
  mutation: BodyMutation;
  detail: string;
  /** The body as a value (sent as JSON) — or, for the raw mutations, the exact bytes and type. */
  value?: unknown;
  raw?: string | Buffer;
  contentType: string;
  csrf: boolean;
}

interface Node {
  path: Path;
  value: unknown;
  schema: JsonSchema | undefined;
}

/** Every node of a value with the schema that describes it (when known). */
function nodes(value: unknown, schema: JsonSchema | undefined): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [{ path: [], value, schema }];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    if (Array.isArray(n.value)) n.value.forEach((v, i) => stack.push({ path: [...n.path, i], value: v, schema: n.schema?.items }));
    else if (n.value && typeof n.value === 'object')
      for (const [k, v] of Object.entries(n.value)) stack.push({ path: [...n.path, k], value: v, schema: n.schema?.properties?.[k] ?? (typeof n.schema?.additionalProperties === 'object' ? n.schema.additionalProperties : undefined) });
  }
  return out;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function setAt(root: unknown, path: Path, v: unknown): unknown {
  if (path.length === 0) return v;
  let cur: any = root;
  for (const p of path.slice(0, -1)) cur = cur[p];
  cur[path.at(-1)!] = v;
  return root;
}

const WRONG_TYPES: unknown[] = [42, -1.5, 0, true, false, null, [], {}, 'chuỗi', ['mảng'], { khóa: 'giá trị' }, 1e308, 9007199254740993, '1', 'true', ''];
const BOUNDARY_NUMBERS: unknown[] = [-1, 0.5, 1e20, -1e20, 2 ** 31, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 1e-300, -0, '12abc', '1e3', ' 7 '];

/** Text edits that make JSON invalid (or, sometimes, a different valid JSON). */
function malformed(text: string, pick: number): { raw: string | Buffer; detail: string } {
  const at = text.length ? pick % text.length : 0;
  const variants: [string, () => string | Buffer][] = [
    ['truncated', () => text.slice(0, at)],
    ['stray brace', () => `${text.slice(0, at)}{${text.slice(at)}`],
    ['stray quote', () => `${text.slice(0, at)}"${text.slice(at)}`],
    ['raw control char in a string', () => text.replace(/"([^"]*)"/, '"$1\u0001\u001f"')],
    ['trailing comma', () => text.replace(/}$/, ',}')],
    ['two documents', () => `${text}${text}`],
    ['single quotes', () => text.replaceAll('"', "'")],
    ['comments', () => `/* ghi chú */${text}// hết`],
    ['BOM', () => `\ufeff${text}`],
    ['__proto__', () => text.replace(/^\{/, '{"__proto__":{"role":"admin","isAdmin":true},')],
    ['constructor.prototype', () => text.replace(/^\{/, '{"constructor":{"prototype":{"role":"admin"}},')],
    ['duplicate key', () => text.replace(/^\{("[^"]+"):/, '{$1:"trùng lặp",$1:')],
    ['NaN literal', () => text.replace(/:\s*(\d+|"[^"]*")/, ':NaN')],
    ['1e999 (infinite number)', () => text.replace(/:\s*(\d+|"[^"]*")/, ':1e999')],
    ['huge integer literal', () => text.replace(/:\s*(\d+|"[^"]*")/, `:${'9'.repeat(400)}`)],
    ['escaped NUL', () => text.replace(/"([^"]*)"\s*}/, '"$1\\u0000"}')],
    ['escaped lone surrogate', () => text.replace(/"([^"]*)"\s*}/, '"$1\\ud800"}')],
    ['invalid UTF-8 bytes', () => Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(text.slice(at))])],
    ['UTF-16 encoded', () => Buffer.from(text, 'utf16le')],
    ['empty', () => ''],
    ['whitespace only', () => ' \n\t '],
    ['null', () => 'null'],
    ['a string', () => '"Nguyễn Văn A"'],
    ['an array', () => `[${text}]`],
    ['a number', () => '123'],
    ['deep arrays (10000)', () => deepJsonText(10_000, 'array')],
    ['deep objects (5000)', () => deepJsonText(5_000, 'object')],
  ];
  const [detail, make] = variants[pick % variants.length]!;
  return { raw: make(), detail };
}

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/jsonx',
  'application/vnd.api+json',
  'text/html; charset=utf-8',
  '',
];

/** One body case: a valid value from the schema, then (mostly) one mutation of it. */
export function bodyCase(schema: JsonSchema, hints: Hints): fc.Arbitrary<BodyCase> {
  const kinds = fc.oneof(
    { weight: 4, arbitrary: fc.constant<BodyMutation>('valid') },
    { weight: 2, arbitrary: fc.constant<BodyMutation>('drop-required') },
    { weight: 2, arbitrary: fc.constant<BodyMutation>('extra-field') },
    { weight: 3, arbitrary: fc.constant<BodyMutation>('wrong-type') },
    { weight: 3, arbitrary: fc.constant<BodyMutation>('hostile-string') },
    { weight: 1, arbitrary: fc.constant<BodyMutation>('boundary-number') },
    { weight: 1, arbitrary: fc.constant<BodyMutation>('huge-string') },
    { weight: 1, arbitrary: fc.constant<BodyMutation>('deep-nesting') },
    { weight: 3, arbitrary: fc.constant<BodyMutation>('malformed-json') },
    { weight: 1, arbitrary: fc.constant<BodyMutation>('content-type') },
    { weight: 1, arbitrary: fc.constant<BodyMutation>('no-csrf') },
  );
  return fc
    .tuple(valueFor(schema, hints), kinds, fc.nat(), fc.nat(), fc.constantFrom(...ALL_TEXT_PAYLOADS))
    .map(([valid, mutation, pick, pick2, text]) => mutate(clone(valid), schema, mutation, pick, pick2, text));
}

function mutate(value: unknown, schema: JsonSchema, mutation: BodyMutation, pick: number, pick2: number, text: string): BodyCase {
  const json = 'application/json';
  const base = { contentType: json, csrf: true };
  const all = nodes(value, schema);
  const choose = <T>(xs: T[]): T | undefined => (xs.length ? xs[pick % xs.length] : undefined);
  switch (mutation) {
    case 'valid':
      return { ...base, mutation, detail: 'as generated', value };
    case 'drop-required': {
      const withRequired = all.filter((n) => n.value && typeof n.value === 'object' && !Array.isArray(n.value) && (n.schema?.required ?? []).length > 0);
      const n = choose(withRequired);
      if (!n) return { ...base, mutation, detail: 'nothing required: sent {}', value: {} };
      const req: string[] = n.schema!.required;
      const key = req[pick2 % req.length]!;
      delete (n.value as Record<string, unknown>)[key];
      return { ...base, mutation, detail: `without ${[...n.path, key].join('.')}`, value };
    }
    case 'extra-field': {
      const objects = all.filter((n) => n.value && typeof n.value === 'object' && !Array.isArray(n.value));
      const n = choose(objects);
      const key = ['role', 'isAdmin', 'status', 'applicantId', 'agency_id', '$where', 'trạngThái', 'id', 'constructor'][pick2 % 9]!;
      if (!n) return { ...base, mutation, detail: 'extra field on a non-object: sent as is', value };
      (n.value as Record<string, unknown>)[key] = pick2 % 2 ? 'admin' : { $ne: null };
      return { ...base, mutation, detail: `extra ${[...n.path, key].join('.')}`, value };
    }
    case 'wrong-type': {
      const n = choose(all)!;
      const wrong = WRONG_TYPES[pick2 % WRONG_TYPES.length];
      return { ...base, mutation, detail: `${n.path.join('.') || '(root)'} = ${JSON.stringify(wrong)}`, value: setAt(value, n.path, clone(wrong)) };
    }
    case 'hostile-string': {
      const strings = all.filter((n) => typeof n.value === 'string');
      const n = choose(strings) ?? choose(all)!;
      const variant = [text, nfd(text), `${text}${text}`, text.toUpperCase()][pick2 % 4]!;
      return { ...base, mutation, detail: `${n.path.join('.') || '(root)'} = ${JSON.stringify(variant).slice(0, 80)}`, value: setAt(value, n.path, variant) };
    }
    case 'boundary-number': {
      const numbers = all.filter((n) => typeof n.value === 'number' || n.schema?.type === 'integer' || n.schema?.type === 'number');
      const n = choose(numbers) ?? choose(all)!;
      const v = BOUNDARY_NUMBERS[pick2 % BOUNDARY_NUMBERS.length];
      return { ...base, mutation, detail: `${n.path.join('.') || '(root)'} = ${String(v)}`, value: setAt(value, n.path, v) };
    }
    case 'huge-string': {
      const strings = all.filter((n) => typeof n.value === 'string');
      const n = choose(strings) ?? choose(all)!;
      // Inside the 1 MB body limit (a schema or a rule must refuse it) or over it (413).
      const size = [120_000, 600_000, 1_100_000][pick2 % 3]!;
      return { ...base, mutation, detail: `${n.path.join('.') || '(root)'} = ${size} bytes`, value: setAt(value, n.path, hugeString(size, pick2 % 2 === 0)) };
    }
    case 'deep-nesting': {
      const n = choose(all)!;
      const depth = [65, 100, 500][pick2 % 3]!;
      return { ...base, mutation, detail: `${n.path.join('.') || '(root)'} nested ${depth} deep`, value: setAt(value, n.path, deepValue(depth)) };
    }
    case 'malformed-json': {
      const { raw, detail } = malformed(JSON.stringify(value) ?? '', pick2 + pick);
      return { ...base, mutation, detail, raw };
    }
    case 'content-type': {
      const ct = CONTENT_TYPES[pick2 % CONTENT_TYPES.length]!;
      return { mutation, detail: `content-type "${ct}"`, raw: JSON.stringify(value) ?? '', contentType: ct, csrf: true };
    }
    case 'no-csrf':
      return { ...base, mutation, detail: 'without the x-csrf-token header', value, csrf: false };
  }
}

// ---------------------------------------------------------------- query and path parameters

export type ParamMutation = 'valid' | 'wrong-type' | 'out-of-range' | 'hostile-string' | 'repeated' | 'unknown-param' | 'huge' | 'bad-encoding' | 'missing-required';

export interface ParamCase {
  mutation: ParamMutation;
  detail: string;
  /** Decoded values by parameter name (what the route should see), undefined when left out. */
  values: Record<string, unknown>;
  /** The URL's query string, already encoded (may be deliberately malformed). */
  query: string;
  /** Encoded path segments by name. */
  pathSegments: Record<string, string>;
  /** False when the case cannot be judged by the schema (raw encodings): any answer below 500 is fine. */
  judgeable: boolean;
}

const enc = (v: unknown) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
const encSafe = (v: unknown) => {
  try {
    return enc(v);
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8: send the raw (invalid) escape instead.
    return '%ED%A0%80';
  }
};

function encodeQuery(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${enc(k)}=${encSafe(x)}`) : [`${enc(k)}=${encSafe(v)}`]))
    .join('&');
}

/** Values as Fastify's query parser hands them to Ajv: strings, or arrays of strings when repeated. */
function asQueryStrings(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

const BAD_ENCODINGS = ['%E0%A4%A', '%ZZ', '%', '%%', '%C0%AF', '%ED%A0%80', '%00', '%FF%FE', '%2', 'a%20%'];
const HUGE_PARAM = () => hugeString(30_000, false);

/** One case for the path and query parameters of an operation. */
export function paramCase(params: Param[], hints: Hints, opts: { validWeight?: number } = {}): fc.Arbitrary<ParamCase> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of params.filter((x) => x.in !== 'header')) {
    const hinted = valueFor(p.schema, hints, [`${p.in}:${p.name}`]);
    model[p.name] = p.required ? hinted : fc.option(hinted, { nil: undefined, freq: 2 });
  }
  const kinds = fc.oneof(
    { weight: opts.validWeight ?? 3, arbitrary: fc.constant<ParamMutation>('valid') },
    { weight: 9, arbitrary: fc.constantFrom<ParamMutation>('wrong-type', 'out-of-range', 'hostile-string', 'hostile-string', 'repeated', 'unknown-param', 'huge', 'bad-encoding', 'missing-required') },
  );
  return fc
    .tuple(fc.record(model), kinds, fc.nat(), fc.constantFrom(...ALL_TEXT_PAYLOADS, ...TRAVERSAL_PAYLOADS, ...SQL_PAYLOADS))
    .map(([generated, mutation, pick, text]) => {
      const values: Record<string, unknown> = { ...generated };
      const names = params.filter((p) => p.in !== 'header').map((p) => p.name);
      const target = names.length ? names[pick % names.length]! : undefined;
      const targetParam = params.find((p) => p.name === target);
      let detail = 'as generated';
      let judgeable = true;
      let rawQuery: string | undefined;
      const rawPath: Record<string, string> = {};
      switch (mutation) {
        case 'valid':
          break;
        case 'wrong-type': {
          const wrong = ['abc', '1.5', '', '-', '0x10', ' 7 ', '١٢', 'null', '[]', '{}', 'true', 'NaN', 'Infinity'][pick % 13]!;
          if (target) values[target] = wrong;
          detail = `${target} = ${JSON.stringify(wrong)}`;
          break;
        }
        case 'out-of-range': {
          const v = ['-1', '0', '99999999999999999999', '1e20', String(2 ** 63), '-9007199254740993', '101', '1000001', '3651', '1899', '2200', '0000-00-00', '2026-02-30', '9999-12-31', 'Infinity', '-Infinity', '1e400'][pick % 17]!;
          if (target) values[target] = v;
          detail = `${target} = ${v}`;
          break;
        }
        case 'hostile-string': {
          if (target) values[target] = [text, nfd(text)][pick % 2];
          detail = `${target} = ${JSON.stringify(text).slice(0, 60)}`;
          break;
        }
        case 'repeated': {
          if (target) values[target] = [values[target] ?? 'a', 'b'];
          detail = `${target} given twice`;
          break;
        }
        case 'unknown-param': {
          const extra = ['role', 'admin', '__proto__[role]', 'constructor[prototype][x]', 'offset[$gt]', 'trạngThái'][pick % 6]!;
          values[extra] = 'admin';
          detail = `extra parameter ${extra}`;
          break;
        }
        case 'huge': {
          if (target) values[target] = HUGE_PARAM();
          detail = `${target} = 30000 characters`;
          break;
        }
        case 'bad-encoding': {
          const bad = BAD_ENCODINGS[pick % BAD_ENCODINGS.length]!;
          judgeable = false;
          detail = `${target} percent-encoded as ${bad}`;
          if (targetParam?.in === 'path') rawPath[target!] = bad;
          else if (target) rawQuery = `${encodeQuery({ ...values, [target]: undefined })}&${enc(target)}=${bad}`;
          break;
        }
        case 'missing-required': {
          const req = params.filter((p) => p.required && p.in === 'query');
          if (req.length) {
            values[req[pick % req.length]!.name] = undefined;
            detail = `without ${req[pick % req.length]!.name}`;
          } else detail = 'nothing required';
          break;
        }
      }
      const query: Record<string, unknown> = {};
      const pathSegments: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) {
        const p = params.find((x) => x.name === k);
        if (p?.in === 'path') pathSegments[k] = rawPath[k] ?? (v === undefined || v === '' ? 'x' : encSafe(v));
        else query[k] = v;
      }
      Object.assign(pathSegments, rawPath);
      // A path segment that is empty or a lone surrogate cannot be judged against the schema as sent.
      for (const p of params.filter((x) => x.in === 'path')) {
        const v = values[p.name];
        if (typeof v !== 'string' || v === '' || hasLoneSurrogate(v)) judgeable = false;
      }
      return { mutation, detail, values, query: rawQuery ?? encodeQuery(query), pathSegments, judgeable };
    });
}

/** The URL of an operation for a parameter case. */
export function urlFor(op: Operation, c: ParamCase): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => c.pathSegments[name] ?? 'x');
  return c.query ? `${path}?${c.query}` : path;
}

// ---------------------------------------------------------------- the oracle

/** An Ajv configured like Fastify's (coercion of scalars and arrays, defaults, all errors, formats). */
export function makeOracle() {
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, removeAdditional: false, strict: false });
  addFormats(ajv);
  const cache = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: JsonSchema) => {
    let v = cache.get(key);
    if (!v) cache.set(key, (v = ajv.compile(schema)));
    return v;
  };
  return {
    /** Would Fastify's schema validation let this body through? */
    body(op: Operation, value: unknown): boolean {
      if (!op.body) return true;
      return compile(`${op.method} ${op.path} body`, op.body)(clone(value));
    },
    /** Would Fastify's schema validation let these path and query values through? */
    params(op: Operation, values: Record<string, unknown>): boolean {
      for (const where of ['path', 'query'] as const) {
        const ps = op.params.filter((p) => p.in === where);
        if (!ps.length) continue;
        const schema = { type: 'object', properties: Object.fromEntries(ps.map((p) => [p.name, p.schema])), required: ps.filter((p) => p.required).map((p) => p.name) };
        const data = asQueryStrings(Object.fromEntries(Object.entries(values).filter(([k]) => ps.some((p) => p.name === k))));
        if (!compile(`${op.method} ${op.path} ${where}`, schema)(data)) return false;
      }
      return true;
    },
  };
}

/** Stable text for an idempotency key header: printable ASCII only (HTTP headers cannot carry more). */
export const idempotencyKey = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.uuid().map((u) => `k-${u}`) },
  { weight: 1, arbitrary: fc.constantFrom('ngắn', 'short', "'; DROP TABLE dossiers; --", '../../etc/passwd', 'x'.repeat(300), '<script>', '', ' ', '%00').map((s) => s.replace(/[^\t\x20-\x7e]/g, '?')) },
);

export { SCRIPT_PAYLOADS, SQL_PAYLOADS, UNSTORABLE_PAYLOADS, VIETNAMESE };
