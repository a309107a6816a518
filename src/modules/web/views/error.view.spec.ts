import { errorPageView } from './error.view.js';

describe('error page view', () => {
  it('shows an error page with the status in words, the code, and a way home', () => {
    const notFound = errorPageView('de', {
      status: 404,
      code: 'NOT_FOUND',
      message: 'Nicht gefunden.',
    }).value;
    expect(notFound).toContain('<h1>Seite nicht gefunden</h1>');
    expect(notFound).not.toContain('error-specific');
    expect(notFound).toContain('<a class="button-link" href="/">Zur Startseite</a>');
    const forbidden = errorPageView('en', { status: 403, code: 'X_DENIED', message: 'No <way>.' }).value;
    expect(forbidden).toContain('<h1>Access denied</h1>');
    expect(forbidden).toContain('<p class="error-specific">No &lt;way&gt;.</p>');
    const internal = errorPageView(
      'en',
      { status: 500, code: 'INTERNAL_ERROR', message: 'x' },
      'req-1',
    ).value;
    expect(internal).toContain('<h1>Something went wrong</h1>');
    expect(internal).toContain('<code>req-1</code>');
  });
});
