/**
 * Builds the Nest application with every global piece (logger, correlation ids, security
 * headers, cookies, the error filter, OpenAPI). `main.ts` and the tests both go through
 * here, so what is tested is what runs.
 */
import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { correlationMiddleware } from './common/logging/correlation.middleware.js';
import { AppLogger, createPino, httpLogger } from './common/logging/app-logger.js';
import { SESSION_COOKIE } from './modules/auth/auth.contract.js';
import { JobQueue } from './modules/jobs/job.queue.js';
import { ErrorPageRenderer } from './modules/web/error-page.renderer.js';

export const OPENAPI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** The HTTP application (process roles `api` and `all`). Call `listen` on the result. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  // The adapter is passed explicitly: Nest's lazy adapter loader calls process.exit when
  // its dynamic import fails (as it can inside Jest), which would end a whole test run.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config),
    new ExpressAdapter(),
    {
      bufferLogs: true,
      // Throw instead of exiting, so main.ts can stop the embedded database and tests can fail.
      abortOnError: false,
    },
  );
  const logger = createPino({ level: config.logLevel, role: config.processRole });
  app.useLogger(new AppLogger(logger));
  app.use(correlationMiddleware);
  app.use(httpLogger(logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  const https = config.publicBaseUrl.startsWith('https:');
  // The UI is server-rendered with external scripts and styles only: no inline code.
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'upgrade-insecure-requests': https ? [] : null,
  };
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: true, directives },
      strictTransportSecurity: https,
      // Not helmet's no-referrer: under it a browser sends `Origin: null` even with the UI's
      // own form posts, and the CSRF check (request-origin.ts) needs their real origin.
      // Referrers still never leave the site.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // The bundled Swagger UI page carries an inline <style>; only its pages get the exception.
  app.use(
    `/${OPENAPI_PATH}`,
    helmet.contentSecurityPolicy({
      useDefaults: true,
      directives: { ...directives, 'style-src': ["'self'", "'unsafe-inline'"] },
    }),
  );
  app.use(cookieParser());
  // Browsers asking for a page get errors as pages of the UI; everyone else gets JSON.
  app.useGlobalFilters(new DomainErrorFilter(app.get(ErrorPageRenderer)));
  setupOpenApi(app);
  // Initialised here rather than by listen(), so the jobs start with the logger attached.
  await app.init();
  await app.get(JobQueue).startWorking();
  return app;
}

/** The application context of a `worker` process: all modules, no HTTP server. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  ctx.useLogger(new AppLogger(createPino({ level: config.logLevel, role: config.processRole })));
  await ctx.get(JobQueue).startWorking();
  return ctx;
}

function setupOpenApi(app: INestApplication): void {
  const doc = new DocumentBuilder()
    .setTitle('einvoice-intake API')
    .setDescription(
      'E-invoice receipt: intake, validation, approval, filing and postings. ' +
        'Staff sign in with a session cookie; systems use `Authorization: Bearer <api key>`. ' +
        'Request bodies are JSON (`Content-Type: application/json`, 415 otherwise). A change ' +
        '(POST/PUT/PATCH/DELETE) authenticated by the session cookie must come from the ' +
        "application's own origin (`Origin`/`Referer`) or carry the `einvoice_csrf` cookie's " +
        'value in `X-CSRF-Token`; with a bearer token neither is needed.',
    )
    .setVersion('1')
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key of an API client' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH });
}
