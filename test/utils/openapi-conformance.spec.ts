import { type Answer, ConformanceRecorder } from './openapi-conformance';
import type { OpenApiDocument } from './openapi-junk';

// The check every e2e answer goes through (issue 14, item 10): each kind of drift it must catch, on a small
// document written out here, so a check that lets them pass fails this file.
const ERROR = { $ref: '#/components/schemas/ErrorResponse' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const doc = {
  openapi: '3.0.0',
  paths: {
    '/api/items/{id}': {
      get: {
        responses: {
          '200': json({ $ref: '#/components/schemas/Item' }),
          '404': { description: 'Missing', ...json(ERROR) },
        },
      },
      delete: { responses: { '204': { description: 'Deleted' } } },
    },
    '/api/items/{id}/sheet.pdf': {
      get: {
        responses: {
          '200': {
            description: 'PDF',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          // What @ApiProduces('application/pdf') wrote before the document was fixed: the error as a PDF.
          '404': { description: 'Missing', content: { 'application/pdf': { schema: ERROR } } },
        },
      },
    },
  },
  components: {
    schemas: {
      ErrorResponse: {
        type: 'object',
        required: ['statusCode', 'code', 'message', 'requestId'],
        properties: {
          statusCode: { type: 'number' },
          code: { type: 'string' },
          message: { type: 'string' },
          details: { type: 'object' },
          requestId: { type: 'string' },
        },
      },
      Latest: {
        type: 'object',
        required: ['at'],
        properties: { at: { type: 'string', format: 'date-time' } },
      },
      Item: {
        type: 'object',
        required: ['id', 'answer', 'verdict', 'latest', 'notice'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          // nullable with an enum that lists null (what nullableEnum writes)
          answer: { type: 'string', nullable: true, enum: ['YES', 'NO', null] },
          // nullable with an enum that does not: null is refused (OpenAPI 3.0.3)
          verdict: { type: 'string', nullable: true, enum: ['ACCEPTED', 'FINDING'] },
          // what nullableObject writes
          latest: {
            anyOf: [
              { $ref: '#/components/schemas/Latest' },
              { type: 'object', nullable: true, enum: [null] },
            ],
          },
          // what @ApiProperty({ type: Dto, nullable: true }) writes: allOf still refuses null
          notice: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/Latest' }] },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

const ID = '5f0c6f0e-3c1a-4a55-9a43-0d1c2f1b7c11';
const item = (over: Record<string, unknown> = {}) => ({
  id: ID,
  answer: 'YES',
  verdict: 'ACCEPTED',
  latest: { at: '2026-04-01T00:00:00.000Z' },
  notice: { at: '2026-04-01T00:00:00.000Z' },
  ...over,
});

function answer(over: Partial<Answer> & { body?: unknown }): Answer {
  const { body, ...rest } = over;
  const text = body === undefined ? null : JSON.stringify(body);
  return {
    method: 'GET',
    route: '/api/items/:id',
    url: `/api/items/${ID}`,
    status: 200,
    contentType: 'application/json; charset=utf-8',
    text,
    hasBody: text !== null,
    ...rest,
  };
}

function problemsOf(...answers: Answer[]): string[] {
  const recorder = new ConformanceRecorder(doc);
  for (const a of answers) recorder.record(a);
  return recorder.problems.map((p) => `${p.answer}: ${p.problem}`);
}

describe('the OpenAPI conformance check', () => {
  it('should pass an answer the document describes, nulls included where the schema allows them', () => {
    expect(
      problemsOf(answer({ body: item() }), answer({ body: item({ answer: null, latest: null }) })),
    ).toEqual([]);
    expect(problemsOf(answer({ method: 'DELETE', status: 204, contentType: undefined }))).toEqual([]);
  });

  it('should refuse null where the enum or the allOf beside `nullable` does not allow it', () => {
    expect(problemsOf(answer({ body: item({ verdict: null }) }))).toEqual([
      'GET /api/items/{id} 200: /verdict must be equal to one of the allowed values ["ACCEPTED","FINDING"] ' +
        '(schema #/properties/verdict/enum); got null',
    ]);
    const notice = problemsOf(answer({ body: item({ notice: null }) }));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatch(/^GET \/api\/items\/\{id\} 200: \/notice must be object/);
  });

  it('should name the instance path of a wrong value, a wrong format and a missing property', () => {
    const { latest: _latest, ...withoutLatest } = item();
    expect(
      problemsOf(
        answer({ body: item({ answer: 'MAYBE' }) }),
        answer({ body: item({ id: 'not-a-uuid', latest: { at: 'yesterday' } }) }),
        answer({ body: withoutLatest }),
      ).map((p) => p.replace(/ \(schema [^)]*\)/, '')),
    ).toEqual([
      'GET /api/items/{id} 200: /answer must be equal to one of the allowed values ["YES","NO",null]; got "MAYBE"',
      'GET /api/items/{id} 200: /id must match format "uuid"; got "not-a-uuid"',
      'GET /api/items/{id} 200: /latest/at must match format "date-time"; got "yesterday"',
      'GET /api/items/{id} 200: /latest must be equal to one of the allowed values [null]; got {"at":"yesterday"}',
      'GET /api/items/{id} 200: /latest must match a schema in anyOf; got {"at":"yesterday"}',
      "GET /api/items/{id} 200: (the body) must have required property 'latest'",
    ]);
  });

  it('should name a property the schema does not', () => {
    expect(
      problemsOf(answer({ body: item({ secret: 'x', latest: { at: '2026-04-01T00:00:00Z', n: 1 } }) })),
    ).toEqual([
      'GET /api/items/{id} 200: /latest/n is not in the schema (an undocumented property)',
      'GET /api/items/{id} 200: /secret is not in the schema (an undocumented property)',
    ]);
  });

  it('should refuse an undocumented status, body and media type, and a route missing from the document', () => {
    const error = { statusCode: 409, code: 'X.Y', message: 'm', requestId: ID };
    expect(
      problemsOf(
        answer({ status: 409, body: error }),
        answer({ method: 'DELETE', status: 204, body: { ok: true } }),
        // A PDF route's JSON 404, documented only as a PDF
        answer({
          route: '/api/items/:id/sheet.pdf',
          url: `/api/items/${ID}/sheet.pdf`,
          status: 404,
          body: error,
        }),
        answer({
          route: '/api/items/:id/sheet.pdf',
          url: `/api/items/${ID}/sheet.pdf`,
          contentType: 'text/csv',
          text: null,
          hasBody: true,
        }),
        answer({ route: '/api/other', url: '/api/other', body: {} }),
      ),
    ).toEqual([
      'GET /api/items/{id} 409: status 409 is not documented (documented: 200, 404)',
      'DELETE /api/items/{id} 204: answers a application/json body where the document describes none',
      'GET /api/items/{id}/sheet.pdf 404: answers application/json where the document has application/pdf',
      'GET /api/items/{id}/sheet.pdf 200: answers text/csv where the document has application/pdf',
      'GET /api/other 200: the route is not in the OpenAPI document',
    ]);
  });

  it('should leave web pages, the document itself and unrouted answers alone, and list a repeated problem once', () => {
    expect(
      problemsOf(
        answer({
          route: '/contracts/:id',
          url: '/contracts/1',
          contentType: 'text/html',
          text: '<p>',
          hasBody: true,
        }),
        answer({ route: '/api/docs-json', url: '/api/docs-json', body: {} }),
        answer({ route: undefined, url: '/api/nowhere', status: 404, body: {} }),
      ),
    ).toEqual([]);
    const list = [item({ verdict: null }), item({ verdict: null })];
    const recorder = new ConformanceRecorder({
      ...doc,
      paths: {
        '/api/items': {
          get: {
            responses: { '200': json({ type: 'array', items: { $ref: '#/components/schemas/Item' } }) },
          },
        },
      },
    } as unknown as OpenApiDocument);
    recorder.record(answer({ route: '/api/items', url: '/api/items', body: list }));
    recorder.record(answer({ route: '/api/items', url: '/api/items', body: list }));
    expect(recorder.problems.map((p) => p.problem)).toEqual([
      '/0/verdict must be equal to one of the allowed values ["ACCEPTED","FINDING"] (schema #/properties/verdict/enum); got null',
    ]);
    expect(recorder.failureMessage()).toContain('GET /api/items 200 (/api/items): /0/verdict');
  });
});
