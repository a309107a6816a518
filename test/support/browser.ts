/**
 * The real browser of the UI tests: Debian's Chromium (from `scripts/services.sh ensure`)
 * driven by playwright-core, and a watch for Content-Security-Policy violations, which a
 * page must never cause (the product forbids inline styles and scripts).
 */
import type { Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which a
// closed network refuses; --no-sandbox because CI runs the suite as root.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface CspWatch {
  /** Violations the page reported (`securitypolicyviolation` events): directive and blocked URI. */
  violations(): Promise<string[]>;
  /** Console errors and uncaught page errors (Chromium also logs each CSP refusal here). */
  readonly consoleErrors: string[];
}

/** Starts watching a page before its first navigation. */
export async function cspWatch(
  page: Page,
  ignore: RegExp = /^Failed to load resource: the server responded/,
): Promise<CspWatch> {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !ignore.test(msg.text())) consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  // Injected by the browser's debugging protocol, which the page's CSP does not govern.
  await page.addInitScript(() => {
    const g = globalThis as unknown as {
      __csp: string[];
      document: {
        addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
    };
    g.__csp = [];
    g.document.addEventListener('securitypolicyviolation', (e) =>
      g.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return {
    consoleErrors,
    violations: () => page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? []),
  };
}
