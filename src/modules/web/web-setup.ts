import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/view';
import type {} from '@fastify/csrf-protection';
import Handlebars from 'handlebars';
import type { AppConfig } from '../../config/env';
import { registerViewHelpers } from './view-helpers';

export const VIEWS_DIR = join(process.cwd(), 'templates/views');
const STATIC_DIR = join(process.cwd(), 'templates/static');

/** A request for the web UI (an HTML page or form), not for the JSON API, the docs or the health check. */
export function isWebRequest(request: FastifyRequest): boolean {
  const url = request.url;
  return !url.startsWith('/api/') && !url.startsWith('/api?') && url !== '/api' && !url.startsWith('/health');
}

/** Handlebars pages from templates/views with one layout and the partials, and the stylesheet under /static. */
export function configureViews(app: NestFastifyApplication, config: AppConfig): void {
  const hbs = Handlebars.create();
  registerViewHelpers(hbs);
  const partialsDir = join(VIEWS_DIR, 'partials');
  const partials = Object.fromEntries(
    readdirSync(partialsDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [basename(f, '.hbs'), join('partials', f)]),
  );
  app.setViewEngine({
    engine: { handlebars: hbs },
    templates: VIEWS_DIR,
    layout: 'layout.hbs',
    includeViewExtension: true,
    production: config.nodeEnv === 'production',
    // The session's idle limit goes to the page (data-idle-seconds on <body>): app.js warns before it ends.
    defaultContext: {
      orgName: config.orgName,
      productName: config.productName,
      idleSeconds: config.session.idleMinutes * 60,
      idleMinutes: config.session.idleMinutes,
    },
    // preventIndent: a partial on a line of its own would otherwise indent every line it prints, the lines of a
    // textarea's value included, so each save of a multi-line text added spaces to it.
    options: { partials, compileOptions: { preventIndent: true } },
  });
  app.useStaticAssets({ root: STATIC_DIR, prefix: '/static/', decorateReply: false });
}
