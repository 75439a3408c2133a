import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../http/api-errors.decorator';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../modules/users/user.entity';
import type { Actor, RequestOrigin } from './actor';

export const ACCESS_KEY = 'itaku:access';

/** Every route declares who may call it; the guard refuses a route without a declaration (deny by default). */
export type AccessRule = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'roles'; roles: Role[] };

/** Callable by the listed roles only. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'Not signed in, or the session ended', type: ErrorResponse }),
    ApiResponse({ status: 403, description: `Allowed for: ${roles.join(', ')}`, type: ErrorResponse }),
  );
/** Callable by any signed-in user (the service still scopes what it returns). */
export const SignedIn = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'signed-in' } satisfies AccessRule),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'Not signed in, or the session ended', type: ErrorResponse }),
  );
/** Callable without signing in: sign-in itself and the health check. */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route that is not signed in');
  return actor;
});

export const Origin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOrigin =>
  originOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

export function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip ?? null };
}
