import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TransactionService } from '../../database/transaction.service';
import { AuthService } from '../../modules/auth/auth.service';
import { KeptForms } from '../../modules/auth/kept-forms';
import { isWebRequest } from '../../modules/web/web-setup';
import { DomainError, ForbiddenError, UnauthenticatedError } from '../errors/domain-error';
import { ACCESS_KEY, type AccessRule, type AuthenticatedRequest } from './access.decorator';
import type { Actor } from './actor';

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
    private readonly keptForms: KeptForms,
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
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const actor = await this.authenticateKeepingForm(request, reply, token);
    request.actor = actor;
    // A page viewed after signing in again gets back the form kept when the session ended (issue 15).
    if (request.method === 'GET' && isWebRequest(request)) {
      const kept = this.keptForms.take(request, reply, actor.userId);
      if (kept) reply.locals = { ...(reply.locals ?? {}), kept };
    }
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

  /**
   * A web form posted after its session ended by time is kept for that session's user (KeptForms); the request
   * is refused all the same, and the error page sends the browser to sign in and come back to the form.
   */
  private async authenticateKeepingForm(
    request: AuthenticatedRequest,
    reply: FastifyReply,
    token: string,
  ): Promise<Actor> {
    try {
      return await this.auth.authenticate(token, { requestId: request.id, ip: request.ip });
    } catch (error) {
      if (
        error instanceof DomainError &&
        error.code === 'AUTH.SESSION_EXPIRED' &&
        request.method === 'POST' &&
        isWebRequest(request) &&
        !request.headers.authorization
      ) {
        const page = await this.keptForms.keepExpiredPost(request, reply, token);
        if (page) (request as KeepingRequest).keptFormPage = page;
      }
      throw error;
    }
  }
}

/** A request whose form was kept: the page to come back to after signing in (read by the error page). */
export type KeepingRequest = FastifyRequest & { keptFormPage?: string };

export function tokenOf(request: FastifyRequest): string | null {
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
