import { parseAcceptLanguage, resolveLang } from './lang.js';

describe('resolveLang', () => {
  it('is German by default', () => {
    expect(resolveLang({})).toBe('de');
    expect(resolveLang({ headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })).toBe('de');
  });

  it('prefers ?lang= over the cookie over Accept-Language', () => {
    const headers = { 'accept-language': 'de-DE' };
    expect(resolveLang({ headers, cookies: { lang: 'en' } })).toBe('en');
    expect(resolveLang({ headers, cookies: { lang: 'en' }, query: { lang: 'de' } })).toBe('de');
    expect(resolveLang({ query: { lang: 'xx' }, cookies: { lang: 'en' } })).toBe('en');
  });

  it('ranks Accept-Language by quality', () => {
    expect(parseAcceptLanguage('fr;q=0.9, en;q=0.8, de;q=0.7')).toBe('en');
    expect(parseAcceptLanguage('en-US;q=0.5, de-AT')).toBe('de');
    expect(parseAcceptLanguage('en;q=0')).toBeUndefined();
  });
});
