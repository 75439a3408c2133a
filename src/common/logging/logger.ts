import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs through pino, shared by Fastify (request logs carry the request id) and Nest.
 * Credentials never reach a log line: the redaction list covers headers and the body fields that carry them.
 */
/** The parts of a request a log line keeps: never a CSRF token carried in the query string (multipart forms). */
function requestLine(req: {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  id?: string;
}): object {
  return {
    method: req.method,
    url: withoutCsrf(req.url ?? ''),
    host: req.hostname,
    remoteAddress: req.ip,
  };
}

/** `/orders/1/report?_csrf=abc&x=1` → `/orders/1/report?_csrf=[redacted]&x=1`. */
export function withoutCsrf(url: string): string {
  return url.replace(/([?&]_csrf=)[^&#]*/giu, '$1[redacted]');
}

export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'itaku-guard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.passwordHash',
        '*.tokenHash',
      ],
      censor: '[redacted]',
    },
    serializers: { req: requestLine },
  };
  // Standard output unless told otherwise (the tests read a whole journey's log lines for secrets).
  return destination ? pino(options, destination) : pino(options);
}

export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest calls (message, context) or (message, stack, context); our code calls (object, message, context). */
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message !== null && typeof message === 'object') {
      const text = typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
      this.root[level]({ context, ...(message as Record<string, unknown>) }, text);
      return;
    }
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    this.root[level]({ context, stack }, String(message));
  }
}
