import { type ExecutionContext, Logger } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { TransactionService } from '../../database/transaction.service';
import type { AuthService } from '../../modules/auth/auth.service';
import type { KeptForms } from '../../modules/auth/kept-forms';
import { DomainError } from '../errors/domain-error';
import { AccessGuard, SESSION_COOKIE, tokenOf } from './access.guard';

function request(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  cookies: Record<string, string> = {},
): FastifyRequest {
  return { method, url, headers, cookies } as unknown as FastifyRequest;
}

describe('access guard', () => {
  describe('which token a request carries', () => {
    it('should take the Bearer token from the Authorization header', () => {
      expect(tokenOf(request('POST', '/api/contracts', { authorization: 'Bearer abc_DEF-123' }))).toBe(
        'abc_DEF-123',
      );
      expect(tokenOf(request('GET', '/api/contracts', { authorization: 'Bearer   tok' }))).toBe('tok');
    });

    it.each([
      ['another scheme', 'Basic abc'],
      ['no token', 'Bearer '],
      ['characters outside base64url', 'Bearer abc.def'],
      ['text after the token', 'Bearer abc def'],
      ['text before the scheme', 'xBearer abc'],
    ])('should refuse a malformed header (%s), even when a session cookie is present', (_what, header) => {
      expect(
        tokenOf(request('GET', '/contracts', { authorization: header }, { [SESSION_COOKIE]: 'cookie' })),
      ).toBe(null);
    });

    it('should accept the session cookie for pages and for reading the API', () => {
      const cookie = { [SESSION_COOKIE]: 'cookie-token' };
      expect(tokenOf(request('POST', '/contracts/new', {}, cookie))).toBe('cookie-token');
      expect(tokenOf(request('GET', '/api/contracts/1/clauses.pdf', {}, cookie))).toBe('cookie-token');
      expect(tokenOf(request('HEAD', '/api/evidence/1', {}, cookie))).toBe('cookie-token');
    });

    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('should not let a cookie ride into an API %s', (method) => {
      expect(tokenOf(request(method, '/api/contracts', {}, { [SESSION_COOKIE]: 'cookie-token' }))).toBeNull();
    });

    it('should find no token when there is neither header nor cookie', () => {
      expect(tokenOf(request('GET', '/contracts'))).toBeNull();
      expect(tokenOf(request('GET', '/contracts', {}, { other: 'x' }))).toBeNull();
    });
  });

  it('should refuse a route that declares no access rule (deny by default)', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const reflector = { getAllAndOverride: () => undefined } as unknown as Reflector;
    const guard = new AccessGuard(reflector, {} as AuthService, {} as TransactionService, {} as KeptForms);
    const context = {
      getHandler: () => undefined,
      getClass: () => undefined,
      switchToHttp: () => ({ getRequest: () => request('GET', '/somewhere') }),
    } as unknown as ExecutionContext;
    const refused = await guard.canActivate(context).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('AUTH.NO_ACCESS_RULE');
  });
});
