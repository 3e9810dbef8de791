// A JSON Schema validator for RJSF that works under the server's Content-Security-Policy.
//
// Ajv (inside @rjsf/validator-ajv8's default validator) compiles every schema with `new Function`,
// which `script-src 'self'` (no 'unsafe-eval') forbids, so on the real server the default
// validator cannot validate anything. The procedures' forms are data (edited by administrators),
// so they cannot be precompiled at build time either.
//
// This module interprets the schema instead and produces Ajv-shaped ErrorObjects, and plugs them
// into @rjsf/validator-ajv8's precompiled-validator class, so everything RJSF does with the errors
// (titles in messages, error schema, transformErrors, extraErrors) is the validator-ajv8 code path.
// It covers the JSON Schema draft-07 keywords procedure forms use: type, enum, const, required,
// properties, additionalProperties, patternProperties, items, min/maxItems, uniqueItems,
// min/maxLength, pattern, format, minimum/maximum (+exclusive), multipleOf, min/maxProperties,
// dependencies, allOf/anyOf/oneOf/not, if/then/else, local $ref. The server validates again
// with Ajv, and its per-field errors are shown the same way (see SubmitPage).
import { hashForSchema, ID_KEY, type RJSFSchema, type ValidatorType } from '@rjsf/utils';
import AJV8PrecompiledValidator from '@rjsf/validator-ajv8/lib/precompiledValidator.js';
import type { CompiledValidateFunction } from '@rjsf/validator-ajv8';

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  schema?: unknown;
  parentSchema?: Record<string, unknown>;
  data?: unknown;
}

type Schema = Record<string, unknown> | boolean;

const FORMATS: Record<string, (s: string) => boolean> = {
  date: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return mo >= 1 && mo <= 12 && d >= 1 && d <= (days[mo - 1] ?? 0);
  },
  time: (s) => /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i.test(s),
  'date-time': (s) => {
    const [d, t] = s.split(/t|\s/i);
    return !!d && !!t && FORMATS.date!(d) && FORMATS.time!(t);
  },
  email: (s) => /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(s),
  uri: (s) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s),
  url: (s) => /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s),
  uuid: (s) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(s),
  ipv4: (s) => /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(s),
  hostname: (s) => /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i.test(s),
  'data-url': (s) => /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*);)?base64,(.*)$/.test(s),
};

const regexCache = new Map<string, RegExp | null>();
function regex(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regexCache.set(pattern, null);
    }
  }
  return regexCache.get(pattern)!;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const actual = typeOf(v);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node && typeof node === 'object') node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node as Schema | undefined;
}

/** Code points, as Ajv counts string length (so "Đ" written with a combining mark counts 2). */
const strLength = (s: string) => [...s].length;

class Interpreter {
  errors: SchemaError[] = [];
  constructor(private readonly root: Schema) {}

  private push(e: SchemaError) {
    this.errors.push(e);
  }

  /** Validates `data` against `schema`; records errors; returns whether it passed. */
  run(schema: Schema | undefined, data: unknown, instancePath: string, schemaPath: string, depth = 0): boolean {
    if (schema === undefined || schema === true) return true;
    if (schema === false) {
      this.push({ instancePath, schemaPath: `${schemaPath}/false schema`, keyword: 'false schema', params: {} });
      return false;
    }
    if (depth > 64) return true;
    const s = schema;
    const start = this.errors.length;
    const err = (keyword: string, params: Record<string, unknown>, at = instancePath) =>
      this.push({ instancePath: at, schemaPath: `${schemaPath}/${keyword}`, keyword, params, schema: s[keyword], parentSchema: s, data });

    if (typeof s.$ref === 'string') {
      const target = resolveRef(this.root, s.$ref);
      if (target !== undefined) this.run(target, data, instancePath, s.$ref, depth + 1);
    }

    // type
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => matchesType(data, t))) {
        err('type', { type: types.join(',') });
        return false; // other keywords of a wrong-typed value only add noise
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((v) => deepEqual(v, data))) err('enum', { allowedValues: s.enum });
    if ('const' in s && !deepEqual(s.const, data)) err('const', { allowedValue: s.const });

    if (typeof data === 'string') {
      const len = strLength(data);
      if (typeof s.minLength === 'number' && len < s.minLength) err('minLength', { limit: s.minLength });
      if (typeof s.maxLength === 'number' && len > s.maxLength) err('maxLength', { limit: s.maxLength });
      if (typeof s.pattern === 'string') {
        const re = regex(s.pattern);
        if (re && !re.test(data)) err('pattern', { pattern: s.pattern });
      }
      if (typeof s.format === 'string') {
        const check = FORMATS[s.format];
        if (check && !check(data)) err('format', { format: s.format });
      }
    }

    if (typeof data === 'number') {
      if (typeof s.minimum === 'number' && data < s.minimum) err('minimum', { comparison: '>=', limit: s.minimum });
      if (typeof s.maximum === 'number' && data > s.maximum) err('maximum', { comparison: '<=', limit: s.maximum });
      if (typeof s.exclusiveMinimum === 'number' && data <= s.exclusiveMinimum) err('exclusiveMinimum', { comparison: '>', limit: s.exclusiveMinimum });
      if (typeof s.exclusiveMaximum === 'number' && data >= s.exclusiveMaximum) err('exclusiveMaximum', { comparison: '<', limit: s.exclusiveMaximum });
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
        const q = data / s.multipleOf;
        if (Math.abs(q - Math.round(q)) > 1e-8) err('multipleOf', { multipleOf: s.multipleOf });
      }
    }

    if (Array.isArray(data)) {
      if (typeof s.minItems === 'number' && data.length < s.minItems) err('minItems', { limit: s.minItems });
      if (typeof s.maxItems === 'number' && data.length > s.maxItems) err('maxItems', { limit: s.maxItems });
      if (s.uniqueItems === true) {
        outer: for (let i = 0; i < data.length; i++)
          for (let j = i + 1; j < data.length; j++)
            if (deepEqual(data[i], data[j])) {
              err('uniqueItems', { i, j });
              break outer;
            }
      }
      if (Array.isArray(s.items)) {
        const tuple = s.items as Schema[];
        data.forEach((item, i) => {
          if (i < tuple.length) this.run(tuple[i], item, `${instancePath}/${i}`, `${schemaPath}/items/${i}`, depth + 1);
          else if (s.additionalItems !== undefined) this.run(s.additionalItems as Schema, item, `${instancePath}/${i}`, `${schemaPath}/additionalItems`, depth + 1);
        });
      } else if (s.items !== undefined) {
        data.forEach((item, i) => this.run(s.items as Schema, item, `${instancePath}/${i}`, `${schemaPath}/items`, depth + 1));
      }
    }

    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      const obj = data as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
      if (Array.isArray(s.required)) {
        for (const name of s.required as string[]) {
          if (obj[name] === undefined) err('required', { missingProperty: name });
        }
      }
      if (typeof s.minProperties === 'number' && keys.length < s.minProperties) err('minProperties', { limit: s.minProperties });
      if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) err('maxProperties', { limit: s.maxProperties });
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const patternProps = (s.patternProperties ?? {}) as Record<string, Schema>;
      for (const key of keys) {
        const child = `${instancePath}/${escapePointer(key)}`;
        let known = false;
        if (key in props) {
          known = true;
          this.run(props[key], obj[key], child, `${schemaPath}/properties/${escapePointer(key)}`, depth + 1);
        }
        for (const [p, ps] of Object.entries(patternProps)) {
          if (regex(p)?.test(key)) {
            known = true;
            this.run(ps, obj[key], child, `${schemaPath}/patternProperties/${escapePointer(p)}`, depth + 1);
          }
        }
        if (!known && s.additionalProperties !== undefined) {
          if (s.additionalProperties === false) err('additionalProperties', { additionalProperty: key });
          else this.run(s.additionalProperties as Schema, obj[key], child, `${schemaPath}/additionalProperties`, depth + 1);
        }
      }
      if (s.dependencies && typeof s.dependencies === 'object') {
        for (const [key, dep] of Object.entries(s.dependencies as Record<string, unknown>)) {
          if (obj[key] === undefined) continue;
          if (Array.isArray(dep)) {
            const missing = (dep as string[]).filter((d) => obj[d] === undefined);
            for (const m of missing) err('dependencies', { property: key, missingProperty: m, depsCount: dep.length, deps: dep.join(', ') });
          } else {
            this.run(dep as Schema, data, instancePath, `${schemaPath}/dependencies/${escapePointer(key)}`, depth + 1);
          }
        }
      }
    }

    if (Array.isArray(s.allOf)) (s.allOf as Schema[]).forEach((sub, i) => this.run(sub, data, instancePath, `${schemaPath}/allOf/${i}`, depth + 1));
    if (Array.isArray(s.anyOf)) {
      const subs = s.anyOf as Schema[];
      if (!subs.some((sub) => this.quiet(sub, data, depth))) {
        subs.forEach((sub, i) => this.run(sub, data, instancePath, `${schemaPath}/anyOf/${i}`, depth + 1));
        err('anyOf', {});
      }
    }
    if (Array.isArray(s.oneOf)) {
      const subs = s.oneOf as Schema[];
      const passing = subs.map((sub) => this.quiet(sub, data, depth));
      const count = passing.filter(Boolean).length;
      if (count === 0) {
        subs.forEach((sub, i) => this.run(sub, data, instancePath, `${schemaPath}/oneOf/${i}`, depth + 1));
        err('oneOf', { passingSchemas: null });
      } else if (count > 1) {
        err('oneOf', { passingSchemas: passing.flatMap((p, i) => (p ? [i] : [])) });
      }
    }
    if (s.not !== undefined && this.quiet(s.not as Schema, data, depth)) err('not', {});
    if (s.if !== undefined) {
      const ok = this.quiet(s.if as Schema, data, depth);
      const branch = ok ? 'then' : 'else';
      if (s[branch] !== undefined && !this.run(s[branch] as Schema, data, instancePath, `${schemaPath}/${branch}`, depth + 1)) {
        err('if', { failingKeyword: branch });
      }
    }
    return this.errors.length === start;
  }

  private quiet(schema: Schema, data: unknown, depth: number): boolean {
    const sub = new Interpreter(this.root);
    return sub.run(schema, data, '', '#', depth + 1);
  }
}

/** Validates `data` against `schema` (its own root for $ref). */
export function validateSchema(schema: Schema, data: unknown): SchemaError[] {
  const it = new Interpreter(schema);
  it.run(schema, data, '', '#');
  return it.errors;
}

// Validate functions by schema hash, shared by every validator instance.
const cache = new Map<string, CompiledValidateFunction>();

function validateFunctionFor(schema: RJSFSchema, root: RJSFSchema): CompiledValidateFunction {
  const key = `${hashForSchema(root)}:${(schema[ID_KEY] as string | undefined) ?? hashForSchema(schema)}`;
  let fn = cache.get(key);
  if (!fn) {
    const f = ((data: unknown) => {
      const it = new Interpreter(root as Schema);
      it.run(schema as Schema, data, '', '#');
      f.errors = it.errors.length ? (it.errors as unknown as CompiledValidateFunction['errors']) : null;
      return it.errors.length === 0;
    }) as CompiledValidateFunction;
    fn = f;
    if (cache.size > 500) cache.clear();
    cache.set(key, fn);
  }
  return fn;
}

class InterpretingValidator extends AJV8PrecompiledValidator {
  // Called by the base constructor for the root schema and by isValid() for subschemas
  // (oneOf/anyOf option matching); every schema is "compiled" by interpretation.
  override getValidator(schema: RJSFSchema): CompiledValidateFunction {
    return validateFunctionFor(schema, (this.rootSchema as RJSFSchema | undefined) ?? schema);
  }
}

/** An RJSF validator for one form schema, safe under a CSP without 'unsafe-eval'. */
export function createFormValidator(rootSchema: RJSFSchema): ValidatorType {
  return new InterpretingValidator({}, rootSchema) as ValidatorType;
}
