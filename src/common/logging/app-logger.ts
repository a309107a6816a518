/**
 * The process's logger: one pino instance, JSON lines on stdout, used by Nest (as its
 * `LoggerService`) and by the HTTP request log. Every line, request-bound or not (bootstrap,
 * jobs), carries the current correlation id.
 *
 * Written here rather than taken from an adapter package: the one that was used declares a
 * newer Node.js than this product supports, and what is needed is a few dozen lines.
 */
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { type Logger as Pino, type LevelWithSilent, pino } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { currentCorrelationId } from './correlation.js';

/** Paths whose successful requests are not logged line by line (probes and scrapes). */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

export interface AppLoggerOptions {
  level: string;
  role: string;
  /** Where the lines go; stdout unless given (tests pass a stream to read them). */
  destination?: NodeJS.WritableStream;
}

export function createPino(options: AppLoggerOptions): Pino {
  const settings = {
    level: options.level as LevelWithSilent,
    base: { service: 'einvoice', role: options.role },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** Nest's calls (`log(message, ...params, context)`) turned into pino lines. */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    // Nest passes (message, stack, context); an Error may also come as the message itself.
    const [context, rest] = splitContext(params);
    const stack = typeof rest[0] === 'string' && rest[0].includes('\n') ? rest.shift() : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.pino.error({ ...fields, err: message }, message.message);
    } else if (isPlainObject(message)) {
      this.pino.error({ ...fields, ...message, ...(stack ? { stack } : {}) });
    } else {
      this.pino.error({ ...fields, ...(stack ? { stack } : {}), ...extra(rest) }, String(message));
    }
  }
  setLogLevels(levels: LogLevel[]): void {
    // Nest's levels map onto pino's: the most verbose one given wins.
    const order: [LogLevel, string][] = [
      ['verbose', 'trace'],
      ['debug', 'debug'],
      ['log', 'info'],
      ['warn', 'warn'],
      ['error', 'error'],
      ['fatal', 'fatal'],
    ];
    const found = order.find(([nest]) => levels.includes(nest));
    this.pino.level = found ? found[1] : 'silent';
  }

  private write(
    level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    params: unknown[],
  ): void {
    const [context, rest] = splitContext(params);
    const fields: Record<string, unknown> = { ...(context ? { context } : {}), ...extra(rest) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (isPlainObject(message)) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}

/** Nest appends the context (a class name) as the last string parameter. */
function splitContext(params: unknown[]): [string | undefined, unknown[]] {
  if (params.length > 0 && typeof params[params.length - 1] === 'string') {
    return [params[params.length - 1] as string, params.slice(0, -1)];
  }
  return [undefined, params.slice()];
}

function extra(rest: unknown[]): Record<string, unknown> {
  if (rest.length === 0) return {};
  if (rest.length === 1 && isPlainObject(rest[0])) return rest[0];
  return { params: rest };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Error);
}

/**
 * The request log: one line per answered request (method, URL, status, time), none for
 * the probes' successful calls. The correlation middleware ran first and put the id on
 * the request.
 */
export function httpLogger(logger: Pino): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
    customAttributeKeys: { reqId: 'correlationId' },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: {
      ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? ''),
    },
  });
}
