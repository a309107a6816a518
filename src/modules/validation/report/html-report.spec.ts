import type { ValidationResult } from '../result.js';
import { htmlReport, htmlReportBody } from './html-report.js';
import { REPORT_CSS } from './report-style.js';

function result(overrides: Partial<ValidationResult> = {}): ValidationResult {
  return {
    file: 'rechnung.xml',
    container: 'xml',
    syntax: 'cii',
    customization: null,
    scenario: 'EN16931 XRechnung (CII)',
    release: null,
    ruleSets: [],
    valid: false,
    acceptRecommendation: 'REJECT',
    schemaErrors: [],
    errors: [
      {
        id: 'BR-CO-15',
        severity: 'error',
        bt: ['BT-112'],
        messages: { de: 'Summe <falsch>', en: 'Sum <wrong>' },
        location: '/rsm:CrossIndustryInvoice',
        line: 4,
      },
    ],
    warnings: [],
    infos: [],
    summary: {
      number: 'RE-4711',
      // CII writes dates in format 102.
      issueDate: '20241115',
      seller: 'Muster & Söhne GmbH',
      buyer: 'Stadt Beispiel',
      buyerReference: '04011000-12345-03',
      currency: 'EUR',
      totalWithVat: '1234.56',
      amountDue: '1234.56',
      lines: 2,
    },
    steps: [],
    ...overrides,
  };
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('HTML validation report', () => {
  it('writes CII dates and amounts in the reader format', () => {
    const de = plain(htmlReport([result()], 'de'));
    expect(de).toContain('<dd>15.11.2024</dd>');
    expect(de).toContain('<dd class="vr-num">1.234,56 €</dd>');
    expect(de).not.toContain('20241115');
    const en = htmlReport([result()], 'en');
    expect(en).toContain('<dd>Nov 15, 2024</dd>');
    expect(en).toContain('<dd class="vr-num">€1,234.56</dd>');
  });

  it('states the verdict in words and escapes the document’s text', () => {
    const de = htmlReport([result()], 'de');
    expect(de).toContain('Prüfung nicht bestanden');
    expect(de).not.toContain('UNGÜLTIG');
    expect(de).toContain('Muster &amp; Söhne GmbH');
    expect(de).toContain('Summe &lt;falsch&gt;');
    expect(
      htmlReport([result({ valid: true, acceptRecommendation: 'ACCEPTABLE', errors: [] })], 'en'),
    ).toContain('Passed the checks');
  });

  it('inlines its styles when it travels as a file, and links them under a CSP', () => {
    const file = htmlReport([result()], 'de');
    expect(file).toContain(`<style>\n${REPORT_CSS}</style>`);
    expect(file).toContain('<body class="vr-page">');
    const served = htmlReport([result()], 'de', { stylesheetHref: '/assets/report.css' });
    expect(served).toContain('<link rel="stylesheet" href="/assets/report.css">');
    expect(served).not.toMatch(/<style|style=/);
  });

  it('embeds in a page with the heading levels the page asks for, and no styles of its own', () => {
    const body = htmlReportBody([result()], 'en', { headingLevel: 3 });
    expect(body).toMatch(/^<div class="vr">/);
    expect(body).toContain('<h3 class="vr-verdict">');
    expect(body).toContain('<h4 class="vr-findings-title">Errors (1)</h4>');
    expect(body).not.toMatch(/<style|style=|<h[12]/);
  });

  it('scopes every rule of its stylesheet to the report', () => {
    const selectors = REPORT_CSS.replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/@media[^{]*\{/g, '')
      .split('}')
      .map((block) => block.split('{')[0].trim())
      .filter((sel) => sel.length > 0);
    for (const group of selectors)
      for (const sel of group.split(',')) expect(sel.trim()).toMatch(/^\.vr(-page)?[\s.>:]|^\.vr(-page)?$/);
  });
});
