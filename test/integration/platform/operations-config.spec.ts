import { type TestApp, startTestApp } from '../../support/app.js';

describe('platform: rate limits and the metrics token', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_RATE_LIMIT_PER_MINUTE: '2',
      RATE_LIMIT_PER_MINUTE: '100',
      METRICS_TOKEN: 'scrape-secret',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const login = () =>
    fetch(`${t.url}/api/v1/auth/login?lang=en`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }),
    });

  it('answers 429 RATE_LIMITED with Retry-After once the login limit is used up', async () => {
    const first = await login();
    const second = await login();
    expect(first.status).not.toBe(429);
    expect(second.status).not.toBe(429);
    const third = await login();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await third.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Too many requests. Please try again later.' },
    });
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
  });

  it('requires the bearer token on /metrics when METRICS_TOKEN is set', async () => {
    const anonymous = await fetch(`${t.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(`${t.url}/metrics`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const scraper = await fetch(`${t.url}/metrics`, { headers: { Authorization: 'Bearer scrape-secret' } });
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('einvoice_http_requests_total');
  });
});
