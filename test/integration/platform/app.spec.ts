import { type TestApp, startTestApp } from '../../support/app.js';

describe('platform: the booted application', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers /health/live and /health/ready with the database and queue checks', async () => {
    const live = await fetch(`${t.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${t.url}/health/ready`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.checks.database).toEqual({ status: 'up' });
    expect(body.checks.queue).toEqual({ status: 'up' });
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    const given = await fetch(`${t.url}/health/live`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');

    const hostile = await fetch(`${t.url}/health/live`, { headers: { 'X-Request-Id': 'a b\tc' } });
    const generated = hostile.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps an unknown route to the error shape, German by default and English on request', async () => {
    const de = await fetch(`${t.url}/no/such/route`);
    expect(de.status).toBe(404);
    expect(await de.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Nicht gefunden.' } });

    const en = await fetch(`${t.url}/no/such/route`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    expect(await en.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });

    const query = await fetch(`${t.url}/no/such/route?lang=en`, { headers: { 'Accept-Language': 'de' } });
    expect(((await query.json()) as { error: { message: string } }).error.message).toBe('Not found.');
  });

  it('sends security headers with a CSP that forbids inline scripts', async () => {
    const res = await fetch(`${t.url}/health/live`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await fetch(`${t.url}/api/docs-json`);
    expect(json.status).toBe(200);
    const doc = (await json.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/health/ready');

    const ui = await fetch(`${t.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    // Inline styles are allowed for the Swagger UI page only, inline scripts nowhere.
    const uiCsp = ui.headers.get('content-security-policy') ?? '';
    expect(uiCsp).toContain("style-src 'self' 'unsafe-inline'");
    expect(uiCsp).toContain("script-src 'self';");
  });

  it('exposes Prometheus metrics including the HTTP request counter by route pattern', async () => {
    await fetch(`${t.url}/health/live`);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('einvoice_process_cpu_user_seconds_total');
    expect(text).toMatch(
      /einvoice_http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/,
    );
  });
});
