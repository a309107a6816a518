import { XRECHNUNG_3_0, en16931OnlyScenario, selectScenario } from './scenarios.js';

const XR = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';

describe('KoSIT scenario selection (XRechnung 3.0)', () => {
  it.each([
    ['ubl-invoice', XR, 'EN16931 XRechnung (UBL Invoice)'],
    ['ubl-creditnote', XR, 'EN16931 XRechnung (UBL CreditNote)'],
    ['cii', XR, 'EN16931 XRechnung (CII)'],
    [
      'ubl-invoice',
      `${XR}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`,
      'EN16931 XRechnung Extension (UBL Invoice)',
    ],
    [
      'cii',
      `${XR}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`,
      'EN16931 XRechnung Extension (CII)',
    ],
    [
      'ubl-invoice',
      `${XR}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`,
      'EN16931 XRechnung CVD (UBL Invoice)',
    ],
    [
      'ubl-creditnote',
      `${XR}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`,
      'EN16931 XRechnung CVD (UBL CreditNote)',
    ],
    ['cii', 'urn:cen.eu:en16931:2017', 'EN16931 (CII)'],
    ['ubl-invoice', 'urn:cen.eu:en16931:2017', 'EN16931 (UBL Invoice)'],
  ] as const)('%s with %s → %s', (syntax, id, name) => {
    expect(selectScenario(XRECHNUNG_3_0, syntax, [id])?.name).toBe(name);
  });

  it('has no scenario for the CreditNote extension, Peppol BIS, old XRechnung or Factur-X profiles', () => {
    expect(
      selectScenario(XRECHNUNG_3_0, 'ubl-creditnote', [
        `${XR}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`,
      ]),
    ).toBeNull();
    expect(
      selectScenario(XRECHNUNG_3_0, 'ubl-invoice', [
        'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
      ]),
    ).toBeNull();
    expect(
      selectScenario(XRECHNUNG_3_0, 'cii', [
        'urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.1',
      ]),
    ).toBeNull();
    expect(selectScenario(XRECHNUNG_3_0, 'cii', ['urn:factur-x.eu:1p0:minimum'])).toBeNull();
    expect(selectScenario(XRECHNUNG_3_0, 'cii', [])).toBeNull();
  });

  it('compares the identifier as written: surrounding whitespace does not match (as in KoSIT)', () => {
    expect(selectScenario(XRECHNUNG_3_0, 'ubl-invoice', [` ${XR}`])).toBeNull();
  });

  it('matches any occurrence of the identifier element', () => {
    expect(selectScenario(XRECHNUNG_3_0, 'ubl-invoice', ['something else', XR])?.name).toBe(
      'EN16931 XRechnung (UBL Invoice)',
    );
  });

  it('carries the customLevel overrides of each scenario', () => {
    const cius = selectScenario(XRECHNUNG_3_0, 'ubl-invoice', [XR])!;
    expect(cius.levels['UBL-CR-646']).toBe('error');
    expect(cius.levels['BR-CL-23']).toBe('warning');
    const ext = selectScenario(XRECHNUNG_3_0, 'ubl-invoice', [
      `${XR}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`,
    ])!;
    expect(ext.levels['UBL-CR-646']).toBe('information');
    expect(ext.levels['BR-CO-16']).toBe('information');
    const cii = selectScenario(XRECHNUNG_3_0, 'cii', [XR])!;
    expect(['CII-SR-452', 'CII-SR-453', 'CII-SR-454'].map((id) => cii.levels[id])).toEqual([
      'error',
      'error',
      'error',
    ]);
    expect(selectScenario(XRECHNUNG_3_0, 'cii', ['urn:cen.eu:en16931:2017'])!.levels).toEqual({});
    expect(
      selectScenario(XRECHNUNG_3_0, 'cii', [`${XR}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`])!
        .levels['BR-CL-13'],
    ).toBe('information');
  });

  it('runs only the CEN layer in the EN 16931 scenarios and in --rules en16931', () => {
    expect(selectScenario(XRECHNUNG_3_0, 'cii', ['urn:cen.eu:en16931:2017'])!.layers).toEqual(['cen']);
    expect(selectScenario(XRECHNUNG_3_0, 'cii', [XR])!.layers).toEqual(['cen', 'xrechnung']);
    expect(en16931OnlyScenario('ubl-creditnote')).toMatchObject({
      name: 'EN16931 schematron only (UBL CreditNote)',
      layers: ['cen'],
      levels: {},
    });
  });
});
