import { wantsHtml } from './error-pages.js';

const req = (path: string, accept?: string) => ({ path, headers: accept === undefined ? {} : { accept } });

// What browsers send for a navigation (Chromium / Firefox).
const CHROMIUM =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const FIREFOX = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('error pages or JSON', () => {
  it('gives a browser navigating to a page of the UI a page', () => {
    expect(wantsHtml(req('/no-such-page', CHROMIUM))).toBe(true);
    expect(wantsHtml(req('/status/abc', FIREFOX))).toBe(true);
    expect(wantsHtml(req('/', 'text/html'))).toBe(true);
  });

  it('keeps JSON for API clients and for anything that does not ask for HTML first', () => {
    expect(wantsHtml(req('/no-such-page'))).toBe(false);
    expect(wantsHtml(req('/no-such-page', '*/*'))).toBe(false);
    expect(wantsHtml(req('/no-such-page', 'application/json'))).toBe(false);
    expect(wantsHtml(req('/no-such-page', 'application/json, text/html;q=0.5'))).toBe(false);
    expect(wantsHtml(req('/no-such-page', 'text/html;q=0'))).toBe(false);
  });

  it('keeps JSON under the machine paths even for a browser', () => {
    for (const path of ['/api/v1/nothing', '/api', '/peppol/as4', '/health/ready', '/metrics'])
      expect(wantsHtml(req(path, CHROMIUM))).toBe(false);
    expect(wantsHtml(req('/apidocs', CHROMIUM))).toBe(true);
  });
});
