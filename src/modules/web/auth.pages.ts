import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Origin, Public, SignedIn } from '../../common/auth/access.decorator';
import { SESSION_COOKIE } from '../../common/auth/access.guard';
import type { Actor, RequestOrigin } from '../../common/auth/actor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { AuthService } from '../auth/auth.service';
import { KeptForms } from '../auth/kept-forms';
import { LoginRequest } from '../auth/dto/login.dto';
import { formErrorsOf, parseForm } from './web-forms';
import { WebPage } from './web-page';

/**
 * Where to go after sign-in: a path on this site only (never another host: no open redirect), percent-encoded as
 * a Location header must be, or `/`. Control characters are refused before parsing (the URL parser would drop a
 * tab silently and turn `/\t/evil` into `//evil`), and the parsed path must not start with `//` either.
 */
/** Messages of the sign-in page, chosen by `flash` in its query string. */
export const SIGN_IN_FLASH: Record<string, string> = {
  'signed-out': 'サインアウトしました。',
  // A form was posted after the session ended and is kept (KeptForms).
  expired:
    '一定時間操作がなかったため、サインアウトしました。入力した内容は保持しています。再度サインインしてください。',
  timeout: '一定時間操作がなかったため、サインアウトしました。再度サインインしてください。',
};

export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f\\]/u.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://itaku-guard.invalid');
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (
    url.origin !== 'http://itaku-guard.invalid' ||
    path.startsWith('//') ||
    url.pathname.startsWith('/login')
  ) {
    return '/';
  }
  return path;
}

@ApiExcludeController()
@Controller()
export class AuthPages {
  constructor(
    private readonly auth: AuthService,
    private readonly page: WebPage,
    private readonly keptForms: KeptForms,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get('login')
  @Public()
  async loginForm(
    @Query('next') next: unknown,
    @Query('flash') flash: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply.view(
      'login',
      await this.page.model(null, reply, 'サインイン', {
        next: safeNext(next),
        flash: typeof flash === 'string' ? (SIGN_IN_FLASH[flash] ?? null) : null,
      }),
    );
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(
    @Body() body: Record<string, unknown>,
    @Query('next') next: unknown,
    @Origin() origin: RequestOrigin,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(LoginRequest, { email: body.email, password: body.password });
    const values = { email: typeof body.email === 'string' ? body.email : '' };
    if (!form.ok) {
      await reply
        .status(400)
        .view('login', await this.page.model(null, reply, 'サインイン', { ...form.errors, values, next }));
      return;
    }
    try {
      const session = await this.auth.login(form.value.email, form.value.password, origin);
      void reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: this.config.session.absoluteHours * 3600,
      });
      // A form kept in this browser for someone else is dropped; the same user gets it back on its page.
      this.keptForms.afterSignIn(request, reply, session.user.id);
      await reply.status(303).redirect(safeNext(next));
    } catch (error) {
      // Wrong credentials and throttling are shown on the form like any other refusal.
      const errors = formErrorsOf(error, ['INVALID', 'UNAUTHENTICATED', 'TOO_MANY']);
      await reply
        .status(401)
        .view('login', await this.page.model(null, reply, 'サインイン', { ...errors, values, next }));
    }
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(303)
  async logout(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.auth.logout(actor);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    await reply.status(303).redirect('/login?flash=signed-out');
  }
}
