// Bad-input generators driven by the app's own OpenAPI document (issue 7, point 3): request bodies shaped like
// each write operation's schema, whose values are junk and Japanese edge cases, plus raw junk bodies.
import fc from 'fast-check';

export interface SchemaObject {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: (string | number)[];
  format?: string;
  example?: unknown;
  maxLength?: number;
  minLength?: number;
  nullable?: boolean;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  additionalProperties?: boolean | SchemaObject;
}

interface OperationObject {
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export type WriteMethod = 'post' | 'put' | 'patch';

export interface WriteOperation {
  method: WriteMethod;
  /** The OpenAPI path, with `{param}` placeholders. */
  path: string;
  /** `POST /api/contracts/{id}/approve` */
  route: string;
  schema: SchemaObject;
  /** The roles named by the 403 answer ("Allowed for: …"); empty when the document names none. */
  roles: string[];
  isPublic: boolean;
}

/** The JSON write operations under /api/ (multipart and body-less operations are left out). */
export function jsonWriteOperations(doc: OpenApiDocument): WriteOperation[] {
  const operations: WriteOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of ['post', 'put', 'patch'] as const) {
      const operation = item[method];
      const schema = operation?.requestBody?.content?.['application/json']?.schema;
      if (!operation || !schema) continue;
      const allowed = /Allowed for: ([A-Z_, ]+)/.exec(operation.responses?.['403']?.description ?? '');
      operations.push({
        method,
        path,
        route: `${method.toUpperCase()} ${path}`,
        schema: resolveSchema(doc, schema),
        roles: allowed ? allowed[1].split(',').map((r) => r.trim()) : [],
        isPublic: (operation.security ?? []).length === 0,
      });
    }
  }
  return operations;
}

export function resolveSchema(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
  return resolveSchema(doc, target);
}

// ---------------------------------------------------------------------------------------------------------------
// Strings

/** Japanese edge cases that must be stored faithfully: no NUL, no lone surrogate. */
export const JAPANESE_EDGE_PIECES: readonly string[] = [
  '\u{20BB7}', // 𠮷 (outside the BMP)
  '\uFF76\uFF9E', // ｶﾞ half-width kana with a half-width voiced mark
  '\uFF8A\uFF9F', // ﾊﾟ
  '\uFF71',
  '\u304B\u3099', // か + combining voiced mark (not NFC)
  '\u306F\u309A', // は + combining semi-voiced mark
  '\u304C', // が precomposed
  'e\u0301',
  '\u9AD9', // 髙
  '\uFA11', // 﨑
  '\u2764\uFE0F', // ❤️ with a variation selector: 1 for class-validator, 2 code points
  '\u{1F44D}\u{1F3FD}', // 👍🏽
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', // family (ZWJ sequence)
  '\u{1F1EF}\u{1F1F5}', // 🇯🇵
  '\u845B\u{E0100}', // 葛 with an ideographic variation selector
  '\u3000', // ideographic space
  ' ',
  '\u00A0',
  '\u202E', // right-to-left override
  '\u200B',
  '\uFEFF',
  '\u3042', // あ
  '\u682A\u5F0F\u4F1A\u793E', // 株式会社
  '\u30A2',
  '\uFF5E', // ～
  '\u301C', // 〜
  '\u2460', // ①
  '\uFF11', // full-width 1
  'A',
  '1',
  '"',
  '\\',
  '<',
  '%',
];

/** The edge cases the plain-text rule lets through: what a round trip expects to read back. */
export const STORABLE_EDGE_PIECES: readonly string[] = JAPANESE_EDGE_PIECES.filter(
  (p) => !holdsUnsafeText(p),
);

/** Junk that must never be stored: refused with 400 wherever it appears. */
export const FORBIDDEN_PIECES: readonly string[] = [
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uD83D',
  '\uDE00',
  // The plain-text rule (src/common/validation/unsafe-text.ts): controls, zero-width and direction overrides.
  '\u0007',
  '\u0085',
  '\u200B',
  '\u202E',
  '\u2066',
  '\uFEFF',
];

const SPECIAL_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\u3000\u3000',
  '\t\n\r',
  '\u202Eabc',
  '0',
  '1',
  '-1',
  '1.5',
  '1e309',
  '0x1F',
  'NaN',
  'Infinity',
  'true',
  'null',
  '\uFF19', // ９
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{{constructor}}',
  '${x}',
  '%s%n',
  '../../etc/passwd',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2026-04-01T00:00:00Z',
  '\uFF12\uFF10\uFF12\uFF16-04-01',
  '00000000-0000-0000-0000-000000000000',
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
  'a@b',
  'user@\u4F8B\u3048.jp',
];

/** Code points, the way MariaDB counts characters. */
export const codePoints = (s: string): number => [...s].length;

/** Length as class-validator (validator.js isLength) counts it: a presentation sequence counts once. */
export const validatorLength = (s: string): number =>
  s.length -
  (s.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g) ?? []).length -
  (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g) ?? []).length;

/**
 * Repeats pieces (cycling) as long as `measure` stays within `target`. Both measures add up over whole pieces
 * (no piece starts with a variation selector or a low surrogate), so each piece is measured once.
 */
function fill(pieces: string[], target: number, measure: (s: string) => number): string {
  const sizes = pieces.map(measure);
  const parts: string[] = [];
  let size = 0;
  let stuck = 0;
  for (let i = 0; stuck < pieces.length && size < target; i++) {
    const k = i % pieces.length;
    if (sizes[k] > 0 && size + sizes[k] <= target) {
      parts.push(pieces[k]);
      size += sizes[k];
      stuck = 0;
    } else {
      stuck += 1;
    }
  }
  for (; size < target; size++) parts.push('\u3042');
  return parts.join('');
}

/**
 * Strings from the Japanese edge-case alphabet for a field of `maxLength`: short ones, ones filling the limit
 * counted in code points (what the column holds), and — with `overInCodePoints` — ones filling the limit as
 * class-validator counts it, which can be longer in code points (❤️ is 1 for the validator, 2 for MariaDB).
 */
export function japaneseEdgeString(
  maxLength: number,
  options: { overInCodePoints?: boolean; alphabet?: readonly string[] } = {},
): fc.Arbitrary<string> {
  const alphabet = options.alphabet ?? JAPANESE_EDGE_PIECES;
  const pieces = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 24 });
  const arbitraries: fc.WeightedArbitrary<string>[] = [
    {
      weight: 3,
      arbitrary: pieces.map((p) => fill(p, Math.min(maxLength, codePoints(p.join(''))), codePoints)),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(pieces, fc.integer({ min: Math.max(1, maxLength - 3), max: maxLength }))
        .map(([p, target]) => fill(p, target, codePoints)),
    },
  ];
  if (options.overInCodePoints) {
    arbitraries.push({
      weight: 1,
      arbitrary: fc
        .array(fc.constantFrom('\u2764\uFE0F', '\u263A\uFE0F', '\u{20BB7}', '\uFF76\uFF9E'), {
          minLength: 1,
          maxLength: 4,
        })
        .map((p) => fill(p, maxLength, validatorLength)),
    });
  }
  return fc.oneof(...arbitraries).filter((s) => s.length > 0);
}

/** Junk for any string field: edge cases, forbidden characters, lengths around the limit, look-alikes. */
export function junkString(maxLength?: number): fc.Arbitrary<string> {
  const limit = maxLength ?? 300;
  const piece = fc.constantFrom(...JAPANESE_EDGE_PIECES);
  const anyPiece = fc.oneof(
    { weight: 4, arbitrary: piece },
    { weight: 1, arbitrary: fc.constantFrom(...FORBIDDEN_PIECES) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
    { weight: 4, arbitrary: fc.array(anyPiece, { maxLength: 12 }).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(piece, fc.constantFrom(limit - 1, limit, limit + 1, limit * 2))
        .map(([p, n]) => p.repeat(Math.max(0, Math.min(n, 20_000)))),
    },
    { weight: 1, arbitrary: fc.tuple(piece, anyPiece).map(([a, b]) => `${a}${b}`.repeat(limit)) },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Values and bodies

export interface JunkEnv {
  /** Real ids (of objects created before the run), offered for `format: uuid` fields. */
  ids: readonly string[];
  /** Today, YYYY-MM-DD, around which plausible dates are drawn. */
  today: string;
}

const HUGE_AND_ODD_NUMBERS: readonly number[] = [
  0,
  -1,
  -0,
  0.5,
  1.5,
  -2147483649,
  2147483648,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

function deepObject(depth: number): unknown {
  let value: unknown = { leaf: '\u{20BB7}' };
  for (let i = 0; i < depth; i++) value = i % 3 === 0 ? [value] : { a: value };
  return value;
}

/** A value of the wrong kind: nulls, numbers as strings, huge numbers, arrays for objects, deep nesting. */
export function junkValue(maxLength?: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    junkString(maxLength),
    fc.constantFrom(...HUGE_AND_ODD_NUMBERS),
    fc.double(),
    fc.boolean(),
    fc.constantFrom<unknown>([], [1, 2], [{}], {}, { a: 1 }, ['\u{20BB7}'], [null], [[[]]]),
    fc.integer({ min: 1, max: 40 }).map(deepObject),
  );
}

function plausibleDate(today: string): fc.Arbitrary<string> {
  const base = Date.parse(`${today}T00:00:00Z`);
  return fc
    .integer({ min: -400, max: 400 })
    .map((days) => new Date(base + days * 86_400_000).toISOString().slice(0, 10));
}

const UNKNOWN_KEYS = [
  'isAdmin',
  'id',
  'role',
  'status',
  'createdAt',
  'constructor',
  'toString',
  '\u{20BB7}',
  '',
];

/**
 * Values shaped by the schema. `clean`: a value the schema allows (strings from the Japanese edge-case alphabet,
 * real ids, plausible dates), to get past validation into the services and the database. Otherwise the right
 * kind most of the time, with junk content, sometimes a value of the wrong kind.
 */
export function valueFor(
  doc: OpenApiDocument,
  raw: SchemaObject,
  env: JunkEnv,
  clean: boolean,
  name = '',
): fc.Arbitrary<unknown> {
  const schema = resolveSchema(doc, raw);
  const plausible = plausibleFor(doc, schema, env, clean, name);
  if (clean) return plausible;
  // null for any field, nullable or not: @IsOptional() lets null through to the services.
  return fc.oneof(
    { weight: 6, arbitrary: plausible },
    { weight: 1, arbitrary: junkValue(schema.maxLength) },
    { weight: schema.nullable ? 2 : 1, arbitrary: fc.constant(null) },
  );
}

/** Mixes a clean arbitrary with a junk one (junk left out when clean). */
function mix<T>(clean: boolean, good: fc.Arbitrary<T>, junk: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return clean ? good : fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: junk });
}

function plausibleFor(
  doc: OpenApiDocument,
  schema: SchemaObject,
  env: JunkEnv,
  clean: boolean,
  name: string,
): fc.Arbitrary<unknown> {
  const variants = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(doc, v, env, clean, name)));
  if (schema.enum?.length) {
    return mix(clean, fc.constantFrom(...schema.enum), fc.constantFrom<unknown>('', 'admin', 4, '1', 1.5));
  }
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'date') return mix(clean, plausibleDate(env.today), junkString(10));
      if (schema.format === 'uuid') {
        const real = env.ids.length ? fc.constantFrom(...env.ids) : fc.uuid();
        return mix(clean, real, fc.oneof(fc.uuid(), junkString(36)));
      }
      if (/email/i.test(name)) return mix(clean, fc.emailAddress(), junkString(schema.maxLength));
      const edge = japaneseEdgeString(schema.maxLength ?? 100, {
        overInCodePoints: schema.maxLength !== undefined,
      });
      if (typeof schema.example !== 'string')
        return clean ? edge : fc.oneof(edge, junkString(schema.maxLength));
      // The example passes rules the document cannot express (a phone pattern, a check digit).
      const good = fc.oneof(
        { weight: 3, arbitrary: edge },
        { weight: 2, arbitrary: fc.constant(schema.example) },
      );
      return clean ? good : fc.oneof(good, junkString(schema.maxLength));
    }
    case 'number':
    case 'integer':
      return mix(clean, fc.integer({ min: 1, max: 4 }), fc.integer({ min: -1000, max: 100_000 }));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(doc, schema.items ?? {}, env, clean, name), { maxLength: 3 });
    default:
      break;
  }
  if (schema.properties) return objectFor(doc, schema, env, clean);
  if (typeof schema.additionalProperties === 'object') {
    return fc.dictionary(
      clean
        ? fc.constantFrom('reportHours', 'location')
        : fc.oneof(fc.constant('reportHours'), junkString(20)),
      valueFor(doc, schema.additionalProperties, env, clean, name),
      { maxKeys: 3 },
    );
  }
  return junkValue();
}

function objectFor(
  doc: OpenApiDocument,
  schema: SchemaObject,
  env: JunkEnv,
  clean: boolean,
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    model[key] = valueFor(doc, property, env, clean, key);
  }
  const required = (schema.required ?? []).filter((key) => key in model);
  const shaped = fc.record(model, { requiredKeys: required, noNullPrototype: true });
  if (clean) return shaped;
  // Occasionally drop a required field, and occasionally add unknown ones.
  const extras = fc.oneof(
    { weight: 5, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.constantFrom(...UNKNOWN_KEYS), junkValue(), { minKeys: 1, maxKeys: 2 }),
    },
  );
  const dropped: fc.Arbitrary<string | null> = required.length
    ? fc.oneof(
        { weight: 7, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...required) },
      )
    : fc.constant(null);
  return fc.tuple(shaped, extras, dropped).map(([value, extra, drop]) => {
    const out: Record<string, unknown> = { ...value };
    for (const [k, v] of Object.entries(extra ?? {})) {
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    if (drop) delete out[drop];
    return out;
  });
}

/** A body the schema allows (see `valueFor`). */
export function cleanBodyFor(
  doc: OpenApiDocument,
  operation: WriteOperation,
  env: JunkEnv,
): fc.Arbitrary<Record<string, unknown>> {
  return objectFor(doc, operation.schema, env, true);
}

/** A clean body with exactly one top-level field replaced by junk (kind or content). */
function oneJunkField(
  doc: OpenApiDocument,
  schema: SchemaObject,
  env: JunkEnv,
): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(schema.properties ?? {});
  const clean = objectFor(doc, schema, env, true);
  if (!keys.length) return clean;
  return fc.tuple(clean, fc.constantFrom(...keys)).chain(([value, key]) => {
    const property = resolveSchema(doc, schema.properties?.[key] ?? {});
    const junk = fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: junkValue(property.maxLength) },
      { weight: 2, arbitrary: junkString(property.maxLength) },
    );
    return junk.map((j) => ({ ...value, [key]: j }));
  });
}

/** What is sent: a JSON value (serialized here) or raw text under a chosen content type. */
export type JunkBody = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };

const RAW_JUNK: readonly string[] = [
  '',
  'not json',
  '{',
  '}',
  '{"version":',
  '{"version":1,}',
  "{'version':1}",
  '{version:1}',
  'null',
  'true',
  '0',
  '-1',
  '"text"',
  '[]',
  '[{}]',
  '1e400',
  '{"version":1e400}',
  '{"version":-1e400}',
  '{"version":1,"version":"2"}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '\uFEFF{}',
  '{"name":"\\ud800"}',
  '{"name":"a\\u0000b"}',
  '{"\\udfff":1}',
  '{"a\\u0000":1}',
  '{"version":"1"}',
  '\u0000',
  '[' + '['.repeat(5000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  '['.repeat(3000) + ']'.repeat(3000),
];

const CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
];

/**
 * A body for one operation: schema-shaped (clean, clean but for one junk field, or junk throughout), sometimes
 * a junk JSON value, raw junk text or truncated JSON.
 */
export function bodyFor(
  doc: OpenApiDocument,
  operation: WriteOperation,
  env: JunkEnv,
): fc.Arbitrary<JunkBody> {
  const json = (value: unknown): JunkBody => ({ kind: 'json', value });
  const plausible = plausibleFor(doc, operation.schema, env, false, '');
  return fc.oneof(
    { weight: 6, arbitrary: objectFor(doc, operation.schema, env, true).map(json) },
    { weight: 5, arbitrary: oneJunkField(doc, operation.schema, env).map(json) },
    { weight: 4, arbitrary: plausible.map(json) },
    { weight: 1, arbitrary: junkValue().map(json) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...RAW_JUNK), fc.constantFrom(...CONTENT_TYPES), fc.nat(4))
        .map(([text, contentType, pick]): JunkBody => ({
          kind: 'raw',
          text,
          contentType: pick < 3 ? 'application/json' : contentType,
        })),
    },
    {
      weight: 1,
      // Truncated JSON: a body cut short (an object's text without its closing brace never parses).
      arbitrary: fc.tuple(plausible, fc.nat()).map(([value, cut]): JunkBody => {
        const text = JSON.stringify(value) ?? '{}';
        return { kind: 'raw', text: text.slice(0, cut % text.length), contentType: 'application/json' };
      }),
    },
  );
}

export function bodyText(body: JunkBody): { text: string; contentType: string } {
  return body.kind === 'json'
    ? { text: JSON.stringify(body.value), contentType: 'application/json' }
    : { text: body.text, contentType: body.contentType };
}

/**
 * Every string of a value (keys included) with the key it sits under, walked without recursion: the bad-input
 * bodies nest thousands of levels deep, deeper than the stack of a recursive walk allows.
 */
function* stringsOf(value: unknown): Generator<{ text: string; key: string; isKey: boolean }> {
  const stack: [unknown, string][] = [[value, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, key] = next;
    if (typeof item === 'string') yield { text: item, key, isKey: false };
    else if (Array.isArray(item)) for (const v of item) stack.push([v, key]);
    else if (item !== null && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) {
        yield { text: k, key: '', isKey: true };
        stack.push([v, k]);
      }
    }
  }
}

/** True when a string or a key anywhere in the value is not well-formed or holds a NUL. */
export function holdsForbiddenString(value: unknown): boolean {
  for (const { text } of stringsOf(value)) if (!text.isWellFormed() || text.includes('\u0000')) return true;
  return false;
}

/**
 * True when a value (not a password) anywhere breaks the plain-text rule: controls other than CR and LF, zero-width
 * or direction-override characters. Written out here, apart from the code's own pattern, so a change there shows.
 */
export function holdsUnsafeText(value: unknown): boolean {
  for (const { text, key, isKey } of stringsOf(value)) {
    if (isKey || key === 'password') continue;
    const unsafe = [...text].some((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (
        (c < 0x20 && c !== 0x0a && c !== 0x0d) ||
        (c >= 0x7f && c <= 0x9f) ||
        (c >= 0x200b && c <= 0x200f) ||
        (c >= 0x2028 && c <= 0x202e) ||
        (c >= 0x2060 && c <= 0x2069) ||
        c === 0xfeff ||
        (c >= 0xd800 && c <= 0xdfff)
      );
    });
    if (unsafe) return true;
  }
  return false;
}

/**
 * Whether the answer must be 400, judged from the request alone: a JSON body that does not parse, that holds a
 * lone surrogate or a NUL anywhere, or a value that breaks the plain-text rule (when it reaches the parser: under
 * 1 MiB and sent as UTF-8 JSON).
 */
export function mustAnswer400(body: JunkBody): boolean {
  const { text, contentType } = bodyText(body);
  if (Buffer.byteLength(text) > 1_000_000) return false;
  if (!/^application\/json(; charset=utf-8)?$/.test(contentType)) return false;
  let parsed: unknown;
  try {
    // Fastify's JSON parser skips a leading byte order mark, as JSON.parse does not.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return true;
  }
  return holdsForbiddenString(parsed) || holdsUnsafeText(parsed);
}

/** The exact body sent, for failure messages: as a JSON string literal, so lone surrogates and NUL show. */
export function describeBody(body: JunkBody): string {
  const { text, contentType } = bodyText(body);
  return `Content-Type: ${contentType}, ${Buffer.byteLength(text)} bytes: ${JSON.stringify(text)}`;
}

/** A stable 32-bit seed per route, from a base seed (so each route reproduces on its own). */
export function seedFor(base: number, route: string): number {
  let h = base | 0;
  for (const ch of route) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}
