import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { TransactionService } from '../../database/transaction.service';
import { AuthService } from '../../modules/auth/auth.service';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-error';
import { ACCESS_KEY, type AccessRule, type AuthenticatedRequest } from './access.decorator';

export const SESSION_COOKIE = 'ig_session';

/**
 * Deny by default: a route without an access declaration is refused (and the route-inventory test fails on it).
 * Resolves the session from the Bearer header (API) or the session cookie (web UI), then checks the role.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly tx: TransactionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rule) {
      this.logger.error({ url: request.url }, 'route has no access declaration');
      throw new ForbiddenError('AUTH.NO_ACCESS_RULE');
    }
    if (rule.kind === 'public') return true;

    const token = tokenOf(request);
    if (!token) throw new UnauthenticatedError();
    const actor = await this.auth.authenticate(token, { requestId: request.id, ip: request.ip });
    request.actor = actor;
    if (rule.kind === 'roles' && !rule.roles.includes(actor.role)) {
      // Refused access is part of the audit trail (policy: who tried what).
      await this.tx.run((t) =>
        t.audit({
          actor,
          action: 'access.denied',
          entityType: 'route',
          entityId: null,
          summary: { method: request.method, route: request.routeOptions.url ?? request.url },
        }),
      );
      throw new ForbiddenError();
    }
    return true;
  }
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+([A-Za-z0-9_-]+)$/.exec(header);
    return match ? match[1] : null;
  }
  // The web UI's session cookie works for its pages (whose forms carry a CSRF token) and for reading API
  // resources the pages link to (PDF and evidence downloads); changing anything through /api needs the Bearer
  // header, so no cookie can be ridden into an API write.
  if (request.url.startsWith('/api/') && request.method !== 'GET' && request.method !== 'HEAD') return null;
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  return cookies?.[SESSION_COOKIE] ?? null;
}
