import type { Request, Response } from 'express';
import { languageHref, pageLang, safeLocalPath } from './web-request.js';

describe('web request helpers', () => {
  it('accepts only local paths as redirect targets', () => {
    expect(safeLocalPath('/inbox')).toBe('/inbox');
    expect(safeLocalPath('/inbox?x=1')).toBe('/inbox?x=1');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'inbox',
      '',
      '/a\nb',
      3,
      undefined,
    ])
      expect(safeLocalPath(bad)).toBeUndefined();
  });

  it('links the current page in the other language and keeps the other parameters', () => {
    const req = { path: '/login', query: { next: '/inbox', lang: 'de' } } as unknown as Request;
    expect(languageHref(req, 'en')).toBe('/login?next=%2Finbox&lang=en');
  });

  it('remembers an explicit ?lang= in the cookie and falls back to German', () => {
    const cookies: Array<[string, string]> = [];
    const res = { cookie: (n: string, v: string) => cookies.push([n, v]) } as unknown as Response;
    const en = { query: { lang: 'en' }, cookies: {}, headers: {} } as unknown as Request;
    expect(pageLang(en, res, false)).toBe('en');
    expect(cookies).toEqual([['lang', 'en']]);
    const plain = { query: {}, cookies: {}, headers: { 'accept-language': 'fr-FR' } } as unknown as Request;
    expect(pageLang(plain, res, false)).toBe('de');
    const fromCookie = { query: {}, cookies: { lang: 'en' }, headers: {} } as unknown as Request;
    expect(pageLang(fromCookie, res, false)).toBe('en');
    expect(cookies).toHaveLength(1);
  });
});
