/**
 * The language of a request: `?lang=` first, then the `lang` cookie, then
 * `Accept-Language`; German by default (German first, English too).
 */
import type { Lang } from '../errors/domain-error.js';

export const LANGS: readonly Lang[] = ['de', 'en'];
export const LANG_COOKIE = 'lang';

export function isLang(v: unknown): v is Lang {
  return v === 'de' || v === 'en';
}

interface RequestLike {
  query?: unknown;
  cookies?: Record<string, unknown>;
  headers?: Record<string, string | string[] | undefined>;
}

export function parseAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((e) => e.tag && !Number.isNaN(e.q) && e.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLang(primary)) return primary;
  }
  return undefined;
}

export function resolveLang(req: RequestLike): Lang {
  const query = req.query as Record<string, unknown> | undefined;
  const q = query?.lang;
  if (isLang(q)) return q;
  const c = req.cookies?.[LANG_COOKIE];
  if (isLang(c)) return c;
  const h = req.headers?.['accept-language'];
  return parseAcceptLanguage(Array.isArray(h) ? h[0] : h) ?? 'de';
}
