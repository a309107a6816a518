import { xrechnungCvdRuleSet, xrechnungRuleSet } from './index.js';

describe('xrechnungRuleSet', () => {
  it('has one rule per official id, each with the official flag', () => {
    const flags = Object.fromEntries(xrechnungRuleSet.rules.map((r) => [r.id, r.flag]));
    expect(xrechnungRuleSet.rules).toHaveLength(Object.keys(flags).length);
    const warnings = [
      'BR-DE-17',
      'BR-DE-19',
      'BR-DE-20',
      'BR-DE-21',
      'BR-DE-26',
      'BR-DE-27',
      'BR-DE-28',
      'BR-DEX-02',
      'BR-DEX-15',
      'BR-TMP-2',
      'PEPPOL-EN16931-R120',
    ];
    expect(
      Object.entries(flags)
        .filter(([, f]) => f === 'warning')
        .map(([id]) => id)
        .sort(),
    ).toEqual(warnings.sort());
    expect(flags['BR-DE-TMP-32']).toBe('information');
    expect(
      Object.keys(flags).filter(
        (id) =>
          !/^(BR-DE-\d+(-[ab])?|BR-DE-TMP-32|BR-DEX-\d\d|BR-TMP-\d|BR-DE-CVD-0\d(-[ab])?|BR-TMP-CVD-01|PEPPOL-EN16931-R\d{3}(-\d)?)$/.test(
            id,
          ),
      ),
    ).toEqual([]);
  });

  it('gives every rule a German and an English message and its business terms', () => {
    for (const r of xrechnungRuleSet.rules) {
      expect(r.message.de.length).toBeGreaterThan(20);
      expect(r.message.en.length).toBeGreaterThan(20);
      if (r.id !== 'PEPPOL-EN16931-R008') expect(r.bt.length).toBeGreaterThan(0);
    }
  });

  it('serves the CVD scenario with the same rules (CVD rules apply by BT-24)', () => {
    expect(xrechnungCvdRuleSet).toBe(xrechnungRuleSet);
  });
});
