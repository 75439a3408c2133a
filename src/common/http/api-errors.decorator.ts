import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';

export class ErrorResponse {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'CONTRACTOR.NOT_FOUND', description: 'Stable error code' }) code!: string;
  @ApiProperty({ example: '指定された委託先が見つかりません。' }) message!: string;
  @ApiProperty({ required: false, description: 'Field problems or other structured detail' })
  details?: object;
  @ApiProperty({ example: '5f0c6f0e-3c1a-4a55-9a43-0d1c2f1b7c11' }) requestId!: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request, unknown field or invalid value',
  401: 'Not signed in, or the session ended',
  403: 'The role may not do this',
  404: 'Missing, or not visible to the caller',
  409: 'Stale version, duplicate, or not allowed in the current state',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'A business rule refused the request',
  429: 'Too many attempts, or too many drafts of this user in the making; Retry-After says when to try again',
  503: 'Database unavailable, or the document renderer busy; Retry-After says when to try again',
};

/** Documents the error answers of a route, all in the one error shape (401/403 come with the access decorators). */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const decorators = statuses.map((status) =>
    ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorResponse }),
  );
  return applyDecorators(...decorators);
}

const ERROR_SCHEMA = '#/components/schemas/ErrorResponse';
const WRITE_METHODS = ['post', 'put', 'patch'] as const;

/**
 * What the decorators cannot say route by route, said once for the whole document:
 * - every error answers JSON, also on the routes that send a PDF, a CSV or an evidence file. @ApiProduces gives its
 *   media types to all of a route's answers, so their error answers said application/pdf (text/csv, image/png …),
 *   and a client generated from the document expected a PDF where the API answers a JSON 404;
 * - every write route answers 413 to a body over the limit and 415 to a media type it does not read: Fastify
 *   refuses both before any handler runs, whatever the route.
 */
export function documentErrorsEverywhere(document: OpenAPIObject): void {
  // A new object each time: a shared one would come out of the YAML document as an anchor and aliases.
  const errorContent = () => ({ 'application/json': { schema: { $ref: ERROR_SCHEMA } } });
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = path[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]/.test(status) || !response || !('content' in response) || !response.content) continue;
        const schemas = Object.values(response.content).map((media) => media.schema);
        if (schemas.some((schema) => schema && '$ref' in schema && schema.$ref === ERROR_SCHEMA)) {
          response.content = errorContent();
        }
      }
      if (!(WRITE_METHODS as readonly string[]).includes(method)) continue;
      for (const status of [413, 415]) {
        operation.responses[status] ??= { description: DESCRIPTIONS[status], content: errorContent() };
      }
    }
  }
}
