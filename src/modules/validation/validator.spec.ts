import type { Rule, RuleSet } from './rules/rule.js';
import { XRECHNUNG_3_0, type Release } from './scenario/scenarios.js';
import { createValidator, type ReleaseRules } from './validator.js';
import { buildUblInvoice, XRECHNUNG_30_CIUS } from './testing/invoice-factory.js';
import { first } from './xml/query.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function rule(id: string, flag: Rule['flag'], check: Rule['check']): Rule {
  return { id, flag, bt: ['BT-1'], message: { de: `${id} de`, en: `${id} en` }, check };
}

const fires = (id: string, flag: Rule['flag']): Rule =>
  rule(id, flag, (doc, ctx) => ctx.report(first(doc.root, 'cbc:ID')!));

function set(name: string, rules: Rule[]): RuleSet {
  return { name, version: '1', syntaxes: ['ubl-invoice', 'ubl-creditnote', 'cii'], rules };
}

describe('validator pipeline', () => {
  it('runs the named steps in order and accepts a clean invoice', async () => {
    const v = createValidator({
      skipSchema: true,
      layers: { cen: [set('CEN', [])], xrechnung: [set('XR', [])] },
    });
    const r = await v.validate(enc(buildUblInvoice()), { fileName: 'a.xml' });
    expect(r.steps).toEqual([
      'read',
      'detect-container',
      'extract-pdf',
      'parse',
      'detect-syntax',
      'pdf-profile',
      'select-scenario',
      'xsd',
      'cen-rules',
      'xrechnung-rules',
      'summarize',
      'decide',
    ]);
    expect(r).toMatchObject({
      valid: true,
      acceptRecommendation: 'ACCEPTABLE',
      syntax: 'ubl-invoice',
      customization: XRECHNUNG_30_CIUS,
      scenario: 'EN16931 XRechnung (UBL Invoice)',
      container: 'xml',
    });
    expect(r.ruleSets).toEqual([
      { name: 'CEN', version: '1' },
      { name: 'XR', version: '1' },
    ]);
  });

  it('applies the scenario severity overrides (customLevel) to the official flags', async () => {
    const layers = {
      cen: [
        set('CEN', [fires('UBL-CR-646', 'warning'), fires('BR-CL-23', 'fatal'), fires('BR-01', 'fatal')]),
      ],
      xrechnung: [],
    };
    const v = createValidator({ skipSchema: true, layers });
    const r = await v.validate(enc(buildUblInvoice()), { fileName: 'a.xml' });
    expect(r.errors.map((f) => f.id).sort()).toEqual(['BR-01', 'UBL-CR-646']);
    expect(r.warnings.map((f) => f.id)).toEqual(['BR-CL-23']);
    expect(r.errors[0]).toMatchObject({ location: '/ubl:Invoice/cbc:ID', bt: ['BT-1'] });
    expect(r.valid).toBe(false);
  });

  it('keeps the raw flags with --rules en16931 and does not run the XRechnung layer', async () => {
    const layers = {
      cen: [set('CEN', [fires('UBL-CR-646', 'warning')])],
      xrechnung: [set('XR', [fires('BR-DE-1', 'fatal')])],
    };
    const v = createValidator({ skipSchema: true, rules: 'en16931', layers });
    const r = await v.validate(enc(buildUblInvoice({ customizationId: 'anything' })), { fileName: 'a.xml' });
    expect(r.scenario).toBe('EN16931 schematron only (UBL Invoice)');
    expect(r.warnings.map((f) => f.id)).toEqual(['UBL-CR-646']);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('does not run the XRechnung layer in the plain EN 16931 scenario', async () => {
    const layers = { cen: [], xrechnung: [set('XR', [fires('BR-DE-1', 'fatal')])] };
    const v = createValidator({ skipSchema: true, layers });
    const r = await v.validate(enc(buildUblInvoice({ customizationId: 'urn:cen.eu:en16931:2017' })), {
      fileName: 'a.xml',
    });
    expect(r.scenario).toBe('EN16931 (UBL Invoice)');
    expect(r.errors).toEqual([]);
  });

  it('rejects without checks when no scenario matches', async () => {
    const layers = { cen: [set('CEN', [fires('BR-01', 'fatal')])], xrechnung: [] };
    const v = createValidator({ skipSchema: true, layers });
    const r = await v.validate(enc(buildUblInvoice({ customizationId: 'urn:factur-x.eu:1p0:minimum' })), {
      fileName: 'a.xml',
    });
    expect(r.scenario).toBeNull();
    expect(r.errors.map((f) => f.id)).toEqual(['SCENARIO-NONE']);
    expect(r.errors[0].messages.en).toContain('urn:factur-x.eu:1p0:minimum');
    expect(r.steps).not.toContain('cen-rules');
  });

  it('does not accept when a rule is undecidable (KoSIT: processing error)', async () => {
    const undecidable = rule('BR-CO-15', 'fatal', (doc, ctx) =>
      ctx.undecidable(doc.root, 'BT-110 occurs twice'),
    );
    const v = createValidator({
      skipSchema: true,
      layers: { cen: [set('CEN', [undecidable])], xrechnung: [] },
    });
    const r = await v.validate(enc(buildUblInvoice()), { fileName: 'a.xml' });
    expect(r.valid).toBe(false);
    expect(r.acceptRecommendation).toBe('UNDEFINED');
    expect(r.errors.map((f) => f.id)).toEqual(['RULE-UNDECIDABLE']);
    expect(r.errors[0].messages.en).toContain('[BR-CO-15] BT-110 occurs twice');
  });

  it('turns a throwing rule into RULE-ERROR instead of crashing', async () => {
    const broken = rule('BR-02', 'fatal', () => {
      throw new Error('boom');
    });
    const v = createValidator({
      skipSchema: true,
      layers: { cen: [set('CEN', [broken, fires('BR-03', 'warning')])], xrechnung: [] },
    });
    const r = await v.validate(enc(buildUblInvoice()), { fileName: 'a.xml' });
    expect(r.valid).toBe(false);
    expect(r.errors.map((f) => f.id)).toEqual(['RULE-ERROR']);
    expect(r.warnings.map((f) => f.id)).toEqual(['BR-03']);
  });

  it('turns an unexpected failure of a step into INTERNAL-ERROR, not a crash', async () => {
    const failing = { name: 'explode', run: () => Promise.reject(new Error('disk on fire')) };
    const v = createValidator({ skipSchema: true }, [failing]);
    const r = await v.validate(enc(buildUblInvoice()), { fileName: 'a.xml' });
    expect(r.valid).toBe(false);
    expect(r.errors.map((f) => f.id)).toEqual(['INTERNAL-ERROR']);
  });

  it('summarises the invoice when asked', async () => {
    const v = createValidator({ skipSchema: true, summary: true, layers: { cen: [], xrechnung: [] } });
    const r = await v.validate(enc(buildUblInvoice({ lines: 4, number: 'R-42' })), { fileName: 'a.xml' });
    expect(r.summary).toMatchObject({
      number: 'R-42',
      currency: 'EUR',
      lines: 4,
      seller: 'Musterlieferant GmbH',
    });
  });
});

describe('releases side by side', () => {
  const NEXT_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_9.9';
  const EN16931 = 'urn:cen.eu:en16931:2017';
  // A made-up next release: its own specification identifier, its own rules, and (as every
  // release does) a scenario for plain EN 16931 invoices too.
  const nextRelease: Release = {
    id: 'xrechnung-next',
    description: 'a next release (test)',
    scenarios: [
      {
        name: 'XRechnung next (UBL Invoice)',
        syntax: 'ubl-invoice',
        specId: NEXT_ID,
        layers: ['cen', 'xrechnung'],
        levels: {},
      },
      {
        name: 'EN16931 next (UBL Invoice)',
        syntax: 'ubl-invoice',
        specId: EN16931,
        layers: ['cen'],
        levels: {},
      },
    ],
  };
  const next: ReleaseRules = {
    release: nextRelease,
    layers: { cen: [set('CEN next', [])], xrechnung: [set('XR next', [fires('BR-DE-99', 'fatal')])] },
  };
  const invoice = (customizationId: string) => enc(buildUblInvoice({ customizationId }));

  it('validates each document by the release whose scenario it names', async () => {
    const v = createValidator({ skipSchema: true, release: [XRECHNUNG_3_0.id, next] });
    const current = await v.validate(invoice(XRECHNUNG_30_CIUS), { fileName: 'current.xml' });
    expect(current).toMatchObject({
      valid: true,
      release: 'xrechnung-3.0',
      scenario: 'EN16931 XRechnung (UBL Invoice)',
    });
    expect(current.ruleSets.map((s) => s.name)).toEqual(['EN16931-UBL', 'XRechnung']);
    const nextDoc = await v.validate(invoice(NEXT_ID), { fileName: 'next.xml' });
    expect(nextDoc).toMatchObject({
      valid: false,
      release: 'xrechnung-next',
      scenario: 'XRechnung next (UBL Invoice)',
    });
    expect(nextDoc.ruleSets.map((s) => s.name)).toEqual(['CEN next', 'XR next']);
    expect(nextDoc.errors.map((f) => f.id)).toEqual(['BR-DE-99']);
  });

  it('rejects a document of a release that is not configured', async () => {
    const r = await createValidator({ skipSchema: true }).validate(invoice(NEXT_ID), {
      fileName: 'next.xml',
    });
    expect(r).toMatchObject({ valid: false, release: null, scenario: null });
    expect(r.errors.map((f) => f.id)).toEqual(['SCENARIO-NONE']);
  });

  it('gives a scenario both releases have to the release listed first', async () => {
    const plain = invoice(EN16931);
    const currentFirst = await createValidator({
      skipSchema: true,
      release: [XRECHNUNG_3_0.id, next],
    }).validate(plain);
    expect(currentFirst).toMatchObject({ release: 'xrechnung-3.0', scenario: 'EN16931 (UBL Invoice)' });
    const nextFirst = await createValidator({ skipSchema: true, release: [next, XRECHNUNG_3_0.id] }).validate(
      plain,
    );
    expect(nextFirst).toMatchObject({ release: 'xrechnung-next', scenario: 'EN16931 next (UBL Invoice)' });
    expect(nextFirst.ruleSets.map((s) => s.name)).toEqual(['CEN next']);
  });

  it('refuses unknown, repeated or no releases', () => {
    expect(() => createValidator({ release: 'xrechnung-0.1' })).toThrow(/unknown release 'xrechnung-0.1'/);
    expect(() => createValidator({ release: [next, next] })).toThrow(/given twice/);
    expect(() => createValidator({ release: [] })).toThrow(/no release/);
  });
});
