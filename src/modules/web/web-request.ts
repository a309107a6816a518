/** Small request helpers of the web UI: language, local redirect targets, responses. */
import type { CookieOptions, Request, Response } from 'express';
import type { Lang } from '../../common/errors/domain-error.js';
import { isLang, LANG_COOKIE, resolveLang } from '../../common/i18n/lang.js';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The page language (`?lang=`, then the `lang` cookie, then Accept-Language, German by
 * default). An explicit `?lang=` is remembered in the cookie, so that form posts and the
 * next pages stay in the chosen language.
 */
export function pageLang(req: Request, res: Response, secure: boolean): Lang {
  const q = (req.query as Record<string, unknown>).lang;
  if (isLang(q) && (req.cookies as Record<string, unknown> | undefined)?.[LANG_COOKIE] !== q) {
    const options: CookieOptions = {
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: ONE_YEAR_MS,
      httpOnly: true,
    };
    res.cookie(LANG_COOKIE, q, options);
  }
  return resolveLang(req);
}

/** The current page in the other language, keeping its other query parameters. */
export function languageHref(req: Request, lang: Lang): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
    if (k !== 'lang' && typeof v === 'string') params.append(k, v);
  }
  params.set('lang', lang);
  return `${req.path}?${params.toString()}`;
}

/**
 * A redirect target from user input, only if it is a path on this site: `/inbox` yes,
 * `//evil.example`, `/\evil.example`, `https://…` or anything with control characters no.
 */
export function safeLocalPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  return value;
}

export function sendHtml(res: Response, status: number, body: string): void {
  // Pages can show personal data: never cached by shared or browser caches.
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body);
}

/** 303 See Other: after a form post the browser follows with GET. */
export function redirect(res: Response, location: string): void {
  res.set('Cache-Control', 'no-store').redirect(303, location);
}
