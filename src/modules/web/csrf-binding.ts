import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../common/auth/access.guard';

/**
 * What a form's CSRF token is bound to: a digest of the session cookie (never the cookie itself), or a fixed
 * word before signing in. A token shown in one session is refused in another, and one from the sign-in page stops
 * working once signed in.
 */
export function csrfSessionBinding(request: FastifyRequest): string {
  const session = request.cookies?.[SESSION_COOKIE];
  // Never empty: the token library refuses an empty binding.
  return session ? createHash('sha256').update(session).digest('base64url') : 'signed-out';
}
