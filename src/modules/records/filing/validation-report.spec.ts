import { validationReportHtml, validationReportJson } from './validation-report.js';

describe('the filed validation report', () => {
  const result = {
    file: 'r.xml',
    valid: false,
    acceptRecommendation: 'REJECT',
    scenario: 'EN16931 XRechnung (UBL Invoice)',
    ruleSets: [{ name: 'XRechnung', version: '3.0.2' }],
    schemaErrors: [],
    errors: [
      {
        id: 'BR-DE-15',
        severity: 'error',
        bt: ['BT-10'],
        messages: { de: 'Leitweg-ID <fehlt>', en: 'Buyer reference <missing>' },
        location: '/ubl:Invoice',
      },
    ],
    warnings: [],
    infos: [],
    steps: ['parse', 'schema'],
  };

  it('shows verdict, scenario and each finding with rule, business term, both languages and location, escaped', () => {
    const html = validationReportHtml(result, { aktenzeichen: 'AZ-1', fileName: 'r.xml', validatedAt: null });
    expect(html).toContain('Prüfung nicht bestanden / Failed the checks');
    expect(html).toContain('EN16931 XRechnung (UBL Invoice)');
    expect(html).toContain('<code class="vr-rule">BR-DE-15</code>');
    expect(html).toContain('BT-10');
    expect(html).toContain('Leitweg-ID &lt;fehlt&gt;');
    expect(html).toContain('Buyer reference &lt;missing&gt;');
    expect(html).toContain('<code>/ubl:Invoice</code>');
    expect(html).not.toContain('<fehlt>');
    expect(html).not.toMatch(/<script/i);
  });

  it('keeps the stored result without the diagnostic steps', () => {
    const json = validationReportJson(result);
    expect(json).toMatchObject({ format: 'einvoice-validation-result/1', valid: false, file: 'r.xml' });
    expect(json).not.toHaveProperty('steps');
  });
});
