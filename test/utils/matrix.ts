// Helpers for the authorization matrix (test/e2e/authorization-matrix.e2e-spec.ts): the API's operations read
// from its OpenAPI document, each one's access rule read from Nest's metadata, request bodies synthesised from
// the document's schemas, and a small concurrency pool.
import { randomBytes, randomUUID } from 'node:crypto';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_KEY, type AccessRule } from '../../src/common/auth/access.decorator';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: (string | number)[];
  example?: unknown;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  allOf?: SchemaObject[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema?: SchemaObject }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface ApiOperation {
  method: HttpMethod;
  /** The OpenAPI path, e.g. `/api/contracts/{id}/workers/{workerId}`. */
  path: string;
  /** `METHOD /api/contracts/:id/workers/:workerId`, as Nest names the route. */
  route: string;
  /** Path parameters in the order they appear in the path. */
  pathParams: string[];
  requiredQuery: { name: string; schema: SchemaObject }[];
  body: { contentType: string; schema: SchemaObject } | null;
}

/** Every operation of the document under `prefix`, in document order. */
export function operationsOf(doc: OpenApiDocument, prefix: string): ApiOperation[] {
  const ops: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = Object.entries(op.requestBody?.content ?? {});
      const [contentType, media] = content[0] ?? [];
      ops.push({
        method,
        path,
        route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        requiredQuery: params
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        body: contentType && media?.schema ? { contentType, schema: media.schema } : null,
      });
    }
  }
  return ops;
}

/** `METHOD /path/:param` → the access rule the guard applies, read from the controllers' metadata. */
export function accessRules(app: INestApplication): Map<string, AccessRule | undefined> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const rules = new Map<string, AccessRule | undefined>();
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const metatype = wrapper.metatype;
    if (!instance || !metatype) continue;
    const prefix = (Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined) ?? '';
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = (instance as Record<string, unknown>)[name] as () => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, metatype]);
      rules.set(`${method} /${[prefix, path].filter((p) => p && p !== '/').join('/')}`, rule);
    }
  }
  return rules;
}

/** What a path parameter names: a kind of fixture object, and whether it belongs to a company or to one user. */
export interface ParamTarget {
  kind: string;
  scope: 'company' | 'user';
}

/** By parameter name first, then by the path segment just before `{id}`. Extend when a route is added. */
const BY_NAME: Record<string, ParamTarget> = {
  certificationId: { kind: 'certification', scope: 'company' },
  workerId: { kind: 'worker', scope: 'company' },
};
const BY_SEGMENT: Record<string, ParamTarget> = {
  contractors: { kind: 'contractor', scope: 'company' },
  contracts: { kind: 'contract', scope: 'company' },
  assessments: { kind: 'assessment', scope: 'company' },
  'improvement-orders': { kind: 'order', scope: 'company' },
  evidence: { kind: 'evidence', scope: 'company' },
  subcontracts: { kind: 'subcontract', scope: 'company' },
  // A user belongs to its company (the contractor user of company A is "own" for company A).
  users: { kind: 'user', scope: 'company' },
  // A notification is addressed to one user: only that user reaches it, whatever the role.
  notifications: { kind: 'notification', scope: 'user' },
  certifications: { kind: 'certification', scope: 'company' },
  workers: { kind: 'worker', scope: 'company' },
  incidents: { kind: 'incident', scope: 'company' },
  inspections: { kind: 'inspection', scope: 'company' },
  // The body's external services belong to no company: staff reach every one, contractors none (the guard).
  'external-services': { kind: 'externalService', scope: 'company' },
  // The body's own SNS accounts belong to no company: staff reach every one, contractors none (the guard).
  'sns-accounts': { kind: 'snsAccount', scope: 'company' },
  'sns-posts': { kind: 'snsPost', scope: 'company' },
};

export function paramTarget(path: string, param: string): ParamTarget | undefined {
  const byName = BY_NAME[param];
  if (byName) return byName;
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  return at > 0 ? BY_SEGMENT[segments[at - 1]] : undefined;
}

/**
 * Body fields holding ids, by name → fixture kind, so a well-formed body refers to objects of the same company as
 * the path (and a 404 can only come from the path's object). Unknown id fields get a random UUID.
 */
export const BODY_ID_KINDS: Record<string, string> = {
  contractorId: 'contractor',
  employerContractorId: 'contractor',
  contractId: 'contract',
  assessmentId: 'assessment',
  itemId: 'item',
  findingItemIds: 'item',
  orderId: 'order',
  evidenceIds: 'evidence',
  parentSubcontractId: 'subcontract',
  workerId: 'worker',
  userId: 'user',
  incidentId: 'incident',
  inspectionId: 'inspection',
};

/** State-changing requests carry a version far past any real one, so they answer 409 and leave fixtures intact. */
export const STALE_VERSION = 999_999;

function resolve(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  let current = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    if (current.$ref) {
      const name = current.$ref.replace('#/components/schemas/', '');
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`OpenAPI schema ${current.$ref} not found`);
      current = target;
    } else if (current.allOf?.length === 1) {
      current = current.allOf[0];
    } else {
      return current;
    }
  }
  return current;
}

function text(schema: SchemaObject): string {
  const base = typeof schema.example === 'string' ? schema.example : 'マトリクス試験';
  const min = schema.minLength ?? 1;
  const padded = base.length >= min ? base : base.padEnd(min, 'x');
  return schema.maxLength !== undefined ? padded.slice(0, Math.max(schema.maxLength, min)) : padded;
}

/**
 * A value that passes the schema: only required properties, enums take their first value, booleans `true`, ids
 * come from `idFor` (by property name), `version` is STALE_VERSION.
 */
export function synthesize(
  doc: OpenApiDocument,
  raw: SchemaObject,
  idFor: (property: string) => string | undefined,
  property = '',
): unknown {
  const schema = resolve(doc, raw);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const name of schema.required ?? []) {
      const prop = schema.properties?.[name];
      if (prop) out[name] = synthesize(doc, prop, idFor, name);
    }
    return out;
  }
  switch (schema.type) {
    case 'array': {
      // One element: validators may want a non-empty list (not every @ArrayMinSize shows as minItems).
      if (!schema.items) return [];
      const item = resolve(doc, schema.items);
      if (item.format === 'uuid') {
        const id = idFor(property);
        return id === undefined ? [] : [id];
      }
      return [synthesize(doc, item, idFor, property)];
    }
    case 'boolean':
      return true;
    case 'number':
    case 'integer':
      if (property === 'version') return STALE_VERSION;
      return typeof schema.example === 'number' ? schema.example : (schema.minimum ?? 1);
    default:
      break;
  }
  if (schema.format === 'uuid') return idFor(property) ?? randomUUID();
  if (schema.format === 'date') return typeof schema.example === 'string' ? schema.example : '2026-04-01';
  if (schema.format === 'date-time') return '2026-04-01T00:00:00.000Z';
  if (schema.format === 'email' || /email/i.test(property))
    return `matrix-${randomBytes(4).toString('hex')}@example.jp`;
  return text(schema);
}

/** The required top-level fields of a multipart body: binary ones as files, the rest as text fields. */
export function multipartParts(
  doc: OpenApiDocument,
  raw: SchemaObject,
  idFor: (property: string) => string | undefined,
): { fields: Record<string, string>; files: string[] } {
  const schema = resolve(doc, raw);
  const fields: Record<string, string> = {};
  const files: string[] = [];
  for (const name of schema.required ?? []) {
    const prop = schema.properties?.[name];
    if (!prop) continue;
    if (resolve(doc, prop).format === 'binary') files.push(name);
    else fields[name] = String(synthesize(doc, prop, idFor, name));
  }
  return { fields, files };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next;
      next += 1;
      results[at] = await fn(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}
