/**
 * The real browser of the UI tests: Debian's Chromium (from `scripts/services.sh ensure`)
 * driven by playwright-core, and a watch for Content-Security-Policy violations, which a
 * page must never cause (the product forbids inline styles and scripts).
 */
import { expect } from '@jest/globals';
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

/**
 * What a browser can check of WCAG 2.1 AA without an extra tool: one h1 and no heading
 * level skipped (screen-reader users jump by headings), and every text in `main` at
 * least 4.5:1 against the background it sits on, from the styles the browser applied.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const levels = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { querySelectorAll(s: string): ArrayLike<{ tagName: string }> };
    };
    return Array.from(g.document.querySelectorAll('h1, h2, h3, h4, h5, h6'), (h) =>
      Number(h.tagName.slice(1)),
    );
  });
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  expect(levels[0]).toBe(1);
  levels.forEach((l, i) => expect(l - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
  const weak = await page.evaluate(() => {
    type El = {
      parentElement: El | null;
      childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
      className: string;
      tagName: string;
    };
    const g = globalThis as unknown as {
      document: { querySelectorAll(s: string): ArrayLike<El> };
      getComputedStyle(e: El): { color: string; backgroundColor: string };
    };
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, gr, b]: number[]) =>
      [r, gr, b]
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (e: El | null): number[] => {
      for (let el = e; el; el = el.parentElement) {
        const c = rgb(g.getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c;
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const el of Array.from(g.document.querySelectorAll('main *'))) {
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim());
      if (!hasText) continue;
      const [a, b] = [lum(rgb(g.getComputedStyle(el).color)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) out.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
    }
    return out;
  });
  expect(weak).toEqual([]);
}
