import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { documentErrorsEverywhere } from './common/http/api-errors.decorator';
import { createRootLogger, NestPinoLogger } from './common/logging/logger';
import { assertCleanStrings } from './common/validation/string-guard';
import { loadCatalogue } from './modules/clauses/catalogue.loader';
import { MAX_EVIDENCE_BYTES } from './modules/evidence/media-types';
import type { AppConfig } from './config/env';
import { csrfSessionBinding } from './modules/web/csrf-binding';
import { configureViews, isWebRequest } from './modules/web/web-setup';

export const BODY_LIMIT = 1024 * 1024;

/**
 * multipart/form-data (evidence uploads) is streamed by the route that reads it, never buffered by a parser, so
 * BODY_LIMIT still bounds every JSON body; these bound a multipart one: one file, a few short fields.
 */
export const MULTIPART_LIMITS = {
  fileSize: MAX_EVIDENCE_BYTES,
  files: 1,
  fields: 5,
  fieldNameSize: 100,
  fieldSize: 1024,
  parts: 10,
  headerPairs: 20,
};

const STRICT_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
};
/** Swagger UI's page carries an inline style block; only /api/docs gets that exception. */
const DOCS_CSP =
  "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; script-src 'self'; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data:";

/**
 * Builds the whole application (used by main.ts, the tests and the benchmarks), not yet listening. The log lines
 * go to standard output, or to `options.logDestination`.
 */
export async function createApp(
  config: AppConfig,
  options: { logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  // The clause catalogue first: a broken entry stops the start-up here, naming its file and field.
  const catalogue = loadCatalogue(config.clausesDir);
  const rootLogger = createRootLogger(config.logLevel, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: rootLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(config.trustProxy),
    requestIdHeader: false,
    // The request id is the server's own: it goes into the audit trail, so a client must not choose it (issue 13,
    // item 12). A client's X-Request-Id is kept apart, in the request's log lines (clientRequestId).
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, catalogue),
    adapter,
    {
      logger: new NestPinoLogger(rootLogger),
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  refuseOversizedBeforeContinue(app.getHttpServer());

  // helmet's security headers on every response. The middleware is built once here: @fastify/helmet builds it
  // anew for every request, which cost more than the session lookup in the read profile.
  // HSTS only means something over HTTPS (browsers ignore it over HTTP), so it is sent only there; behind a TLS
  // proxy the request is HTTPS only when TRUST_PROXY lets X-Forwarded-Proto say so.
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: STRICT_CSP },
    strictTransportSecurity: false,
    // The page a form was posted from (Referer) goes to this site only: a form posted after the session ended is
    // kept and given back on that page after signing in again (issue 15). Other sites get no Referer at all.
    referrerPolicy: { policy: 'same-origin' },
  });
  let warnedProxy = false;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') {
      void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    } else if (
      !warnedProxy &&
      config.trustProxy === false &&
      request.headers['x-forwarded-proto'] === 'https'
    ) {
      warnedProxy = true;
      rootLogger.warn(
        'requests arrive through a TLS proxy (X-Forwarded-Proto: https) but TRUST_PROXY is not set: the session ' +
          'cookie is not marked Secure and HSTS is not sent. Set TRUST_PROXY to the proxy (README, production).',
      );
    }
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  await app.register(fastifyCookie);
  // The web UI: CSRF tokens for its forms (Nest's Fastify adapter parses urlencoded bodies), the templates
  // and the stylesheet.
  await app.register(fastifyCsrf, {
    cookieKey: 'ig_csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: 'auto' },
    // Each token is bound to the session it was shown in (a digest of the session cookie), so a token taken
    // from another session, or from before signing in, is refused.
    getUserInfo: csrfSessionBinding,
    csrfOpts: { hmacKey: createHmac('sha256', config.auditHmacKey).update('itaku-guard csrf').digest() },
    // From the form field, or, for multipart uploads (whose body is read later, by the handler), from the
    // action URL's query string.
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.query as { _csrf?: string } | undefined)?._csrf,
  });
  configureViews(app, config);
  await app.register(fastifyMultipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: true });

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const given = request.headers['x-request-id'];
    if (given !== undefined) {
      const clientRequestId = (Array.isArray(given) ? given.join(',') : given).slice(0, 128);
      request.log = request.log.child({ clientRequestId });
      // One line ties the client's id to ours (reqId), for tracing a request across systems.
      request.log.info('client request id');
    }
    done();
  });
  fastify.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    try {
      assertCleanStrings(request.body, 'body');
      assertCleanStrings(request.query, 'query');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  // Every form the web UI posts must carry its CSRF token (API writes need a Bearer token, never a cookie).
  fastify.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !isWebRequest(request)) return done();
    fastify.csrfProtection(request, reply, done);
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/docs')) {
      void reply.header('content-security-policy', DOCS_CSP);
    } else if (!request.url.startsWith('/static/')) {
      // API answers and every page: a page may show a company's contacts, and Back after signing out must not
      // bring it up from the browser's cache. Only the stylesheet may be cached.
      void reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  const document = buildOpenApiDocument(app);
  documents.set(app, document);
  // Off by default in production (API_DOCS): the document maps every route for whoever asks.
  if (config.apiDocs) {
    SwaggerModule.setup('api/docs', app, document, {
      jsonDocumentUrl: 'api/docs-json',
      yamlDocumentUrl: 'api/docs-yaml',
    });
  }

  // On SIGTERM/SIGINT: refuse new requests, let those in flight finish, close, then exit with 0 (a finished
  // graceful stop). Without useProcessExit Nest re-raises the signal, so the process died "by SIGTERM".
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}

/** The most a multipart body may declare: one evidence file and a few short fields. */
const MULTIPART_BODY_LIMIT = MAX_EVIDENCE_BYTES + 64 * 1024;

/**
 * A client that asks `Expect: 100-continue` waits for the go-ahead before sending its body. Node gives it at once
 * by default, so a body over the limit was then cut off by the 413 halfway through its upload, and many clients
 * saw a broken connection instead of the answer. Here a declared Content-Length over the limit (1 MiB for JSON,
 * the evidence limit for multipart) is answered 413 before any body is sent; anything else gets its 100 Continue.
 */
function refuseOversizedBeforeContinue(server: Server): void {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    const declared = Number(request.headers['content-length']);
    const multipart = /^multipart\/form-data/iu.test(request.headers['content-type'] ?? '');
    const limit = multipart ? MULTIPART_BODY_LIMIT : BODY_LIMIT;
    if (Number.isFinite(declared) && declared > limit) {
      const requestId = randomUUID();
      const body = JSON.stringify({
        statusCode: 413,
        code: 'REQUEST.TOO_LARGE',
        message: 'リクエストが大きすぎます。',
        details: { limitBytes: limit },
        requestId,
      });
      response.writeHead(413, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
        'x-request-id': requestId,
        connection: 'close',
      });
      response.end(body);
      return;
    }
    response.writeContinue();
    server.emit('request', request, response);
  });
}

const documents = new WeakMap<NestFastifyApplication, OpenAPIObject>();

/**
 * The OpenAPI document of an app made by createApp, as /api/docs-json serves it (also when API_DOCS=false): the
 * tests check every answer against it.
 */
export function openApiDocumentOf(app: NestFastifyApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('not an app made by createApp');
  return document;
}

function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('itaku-guard API')
      .setDescription(
        '委託先の情報セキュリティ管理（情報セキュリティ基本方針 第6条第6号ア）: contractors, contracts and their ' +
          'security clauses, periodic self-assessments, improvement orders and the audit log. Every error answers ' +
          '{statusCode, code, message, details?, requestId}.',
      )
      .setVersion('0.1.0')
      .setLicense('Proprietary', 'https://example.invalid/itaku-guard/license')
      .addBearerAuth()
      .addServer('/')
      .build(),
  );
  markPublicOperations(document);
  documentErrorsEverywhere(document);
  return document;
}

/** Routes declared @Public() carry no bearer requirement: say so explicitly (`security: []`). */
function markPublicOperations(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = path[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
}

/** A hop count becomes "trust the n closest proxies"; Fastify's typings know only booleans and address lists. */
function trustProxyOption(
  value: AppConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}
