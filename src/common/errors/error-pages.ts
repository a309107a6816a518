/**
 * Who gets an error as a page and who as JSON. A browser that asks for a page (its
 * navigation requests put `text/html` first in `Accept`) gets a page of the UI; everything
 * else — API clients, `fetch`, curl (`*\/*`), and every request under the machine paths —
 * keeps the JSON error body, whatever it accepts.
 */
import type { Request, Response } from 'express';

/** Routes for programs, never for people: their errors are always JSON. */
const MACHINE_PATHS = /^\/(api|peppol|health|metrics)(\/|$)/;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** The quality Accept gives a media type (exact, then `type/*`; `*\/*` is no preference for HTML). */
function qualities(accept: string): { html: number; json: number } {
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (HTML_TYPES.has(range ?? '')) html = Math.max(html, q);
    else if (range === 'application/json' || range === 'application/*') json = Math.max(json, q);
  }
  return { html, json };
}

export function wantsHtml(req: Pick<Request, 'path' | 'headers'>): boolean {
  if (MACHINE_PATHS.test(req.path)) return false;
  const accept = req.headers.accept;
  if (typeof accept !== 'string' || accept.length === 0) return false;
  const { html, json } = qualities(accept);
  return html > 0 && html >= json;
}

/** An error as the UI shows it. */
export interface ErrorPageInput {
  readonly status: number;
  /** The stable code (as in the JSON body). */
  readonly code: string;
  /** The message of the error in the request's language. */
  readonly message: string;
}

/** Renders error pages; provided by the web module, used by the global error filter. */
export interface ErrorPages {
  send(req: Request, res: Response, error: ErrorPageInput): void;
}
