/**
 * No request body can end the process. The built server runs as a child process (role
 * `all`: API, workers and mailbox polling in one process, as on a laptop), so an uncaught
 * exception or an unhandled rejection ends it — exactly as in production, where main.ts
 * shuts down on either. Every route that may take a body (POST, PUT, PATCH, DELETE, as the
 * running application mapped them: API, Peppol endpoint and the web UI's forms) gets every
 * malformed body below: truncated and mis-bounded multipart, bad encodings, invalid JSON,
 * wrong content types, huge headers, broken chunked framing, over-large bodies, slow
 * uploads and uploads the client aborts mid-body. After each the server must still answer
 * `/health/live`, the process must still run, and an answer (where one comes) is a
 * 2xx/4xx — never a 5xx. At the end a valid invoice still goes through.
 */
import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { leitwegCheckDigits } from '../../../src/modules/tenants/leitweg-id.js';
import { buildUblInvoice } from '../../../src/modules/validation/testing/invoice-factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { cliJson, ensureBuilt, freePort, type RunningProcess, startProcess } from '../../support/process.js';
import { TEST_REDIS_URL } from '../../support/app.js';
import { waitFor } from '../../support/wait.js';

jest.setTimeout(600_000);

const run = randomBytes(4).toString('hex');
const LEITWEG = `04011000-66666-${leitwegCheckDigits('04011000', '66666')}`;
/** Small, so that "larger than allowed" is cheap to send. */
const UPLOAD_MAX_BYTES = 65_536;
const ADMIN_PASSWORD = `Robust-${randomBytes(12).toString('hex')}`;

let db: TestDatabase;
let dataDir: string;
let server: RunningProcess;
let port: number;
let base: string;
let supplierKey: string;
let apKey: string;
let financeKey: string;
let adminToken: string;

// ---------------------------------------------------------------------------------------
// A raw HTTP/1.1 client: fetch cannot send truncated bodies, broken framing or stall.

interface Step {
  readonly data?: Buffer | string;
  readonly waitMs?: number;
}
interface RawRequest {
  readonly head: string;
  readonly steps: readonly Step[];
  /** The client destroys the socket after the last step instead of waiting for an answer. */
  readonly abort?: boolean;
}
interface RawAnswer {
  status?: number;
  code?: string;
  text: string;
  how: 'closed' | 'error' | 'timeout' | 'aborted';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sendRaw(request: RawRequest, timeoutMs = 20_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (how: RawAnswer['how']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({
        status: status ? Number(status) : undefined,
        code: /"code":"([A-Z0-9_]+)"/.exec(text)?.[1],
        text,
        how,
      });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The server may close while the client still writes (a refused, over-large body).
    socket.on('error', () => finish('error'));
    socket.on('close', () => finish('closed'));
    socket.once('connect', () => {
      void (async () => {
        socket.write(request.head);
        for (const s of request.steps) {
          if (s.waitMs) await sleep(s.waitMs);
          if (done || socket.destroyed) return;
          if (s.data !== undefined) socket.write(s.data);
        }
        if (request.abort) finish('aborted');
      })();
    });
  });
}

interface Route {
  readonly method: string;
  readonly path: string;
  /** Headers that authenticate the caller the route wants. */
  readonly auth: Record<string, string>;
  readonly web: boolean;
}

interface BodySpec {
  readonly contentType?: string;
  readonly body?: Buffer | string;
  readonly headers?: Record<string, string>;
  /** Overrides the Content-Length; null omits it (chunked bodies). */
  readonly contentLength?: number | null;
  /** The body split into steps (slow uploads); default: one write of `body`. */
  readonly steps?: readonly Step[];
  readonly abort?: boolean;
}

function request(route: Route, spec: BodySpec): RawRequest {
  const body = spec.body === undefined ? Buffer.alloc(0) : Buffer.from(spec.body);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    'accept-language': 'en',
    ...route.auth,
    ...(spec.contentType !== undefined ? { 'content-type': spec.contentType } : {}),
    ...spec.headers,
  };
  if (spec.contentLength !== null) headers['content-length'] = String(spec.contentLength ?? body.length);
  const head =
    `${route.method} ${route.path} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';
  return { head, steps: spec.steps ?? [{ data: body }], abort: spec.abort };
}

// ---------------------------------------------------------------------------------------
// The malformed bodies.

const part = (boundary: string, name: string, content: string, type = 'application/xml') =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
  `Content-Type: ${type}\r\n\r\n${content}\r\n`;

/** The body of the security report: one part, no closing boundary. */
const TRUNCATED_MULTIPART =
  '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.xml"\r\nContent-Type: application/xml\r\n\r\n<a/>';

function chunked(data: Buffer | string): string {
  const b = Buffer.from(data);
  return `${b.length.toString(16)}\r\n${b.toString('latin1')}\r\n`;
}

/** `steps` pieces of `body`, `gapMs` apart: a client on a very slow line. */
function trickle(body: string, pieces: number, gapMs: number): Step[] {
  const size = Math.ceil(body.length / pieces);
  const steps: Step[] = [];
  for (let i = 0; i < body.length; i += size) steps.push({ data: body.slice(i, i + size), waitMs: gapMs });
  return steps;
}

interface Case {
  readonly name: string;
  readonly spec: (route: Route) => BodySpec;
  /** Several seconds each: these run for all routes at once. */
  readonly slow?: boolean;
}

const MULTIPART = (b: string) => `multipart/form-data; boundary=${b}`;

let bomb: Buffer | undefined;
/** 10 MB of spaces in about 10 kB: a hundred times the JSON limit once inflated. */
const gzipBomb = () => (bomb ??= gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)));

const CASES: readonly Case[] = [
  {
    name: 'truncated multipart (no closing boundary)',
    spec: () => ({ contentType: MULTIPART('XX'), body: TRUNCATED_MULTIPART }),
  },
  {
    name: 'multipart cut inside the part headers',
    spec: () => ({ contentType: MULTIPART('XX'), body: '--XX\r\nContent-Disposition: form-da' }),
  },
  {
    name: 'multipart with a different boundary than declared',
    spec: () => ({ contentType: MULTIPART('YY'), body: `${part('XX', 'a.xml', '<a/>')}--XX--\r\n` }),
  },
  {
    name: 'multipart without a boundary parameter',
    spec: () => ({ contentType: 'multipart/form-data', body: `${part('XX', 'a.xml', '<a/>')}--XX--\r\n` }),
  },
  {
    name: 'multipart with an empty and an over-long boundary',
    spec: () => ({
      contentType: `multipart/form-data; boundary=""; boundary=${'B'.repeat(300)}`,
      body: `${part('B'.repeat(300), 'a.xml', '<a/>')}--${'B'.repeat(300)}--\r\n`,
    }),
  },
  {
    name: 'multipart with broken part headers',
    spec: () => ({
      contentType: MULTIPART('XX'),
      body:
        `--XX\r\nContent-Disposition form-data\r\nno colon here\r\n\r\n<a/>\r\n` +
        `--XX\r\nContent-Disposition: form-data; name="file"; filename="b.xml"\r\nX-Big: ${'h'.repeat(100_000)}\r\n\r\n<b/>\r\n--XX--\r\n`,
    }),
  },
  {
    name: 'multipart with bad encodings in the part headers',
    spec: () => ({
      contentType: `${MULTIPART('XX')}; charset=x-no-such-charset`,
      body: Buffer.concat([
        Buffer.from(
          `--XX\r\nContent-Disposition: form-data; name="file"; filename*=x-bogus''%ZZ%E0%A4; filename="`,
        ),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
        Buffer.from(`.xml"\r\nContent-Type: application/xml; charset=utf-99\r\n\r\n<a/>\r\n--XX--\r\n`),
      ]),
    }),
  },
  {
    name: 'multipart that is only garbage',
    spec: () => ({ contentType: MULTIPART('XX'), body: randomBytes(4096) }),
  },
  {
    name: 'multipart declaring a longer body than it sends, then the client aborts',
    spec: () => ({
      contentType: MULTIPART('XX'),
      body: TRUNCATED_MULTIPART,
      contentLength: 50_000,
      abort: true,
      steps: [{ data: TRUNCATED_MULTIPART }, { waitMs: 200 }],
    }),
  },
  {
    name: 'invalid JSON',
    spec: () => ({ contentType: 'application/json', body: '{"email": "a@example.org", "password": ' }),
  },
  {
    name: 'JSON that is not an object',
    spec: () => ({ contentType: 'application/json', body: '"just a string"' }),
  },
  {
    name: 'JSON with invalid UTF-8',
    spec: () => ({
      contentType: 'application/json; charset=utf-8',
      body: Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xc0, 0x80]), Buffer.from('"}')]),
    }),
  },
  {
    name: 'JSON in an unknown charset',
    spec: () => ({ contentType: 'application/json; charset=x-no-such-charset', body: '{}' }),
  },
  {
    name: 'JSON in UTF-16 with a BOM',
    spec: () => ({
      contentType: 'application/json; charset=utf-16',
      body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":', 'utf16le'), Buffer.from([0xd8])]),
    }),
  },
  {
    name: 'gzip-encoded garbage',
    spec: () => ({
      contentType: 'application/json',
      body: randomBytes(512),
      headers: { 'content-encoding': 'gzip' },
    }),
  },
  {
    name: 'a gzip bomb',
    spec: () => ({
      contentType: 'application/json',
      body: gzipBomb(),
      headers: { 'content-encoding': 'gzip' },
    }),
  },
  {
    name: 'an unknown content encoding',
    spec: () => ({
      contentType: 'application/xml',
      body: '<a/>',
      headers: { 'content-encoding': 'x-squash' },
    }),
  },
  {
    name: 'a malformed form-urlencoded body',
    spec: () => ({
      contentType: 'application/x-www-form-urlencoded',
      body: `a=%zz&b=%E0%A4%A&${'c[]=1&'.repeat(2000)}d[e][f][g][h][i][j]=1`,
    }),
  },
  {
    name: 'XML with an unknown encoding declaration',
    spec: () => ({
      contentType: 'application/xml',
      body: '<?xml version="1.0" encoding="x-no-such-encoding"?><Invoice>\u00e4</Invoice>',
    }),
  },
  {
    name: 'XML in UTF-16 with a BOM, cut in the middle of a character',
    spec: () => ({
      contentType: 'text/xml; charset=utf-16',
      body: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('<Invoice>', 'utf16le'),
        Buffer.from([0x3c]),
      ]),
    }),
  },
  {
    name: 'a wrong content type',
    spec: () => ({ contentType: 'text/plain', body: 'hello' }),
  },
  {
    name: 'a malformed content type',
    spec: () => ({ contentType: ';;; =/=; boundary', body: '<a/>' }),
  },
  {
    name: 'no content type',
    spec: () => ({ body: '<a/>' }),
  },
  {
    name: 'a body larger than the limit, declared',
    spec: () => ({
      contentType: 'application/xml',
      contentLength: UPLOAD_MAX_BYTES * 4,
      steps: [{ data: 'x'.repeat(UPLOAD_MAX_BYTES * 4) }],
    }),
  },
  {
    name: 'a body larger than the limit, chunked',
    spec: () => ({
      contentType: 'application/xml',
      contentLength: null,
      headers: { 'transfer-encoding': 'chunked' },
      steps: [
        ...Array.from({ length: 8 }, () => ({ data: chunked('x'.repeat(UPLOAD_MAX_BYTES / 2)) })),
        { data: '0\r\n\r\n' },
      ],
    }),
  },
  {
    name: 'a multipart body larger than the limit, chunked',
    spec: () => ({
      contentType: MULTIPART('XX'),
      contentLength: null,
      headers: { 'transfer-encoding': 'chunked' },
      steps: [
        { data: chunked(`--XX\r\nContent-Disposition: form-data; name="file"; filename="a.xml"\r\n\r\n`) },
        ...Array.from({ length: 8 }, () => ({ data: chunked('x'.repeat(UPLOAD_MAX_BYTES / 2)) })),
        { data: '0\r\n\r\n' },
      ],
    }),
  },
  {
    name: 'broken chunked framing',
    spec: () => ({
      contentType: 'application/xml',
      contentLength: null,
      headers: { 'transfer-encoding': 'chunked' },
      steps: [{ data: '4\r\n<a/>\r\nzz\r\nmore\r\n0\r\n\r\n' }],
    }),
  },
  {
    name: 'both Content-Length and chunked',
    spec: () => ({
      contentType: 'application/xml',
      contentLength: 4,
      headers: { 'transfer-encoding': 'chunked' },
      steps: [{ data: '4\r\n<a/>\r\n0\r\n\r\n' }],
    }),
  },
  {
    name: 'huge headers',
    spec: () => ({
      contentType: 'application/json',
      body: '{}',
      headers: { 'x-filler': 'f'.repeat(200_000) },
    }),
  },
  {
    name: 'a JSON body the client aborts mid-body',
    spec: () => ({
      contentType: 'application/json',
      contentLength: 10_000,
      abort: true,
      steps: [{ data: '{"email": "a@example.org", "pass' }, { waitMs: 200 }],
    }),
  },
  {
    name: 'an XML body the client aborts mid-body',
    spec: () => ({
      contentType: 'application/xml',
      contentLength: 10_000,
      abort: true,
      steps: [{ data: '<?xml version="1.0"?><Invoice>' }, { waitMs: 200 }],
    }),
  },
  {
    name: 'a chunked multipart body the client aborts mid-part',
    spec: () => ({
      contentType: MULTIPART('XX'),
      contentLength: null,
      headers: { 'transfer-encoding': 'chunked' },
      abort: true,
      steps: [{ data: chunked(TRUNCATED_MULTIPART) }, { waitMs: 200 }],
    }),
  },
  {
    name: 'a slow multipart upload (3 s) that completes',
    slow: true,
    spec: (route) => {
      const body = `${part('XX', 'slow.xml', '<a/>')}--XX--\r\n`;
      return { contentType: MULTIPART('XX'), body, steps: trickle(body, route.web ? 6 : 15, 200) };
    },
  },
  {
    name: 'a slow JSON body (3 s) that completes',
    slow: true,
    spec: () => {
      const body = '{"name": "slow", "email": "slow@example.org", "password": "x"}';
      return { contentType: 'application/json', body, steps: trickle(body, 15, 200) };
    },
  },
  {
    name: 'a slow multipart upload the client aborts after 2 s',
    slow: true,
    spec: () => {
      const body = `${part('XX', 'slow.xml', '<Invoice>'.padEnd(2000, ' '))}--XX--\r\n`;
      return {
        contentType: MULTIPART('XX'),
        body,
        abort: true,
        steps: trickle(body, 20, 100).slice(0, 10),
      };
    },
  },
];

// ---------------------------------------------------------------------------------------

function cli<T>(args: string[]): T {
  return cliJson<T>(args, env());
}

let baseEnv: Record<string, string>;
const env = () => baseEnv;

/**
 * Every route that may take a body, as the running application mapped it (Nest logs each
 * mapping at start-up): the API, the Peppol endpoint and the web UI's forms alike, so that
 * a route added later is covered without touching this file.
 */
function discoverRoutes(): Route[] {
  const routes: Route[] = [];
  for (const m of server.output().matchAll(/"msg":"Mapped \{([^,}]+), (POST|PUT|PATCH|DELETE)\} route"/g)) {
    const [, path, method] = m;
    routes.push({
      method,
      path: path.replace(/:[A-Za-z]+/g, () => randomUUID()),
      auth: authFor(path),
      web: !path.startsWith('/api/') && !path.startsWith('/peppol/'),
    });
  }
  return routes;
}

function authFor(path: string): Record<string, string> {
  if (path === '/api/v1/invoices') return { authorization: `Bearer ${supplierKey}` };
  if (path.startsWith('/peppol/')) return { authorization: `Bearer ${apKey}` };
  // The finance system's routes (acknowledgements, creditor master, status back).
  if (path.startsWith('/api/v1/postings/')) return { authorization: `Bearer ${financeKey}` };
  // Logging out with the admin's token would end the session the other routes use.
  if (['/api/v1/auth/login', '/api/v1/auth/logout', '/login', '/logout'].includes(path)) return {};
  if (path.startsWith('/api/')) return { authorization: `Bearer ${adminToken}` };
  return { cookie: `einvoice_session=${adminToken}` };
}

const FATAL = /uncaught exception|unhandled promise rejection|shutting down/;

/** What the server logged at error level and above, and its last lines. */
function logExcerpt(): string {
  const lines = server.output().split('\n');
  const errors = lines.filter((l) => /"level":(50|60)/.test(l)).slice(-10);
  return [...errors, '…', ...lines.slice(-15)].join('\n').slice(-8000);
}

async function startServer(): Promise<void> {
  server = startProcess(['dist/main.js'], baseEnv);
  await server.waitFor(/einvoice ready at/, 120_000);
}

async function expectAlive(after: string): Promise<void> {
  // An escaped stream error surfaces a moment after the answer: give it that moment.
  await sleep(30);
  const exited = await server.exited(0);
  if (exited !== undefined) throw new Error(`the server exited (${exited}) after ${after}:\n${logExcerpt()}`);
  if (FATAL.test(server.output()))
    throw new Error(`the server is going down after ${after}:\n${logExcerpt()}`);
  const res = await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(10_000) }).catch(
    (err: unknown) => {
      throw new Error(`/health/live did not answer after ${after}: ${String(err)}\n${logExcerpt()}`);
    },
  );
  expect(res.status).toBe(200);
}

function expectNoServerError(route: Route, c: Case, spec: BodySpec, a: RawAnswer): void {
  const what = `${c.name} → ${route.method} ${route.path}`;
  if (spec.abort) return;
  if (a.how === 'timeout') throw new Error(`no answer to ${what}`);
  // A connection the server closes without an answer happens only while the body was still
  // being sent (a refused, over-large body); every other request is answered.
  if (a.status === undefined) {
    if (a.how === 'error') return;
    throw new Error(`the connection closed without an answer to ${what}`);
  }
  if (a.status >= 500) throw new Error(`${a.status} for ${what}:\n${a.text.slice(0, 2000)}`);
  // The API answers errors with a stable code; the web UI with a page.
  // Broken framing and oversized headers never reach the application: Node's HTTP parser
  // answers those itself, with a bare 400 / 431 and no body.
  if (/^HTTP\/1\.1 (400|431) [A-Za-z ]+\r\nConnection: close\r\n\r\n$/.test(a.text)) return;
  if (!route.web && a.status >= 400)
    expect({ what, code: a.code }).toEqual({ what, code: expect.stringMatching(/^[A-Z0-9_]+$/) });
}

let routes: Route[];

beforeAll(async () => {
  ensureBuilt();
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'einvoice-robust-data-'));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  baseEnv = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `robust-${run}`,
    EINVOICE_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PROCESS_ROLE: 'all',
    MIGRATIONS_RUN: 'false',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'info',
    UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  };
  const tenant = cli<{ id: string; slug: string }>([
    'tenant',
    'create',
    '--name',
    `Robuststadt ${run}`,
    '--leitweg-id',
    LEITWEG,
  ]);
  const key = (role: string) =>
    cli<{ key: string }>(['api-key', 'create', '--tenant', tenant.slug, '--role', role, '--name', role]).key;
  supplierKey = key('supplier');
  apKey = key('access-point');
  financeKey = key('finance');
  const email = `admin-${run}@robust.example`;
  cli([
    'user',
    'create',
    '--tenant',
    tenant.slug,
    '--email',
    email,
    '--role',
    'admin',
    '--password',
    ADMIN_PASSWORD,
  ]);

  await startServer();
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const session = (await login.json()) as { token: string; mustChangePassword: boolean };
  adminToken = session.token;
  if (session.mustChangePassword) {
    // Where a first login must replace the password, do so: the admin routes are the target.
    const changed = await fetch(`${base}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ currentPassword: ADMIN_PASSWORD, newPassword: `${ADMIN_PASSWORD}-2` }),
    });
    expect(changed.status).toBe(204);
  }
  routes = discoverRoutes();
}, 240_000);

// A case that brings the server down fails; the next case gets a fresh server, so that one
// failure does not hide how the other cases fare.
beforeEach(async () => {
  if (!server || ((await server.exited(0)) === undefined && !FATAL.test(server.output()))) return;
  server.child.kill('SIGKILL');
  await server.exited(10_000);
  await startServer();
}, 180_000);

afterAll(async () => {
  if (server) {
    server.child.kill('SIGTERM');
    if ((await server.exited(20_000)) === undefined) server.child.kill('SIGKILL');
  }
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('knows every route that takes a body, and reaches each one with its credential', async () => {
  const paths = routes.map((r) => `${r.method} ${r.path}`);
  for (const p of [
    'POST /api/v1/invoices',
    'POST /peppol/inbound',
    'POST /api/v1/auth/login',
    'POST /api/v1/admin/users',
    'POST /api/v1/admin/mailboxes',
    'POST /login',
    'POST /password',
  ])
    expect(paths).toContain(p);
  // A well-formed request passes the access check of each API route, so the malformed ones
  // below reach the code that reads the body.
  for (const route of routes.filter((r) => !r.web)) {
    const a = await sendRaw(request(route, { contentType: 'application/json', body: '{}' }));
    const reached = a.status !== undefined && a.status !== 401 && a.status !== 403;
    expect({ route: `${route.method} ${route.path}`, status: a.status, reached }).toMatchObject({
      reached: true,
    });
  }
});

it('answers the truncated multipart of the security report with 400 and a stable code, and stays up', async () => {
  const upload = routes.find((r) => r.path === '/api/v1/invoices')!;
  const a = await sendRaw(request(upload, { contentType: MULTIPART('XX'), body: TRUNCATED_MULTIPART }));
  expect({ status: a.status, code: a.code }).toEqual({ status: 400, code: 'UPLOAD_MULTIPART_INVALID' });
  await expectAlive('the truncated multipart');
});

describe.each(CASES.filter((c) => !c.slow).map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('to every route that takes a body: answered or dropped, never a 5xx, and the server stays up', async () => {
    // A few routes at a time (the suite grows with every route that takes a body); the server
    // is checked after each batch, which names its routes when it died.
    const BATCH = 4;
    for (let i = 0; i < routes.length; i += BATCH) {
      const batch = routes.slice(i, i + BATCH);
      const answers = await Promise.all(
        batch.map(async (route) => {
          const spec = c.spec(route);
          return [route, spec, await sendRaw(request(route, spec))] as const;
        }),
      );
      for (const [route, spec, a] of answers) expectNoServerError(route, c, spec, a);
      await expectAlive(`${c.name} → ${batch.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    }
  });
});

describe.each(CASES.filter((c) => c.slow).map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('to every route at once: the server keeps answering meanwhile and stays up', async () => {
    const pending = routes.map(async (route) => {
      const spec = c.spec(route);
      return [route, spec, await sendRaw(request(route, spec))] as const;
    });
    // While the slow bodies trickle in, other requests are served.
    await expectAlive(`the start of ${c.name}`);
    for (const [route, spec, a] of await Promise.all(pending)) expectNoServerError(route, c, spec, a);
    await expectAlive(c.name);
  });
});

it('still takes in a valid invoice afterwards, and the pipeline has worked through everything it accepted', async () => {
  const xml = buildUblInvoice({
    number: `ROBUST-${run}`,
    patch: (x) => x.replace(/<cbc:BuyerReference>[^<]*</, `<cbc:BuyerReference>${LEITWEG}<`),
  });
  const res = await fetch(`${base}/api/v1/invoices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supplierKey}`, 'content-type': 'application/xml' },
    body: xml,
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await waitFor(
    'every accepted submission to leave the intake states',
    async () => {
      const rows = await db.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM invoices WHERE status IN ('received', 'extracted')`,
      );
      return rows[0].n === '0';
    },
    120_000,
  );
  const done = await db.dataSource.query<{ status: string }[]>('SELECT status FROM invoices WHERE id = $1', [
    id,
  ]);
  expect(done[0].status).not.toBe('received');
  await expectAlive('the pipeline run');
});
