import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

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
