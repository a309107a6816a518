import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { DomainError } from '../../../common/errors/domain-error.js';
import { parseMultipart, readBody } from './request-body.js';

const TYPE = 'multipart/form-data; boundary=XX';
const part = (name: string, content: string) =>
  `--XX\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/xml\r\n\r\n${content}\r\n`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'resolved';
}

/** Fails the test when anything escapes as an uncaught exception while `fn` runs (and a moment after). */
async function noUncaught(fn: () => Promise<void>): Promise<void> {
  const escaped: unknown[] = [];
  const listener = (err: unknown) => escaped.push(err);
  process.on('uncaughtException', listener);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('uncaughtException', listener);
  }
  expect(escaped).toEqual([]);
}

describe('parseMultipart', () => {
  it('takes the files of a well-formed body in order, skipping empty ones', async () => {
    const files = await parseMultipart(
      Buffer.from(`${part('a.xml', '<a/>')}${part('empty.xml', '')}${part('b.xml', '<b/>')}--XX--\r\n`),
      TYPE,
    );
    expect(files.map((f) => [f.fileName, f.content.toString()])).toEqual([
      ['a.xml', '<a/>'],
      ['b.xml', '<b/>'],
    ]);
  });

  it.each([
    ['no closing boundary (the body of the security report)', TYPE, part('a.xml', '<a/>').slice(0, -2)],
    ['cut inside the part headers', TYPE, '--XX\r\nContent-Disposition: form-da'],
    [
      'another boundary than declared',
      'multipart/form-data; boundary=YY',
      `${part('a.xml', '<a/>')}--XX--\r\n`,
    ],
    ['no boundary parameter', 'multipart/form-data', `${part('a.xml', '<a/>')}--XX--\r\n`],
    [
      'part headers beyond the parser limit',
      TYPE,
      `--XX\r\nX: ${'h'.repeat(100_000)}\r\n\r\n<a/>\r\n--XX--\r\n`,
    ],
  ])('refuses %s with UPLOAD_MULTIPART_INVALID, and nothing escapes', async (_what, type, body) => {
    await noUncaught(async () => {
      expect(await codeOf(parseMultipart(Buffer.from(body), type))).toBe('UPLOAD_MULTIPART_INVALID');
    });
  });

  it('refuses more than 200 files', async () => {
    const body = Array.from({ length: 201 }, (_, i) => part(`${i}.xml`, '<a/>')).join('') + '--XX--\r\n';
    expect(await codeOf(parseMultipart(Buffer.from(body), TYPE))).toBe('UPLOAD_TOO_MANY_FILES');
  });
});

describe('readBody (on a real HTTP server)', () => {
  let server: Server;
  let port: number;
  let outcome: Promise<string>;

  beforeEach(async () => {
    let settle!: (v: string) => void;
    outcome = new Promise((r) => (settle = r));
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      (req as IncomingMessage & { res?: ServerResponse }).res = res;
      readBody(req, 1000).then(
        (b) => {
          settle(`ok:${b.length}`);
          res.end('ok');
        },
        (err: unknown) => {
          const code = err instanceof DomainError ? err.code : `unexpected:${String(err)}`;
          settle(code);
          if (!res.headersSent && !res.destroyed)
            res.writeHead(err instanceof DomainError ? err.status : 500);
          res.end(code);
        },
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** Sends raw bytes; resolves with what came back once the server closes (or after `ms`). */
  function send(bytes: string, opts: { abortAfterMs?: number } = {}): Promise<string> {
    return new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      let got = '';
      s.on('data', (d: Buffer) => (got += d.toString('latin1')));
      s.on('error', () => resolve(got));
      s.on('close', () => resolve(got));
      s.write(bytes);
      if (opts.abortAfterMs !== undefined) setTimeout(() => s.destroy(), opts.abortAfterMs);
    });
  }

  const head = (headers: string) => `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`;

  it('reads a complete body', async () => {
    await send(`${head('Content-Length: 4\r\n')}<a/>`);
    expect(await outcome).toBe('ok:4');
  });

  it('answers a body the client aborts mid-way with UPLOAD_INCOMPLETE, and nothing escapes', async () => {
    await noUncaught(async () => {
      await send(`${head('Content-Length: 900\r\n')}<Invoice>`, { abortAfterMs: 100 });
      expect(await outcome).toBe('UPLOAD_INCOMPLETE');
    });
  });

  it('refuses a declared size over the limit with 413 without reading, and the answer arrives', async () => {
    const answer = await send(`${head('Content-Length: 5000\r\n')}${'x'.repeat(5000)}`);
    expect(await outcome).toBe('UPLOAD_TOO_LARGE');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('refuses a chunked body as soon as it passes the limit, and the 413 still arrives', async () => {
    const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n`;
    const answer = await send(
      `${head('Transfer-Encoding: chunked\r\n')}${chunk('x'.repeat(800))}${chunk('x'.repeat(800))}${chunk('x'.repeat(800))}0\r\n\r\n`,
    );
    expect(await outcome).toBe('UPLOAD_TOO_LARGE');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('refuses a compressed body with UPLOAD_CONTENT_ENCODING_UNSUPPORTED', async () => {
    const answer = await send(`${head('Content-Length: 4\r\nContent-Encoding: gzip\r\n')}abcd`);
    expect(await outcome).toBe('UPLOAD_CONTENT_ENCODING_UNSUPPORTED');
    expect(answer).toMatch(/^HTTP\/1\.1 415 /);
  });
});
