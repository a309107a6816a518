/**
 * Webhooks of postings against a real HTTP receiver that misbehaves as receivers do: it
 * answers 500, answers too late (after the sender gave up, so the posting arrives twice), and
 * goes away while deliveries are due, then comes back. Every posting must arrive, every
 * signature must verify (checked here by an implementation of the Standard Webhooks rules of
 * the test's own), and every repetition must carry the same webhook id.
 */
import { jest } from '@jest/globals';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebhookService } from '../../../src/modules/postings/delivery/webhook.service.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { call, IdentityContext } from '../auth/identity-context.js';
import { type PostingFixture, postingFixture } from './posting-fixture.js';

jest.setTimeout(180_000);

interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

/** Standard Webhooks verification, written from the specification. */
function verifies(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(r.timestamp)) < 300;
  return (
    fresh &&
    r.signature.split(' ').some((part) => {
      const [version, sig] = part.split(',');
      const given = Buffer.from(sig ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    })
  );
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  limitMs = 60_000,
): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('posting webhooks', () => {
  let t: TestApp;
  let f: PostingFixture;
  let server: Server;
  let port = 0;
  const sockets = new Set<Socket>();
  const received: Received[] = [];
  /** What the receiver does with the next requests, in order; afterwards it answers 204. */
  let script: Array<'500' | 'slow'> = [];

  function handler(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = script.shift();
      if (next === '500') res.writeHead(500).end('nope');
      else if (next === 'slow') setTimeout(() => res.writeHead(200).end(), 1500);
      else res.writeHead(204).end();
    });
  }

  async function listen(): Promise<void> {
    server = createServer(handler);
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  }

  async function goDown(): Promise<void> {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }

  const deliveries = async (state?: string) =>
    (await call(t.url, 'GET', `/api/v1/admin/postings/deliveries${state ? `?state=${state}` : ''}`, {
      bearer: f.admin.token,
    })) as {
      status: number;
      body: Array<{
        id: string;
        postingId: string;
        apiKeyId: string;
        webhookId: string;
        state: string;
        lastError: string | null;
        attempts: number;
      }>;
    };

  beforeAll(async () => {
    await listen();
    t = await startTestApp({
      OUTBOUND_ALLOW: '127.0.0.1',
      POSTINGS_WEBHOOK_RETRY_SECONDS: '0.3',
      POSTINGS_WEBHOOK_TIMEOUT_MS: '700',
      POSTINGS_WEBHOOK_POLL_MS: '100',
      POSTINGS_WEBHOOK_GIVE_UP_SECONDS: '120',
    });
    f = await postingFixture(t);
  });
  afterAll(async () => {
    await t?.close();
    for (const s of sockets) s.destroy();
    server?.close();
  });

  it('delivers every posting through 500s, a late answer and an outage, signed, with stable ids', async () => {
    const set = await call(t.url, 'PUT', '/api/v1/admin/postings/webhooks', {
      bearer: f.admin.token,
      body: { apiKeyId: f.finance.id, url: `http://127.0.0.1:${port}/hook` },
    });
    expect(set.status).toBe(200);
    expect(set.headers.get('cache-control')).toBe('no-store');
    const secret = set.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    // Shown once: listing and changing the webhook never show it again.
    const list = await call(t.url, 'GET', '/api/v1/admin/postings/webhooks', { bearer: f.admin.token });
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));

    script = ['500', '500', '500', 'slow'];
    const postings = [await f.posting(), await f.posting(), await f.posting()];

    // The late answer has been sent for: take the receiver down while deliveries are due.
    await until('the late answer', async () => script.length === 0 && received.length >= 4);
    await goDown();
    await until('an attempt against the closed port', async () =>
      (await deliveries('pending')).body.some((d) => d.lastError === 'WEBHOOK_UNREACHABLE'),
    );
    await listen();

    const done = await until('every posting delivered', async () => {
      const all = (await deliveries()).body;
      return all.length === 3 && all.every((d) => d.state === 'delivered') && all;
    });
    for (const p of postings) {
      const mine = received.filter((r) => r.path === '/hook' && JSON.parse(r.body).id === p.id);
      expect(mine.length).toBeGreaterThan(0);
      // Every repetition carries the id of its delivery.
      const delivery = done.find((d) => d.postingId === p.id)!;
      expect(delivery.webhookId).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(new Set(mine.map((r) => r.id))).toEqual(new Set([delivery.webhookId]));
      expect(JSON.parse(mine[0].body)).toEqual(p);
    }
    expect(received.every((r) => verifies(secret, r))).toBe(true);
    // A tampered body does not verify.
    expect(
      verifies(secret, { ...received[0], body: received[0].body.replace('"posting"', '"reversal"') }),
    ).toBe(false);
    // The late answer made a duplicate: one posting arrived (at least) twice, same id.
    const byId = new Map<string, number>();
    for (const r of received) byId.set(r.id, (byId.get(r.id) ?? 0) + 1);
    expect(Math.max(...byId.values())).toBeGreaterThan(1);
  });

  it('gives up after the window, lists the failure, and an admin retry delivers with the same id', async () => {
    const second = await new IdentityContext(t.app).newApiKey(f.tenant.id, 'finance');
    const dead = await call(t.url, 'PUT', '/api/v1/admin/postings/webhooks', {
      bearer: f.admin.token,
      body: { apiKeyId: second.id, url: 'http://127.0.0.1:9/nobody' },
    });
    expect(dead.status).toBe(200);
    const posting = await f.posting();
    const first = await until('a failed attempt', async () =>
      (await deliveries('pending')).body.find((d) => d.apiKeyId === second.id && d.attempts > 0),
    );
    // Three days pass (the window is moved, not waited for).
    await t.db.dataSource.query(
      `UPDATE posting_deliveries SET window_started_at = now() - interval '1 day' WHERE id = $1`,
      [first.id],
    );
    const failed = await until('the delivery to fail', async () =>
      (await deliveries('failed')).body.find((d) => d.id === first.id),
    );
    expect(failed.lastError).toBe('WEBHOOK_UNREACHABLE');

    const moved = await call(t.url, 'PUT', '/api/v1/admin/postings/webhooks', {
      bearer: f.admin.token,
      body: { apiKeyId: second.id, url: `http://127.0.0.1:${port}/hook2` },
    });
    expect(moved.body.secret).toBeUndefined(); // kept
    const secret2 = (dead.body as { secret: string }).secret;
    const retried = await call(t.url, 'POST', `/api/v1/admin/postings/deliveries/${first.id}/retry`, {
      bearer: f.admin.token,
    });
    expect(retried.status).toBe(200);
    await until('the retried delivery', async () =>
      (await deliveries('delivered')).body.some((d) => d.id === first.id),
    );
    const got = received.filter((r) => r.path === '/hook2');
    expect(got.map((r) => r.id)).toEqual([failed.webhookId]);
    expect(JSON.parse(got[0].body).id).toBe(posting.id);
    expect(verifies(secret2, got[0])).toBe(true);

    const again = await call(t.url, 'POST', `/api/v1/admin/postings/deliveries/${first.id}/retry`, {
      bearer: f.admin.token,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DELIVERY_ALREADY_DELIVERED');
  });

  it('sends an attempt once when several workers reach for it at the same moment', async () => {
    const service = t.app.get(WebhookService);
    const posting = await f.posting();
    // Made here, so the attempts below race each other (and the relay) for a due delivery.
    expect((await service.fanOut(f.tenant.id, posting.id)).length).toBeGreaterThan(0);
    const rows = await t.db.dataSource.query<{ id: string; webhook_id: string; api_key_id: string }[]>(
      `SELECT id, webhook_id, api_key_id FROM posting_deliveries WHERE posting_id = $1`,
      [posting.id],
    );
    const first = rows.find((r) => r.api_key_id === f.finance.id)!;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => service.attempt(f.tenant.id, first.id)),
    );
    expect(outcomes.filter((o) => o === 'delivered').length).toBeLessThanOrEqual(1);
    await until('the delivery', async () =>
      (await deliveries('delivered')).body.some((d) => d.id === first.id),
    );
    // Give a stray second POST the time to arrive, then count: one.
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((r) => r.id === first.webhook_id)).toHaveLength(1);
  });

  it('refuses a webhook for a key that is not a finance key, and bad input, with stable codes', async () => {
    const internal = await call(t.url, 'PUT', '/api/v1/admin/postings/webhooks', {
      bearer: f.admin.token,
      body: { apiKeyId: f.finance.id, url: 'http://169.254.169.254/latest/meta-data' },
    });
    expect([internal.status, internal.body.error.code]).toEqual([422, 'OUTBOUND_ADDRESS_FORBIDDEN']);
    const supplier = await call(t.url, 'PUT', '/api/v1/admin/postings/webhooks', {
      bearer: f.admin.token,
      body: { apiKeyId: f.apiKey.id, url: `http://127.0.0.1:${port}/x` },
    });
    expect(supplier.body.error.code).toBe('WEBHOOK_KEY_NOT_FOUND');
    const bad = await call(t.url, 'PUT', '/api/v1/admin/postings/webhooks', {
      bearer: f.admin.token,
      body: { apiKeyId: f.finance.id, url: 'ftp://example.org/' },
    });
    expect(bad.body.error.code).toBe('WEBHOOK_URL_INVALID');
    const state = await call(t.url, 'GET', '/api/v1/admin/postings/deliveries?state=lost', {
      bearer: f.admin.token,
    });
    expect(state.status).toBe(400);
    expect(state.body.error.code).toBe('POSTINGS_INVALID_INPUT');
  });
});
