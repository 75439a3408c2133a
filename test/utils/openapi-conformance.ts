// Every answer a test receives is checked against the app's own OpenAPI document (issue 14, item 10), so the
// document cannot drift from the code: a client generated from it (openapi-typescript, orval) types what the API
// really answers.
//
// startTestApp() adds an onSend hook that hands each answer of a documented route to a ConformanceRecorder; the
// problems are collected over the whole test file and ctx.close() fails with the list. What is checked:
// - the route's operation documents the status (exactly, as `4XX`, or as `default`);
// - an answer with a body documents its media type for that status (PDF, CSV and evidence downloads included:
//   their JSON error answers must be documented as application/json);
// - a JSON body validates against the documented schema (ajv + ajv-formats, `$ref` to the components, OpenAPI 3.0
//   `nullable` as the 3.0.3 text reads: it adds null to `type` only; an `enum`, an `allOf` or a `$ref` beside it
//   still refuse null unless they allow it themselves);
// - an object carries no property its schema does not name (an undocumented field is a drift too).
// An API route (/api/…, /health) missing from the document is a problem of its own; web pages are not API routes.
import Ajv, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, SchemaObject } from './openapi-junk';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const SCHEMA_PREFIX = '#/components/schemas/';

export interface Answer {
  method: string;
  /** The route's template as the server matched it: `/api/contracts/:id` (Fastify), or undefined for no route. */
  route: string | undefined;
  url: string;
  status: number;
  contentType: string | undefined;
  /** The serialized body as sent (JSON text), or null when the body is a stream or a buffer, or absent. */
  text: string | null;
  hasBody: boolean;
}

export interface ConformanceProblem {
  /** `GET /api/dashboard/contractors 200` */
  answer: string;
  url: string;
  problem: string;
}

interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: SchemaObject }>;
}

type Operation = { responses?: Record<string, ResponseObject> };

/** Fastify's `/api/contracts/:id` to the document's `/api/contracts/{id}`. */
export function documentPath(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}');
}

export function isApiPath(path: string): boolean {
  return (path.startsWith('/api/') && !/^\/api\/docs(\b|[-/])/.test(path)) || path === '/health';
}

export class ConformanceRecorder {
  readonly problems: ConformanceProblem[] = [];
  /** Answers of documented routes that were checked, and how many of them had a JSON body validated. */
  checked = 0;
  validatedJson = 0;
  /** Time spent checking (compiling the schemas included), for the cost the check adds to a run. */
  elapsedMs = 0;
  private readonly schemas: CompiledSchemas;
  private readonly seen = new Set<string>();

  constructor(private readonly doc: OpenApiDocument) {
    const started = performance.now();
    this.schemas = compiledSchemasOf(doc);
    this.elapsedMs += performance.now() - started;
  }

  record(answer: Answer): void {
    const started = performance.now();
    try {
      this.check(answer);
    } finally {
      this.elapsedMs += performance.now() - started;
    }
  }

  private check(answer: Answer): void {
    const method = answer.method.toLowerCase() === 'head' ? 'get' : answer.method.toLowerCase();
    if (answer.route === undefined || !METHODS.has(method)) return;
    const path = documentPath(answer.route);
    const label = `${answer.method} ${path} ${answer.status}`;
    const report = (problem: string, example = ''): void => {
      // One line per distinct problem: a test that asks the same thing a hundred times, or a list whose every
      // element is wrong the same way, gets it once (array indexes read as *; the first example is kept).
      const key = `${label}\u0000${problem.replace(/\/\d+(?=\/|\s)/g, '/*')}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      this.problems.push({ answer: label, url: answer.url, problem: problem + example });
    };
    const operation = this.doc.paths[path]?.[method] as Operation | undefined;
    if (!operation) {
      if (isApiPath(path)) report('the route is not in the OpenAPI document');
      return;
    }
    this.checked += 1;
    const responses = operation.responses ?? {};
    const statusKey = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find(
      (key) => responses[key] !== undefined,
    );
    if (statusKey === undefined) {
      report(`status ${answer.status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
      return;
    }
    if (!answer.hasBody || answer.method === 'HEAD') return;
    const content = responses[statusKey].content ?? {};
    const mediaType = (answer.contentType ?? '').split(';')[0].trim().toLowerCase();
    const documented = Object.keys(content);
    const entry = content[mediaType] ?? content[`${mediaType.split('/')[0]}/*`] ?? content['*/*'];
    if (!entry) {
      report(
        documented.length === 0
          ? `answers a ${mediaType || 'body'} body where the document describes none`
          : `answers ${mediaType || 'a body without a content type'} where the document has ${documented.join(', ')}`,
      );
      return;
    }
    if (!isJson(mediaType)) return;
    if (!entry.schema) {
      report(`answers JSON where the document gives ${mediaType} no schema`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text ?? '');
    } catch {
      report(`answers ${mediaType} that is not JSON`);
      return;
    }
    this.validatedJson += 1;
    const validate = this.validatorFor(`${method} ${path} ${statusKey} ${mediaType}`, entry.schema);
    if (!validate(body)) {
      for (const error of validate.errors ?? []) report(...describeError(error));
      return;
    }
    for (const extra of undocumentedProperties(this.doc, entry.schema, body, '')) {
      report(`${extra} is not in the schema (an undocumented property)`);
    }
  }

  private validatorFor(key: string, schema: SchemaObject): ValidateFunction {
    let validate = this.schemas.validators.get(key);
    if (!validate) {
      validate = this.schemas.ajv.compile(toAjvSchema(schema));
      this.schemas.validators.set(key, validate);
    }
    return validate;
  }

  /** The message ctx.close() fails with: every problem, one a line, and how to read them. */
  failureMessage(): string {
    const lines = this.problems.map((p) => `  - ${p.answer} (${p.url}): ${p.problem}`);
    return (
      `The OpenAPI document (/api/docs-json) does not describe ${this.problems.length} answer problem(s) this ` +
      `test file received. Fix the route's decorators (@ApiProperty nullable/enum, @ApiErrors, @ApiOkResponse, ` +
      `@ApiProduces) so the document tells the truth — or the answer, when the answer is what is wrong ` +
      `(test/utils/openapi-conformance.ts):\n${lines.join('\n')}`
    );
  }
}

interface CompiledSchemas {
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
}

/** One ajv with the components, and the validators compiled so far, per document: the apps of a file share them. */
const compiled = new Map<string, CompiledSchemas>();

function compiledSchemasOf(doc: OpenApiDocument): CompiledSchemas {
  const key = JSON.stringify(doc);
  let schemas = compiled.get(key);
  if (!schemas) {
    const ajv = new Ajv({ allErrors: true, strict: false, discriminator: false, verbose: true });
    addFormats(ajv);
    // Downloads are described as `format: binary`; such a body is never JSON, so the format never decides anything.
    ajv.addFormat('binary', true);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      ajv.addSchema(toAjvSchema(schema), componentId(name));
    }
    schemas = { ajv, validators: new Map() };
    compiled.set(key, schemas);
  }
  return schemas;
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function componentId(name: string): string {
  return `oas-component-${name}`;
}

/**
 * The document's schema as ajv reads it: `$ref`s point to the components added under their own ids, and a
 * `nullable` without a `type` beside it is dropped — OpenAPI 3.0.3 gives it no meaning there (ajv would refuse to
 * compile it), so null is then refused unless the schema allows it some other way.
 */
function toAjvSchema(schema: unknown): AnySchemaObject {
  return convert(schema) as AnySchemaObject;
}

function convert(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(convert);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_PREFIX)) {
      out.$ref = componentId(value.slice(SCHEMA_PREFIX.length));
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, convert(sub)]),
      );
    } else if (key === 'example' || key === 'examples') {
      out[key] = value; // data, not schema: left as written
    } else {
      out[key] = convert(value);
    }
  }
  if (out.nullable !== undefined && out.type === undefined) delete out.nullable;
  return out;
}

/** The problem (instance path, what is wrong, where in the schema) and, apart, the value found there. */
function describeError(error: ErrorObject): [string, string] {
  const at = error.instancePath === '' ? '(the body)' : error.instancePath;
  const params =
    error.keyword === 'enum'
      ? ` ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`
      : '';
  const found = JSON.stringify(error.data) ?? 'undefined';
  const shown = found.length > 60 ? `${found.slice(0, 57)}...` : found;
  return [
    `${at} ${error.message ?? error.keyword}${params} (schema ${error.schemaPath})`,
    error.keyword === 'required' ? '' : `; got ${shown}`,
  ];
}

/** Instance paths of object properties no schema on the way names (resolving $ref, allOf, anyOf, oneOf, items). */
function undocumentedProperties(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
  value: unknown,
  at: string,
): string[] {
  if (schema === undefined || value === null || typeof value !== 'object') return [];
  const resolved = resolve(doc, schema);
  if (Array.isArray(value)) {
    const items = resolved.flatMap((s) => (s.items ? [s.items] : []));
    if (items.length !== 1) return [];
    return value.flatMap((item, index) => undocumentedProperties(doc, items[0], item, `${at}/${index}`));
  }
  // Alternatives (anyOf/oneOf): only when one of them is an object schema is there one answer to check against.
  const objects = resolved.filter((s) => s.properties !== undefined);
  if (objects.length === 0 || resolved.some((s) => s.additionalProperties !== undefined)) return [];
  const known = new Map<string, SchemaObject>();
  for (const s of objects) for (const [name, sub] of Object.entries(s.properties ?? {})) known.set(name, sub);
  const found: string[] = [];
  for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
    const property = known.get(name);
    if (property === undefined) found.push(`${at}/${name}`);
    else found.push(...undocumentedProperties(doc, property, sub, `${at}/${name}`));
  }
  return found;
}

/** A schema with its $ref and allOf parts flattened; an anyOf/oneOf with exactly one object alternative counts it. */
function resolve(doc: OpenApiDocument, schema: SchemaObject): SchemaObject[] {
  if (schema.$ref) {
    const target = doc.components?.schemas?.[schema.$ref.slice(SCHEMA_PREFIX.length)];
    return target ? resolve(doc, target) : [];
  }
  const parts: SchemaObject[] = [schema];
  for (const sub of schema.allOf ?? []) parts.push(...resolve(doc, sub));
  for (const alternatives of [schema.anyOf, schema.oneOf]) {
    if (!alternatives) continue;
    const withProperties = alternatives
      .map((alt) => resolve(doc, alt))
      .filter((r) => r.some((s) => s.properties !== undefined));
    if (withProperties.length === 1) parts.push(...withProperties[0]);
  }
  return parts;
}
