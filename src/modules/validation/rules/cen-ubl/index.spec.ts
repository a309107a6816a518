import { parseToXNode } from '../../xml/parse.js';
import { cenUblRuleSet } from './index.js';

describe('EN 16931 UBL rule set', () => {
  it('declares the binding and version it implements', () => {
    expect(cenUblRuleSet).toMatchObject({
      name: 'EN16931-UBL',
      version: '1.3.16',
      syntaxes: ['ubl-invoice', 'ubl-creditnote'],
    });
  });

  it('has unique ids with German and English messages', () => {
    const ids = cenUblRuleSet.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of cenUblRuleSet.rules) {
      expect(r.message.de.length).toBeGreaterThan(10);
      expect(r.message.en.length).toBeGreaterThan(10);
    }
  });

  it('carries the official flags: CR rules are warnings except CR-666/673, BR-51 is a warning', () => {
    const flag = (id: string): string | undefined => cenUblRuleSet.rules.find((r) => r.id === id)?.flag;
    const fatalCr = cenUblRuleSet.rules
      .filter((r) => r.id.startsWith('UBL-CR') && r.flag === 'fatal')
      .map((r) => r.id);
    expect(fatalCr.sort()).toEqual(['UBL-CR-666', 'UBL-CR-673']);
    expect(flag('BR-51')).toBe('warning');
    expect(flag('BR-CO-10')).toBe('fatal');
    expect(flag('UBL-SR-53')).toBe('fatal');
  });

  it('stays silent on documents of another syntax', () => {
    const root = parseToXNode(
      new TextEncoder().encode(
        '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>',
      ),
    );
    let findings = 0;
    for (const rule of cenUblRuleSet.rules)
      rule.check(
        { root, syntax: 'cii', customization: '' },
        { report: () => findings++, undecidable: () => findings++ },
      );
    expect(findings).toBe(0);
  });
});
