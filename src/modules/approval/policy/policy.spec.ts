import {
  checkPolicy,
  leitwegFein,
  planApproval,
  type InvoiceFacts,
  type PolicyDefinition,
} from './policy.js';
import { PRESETS, presetById } from './presets.js';

const facts = (over: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  gross: '1190.00',
  creditNote: false,
  ...over,
});

describe('approval policies', () => {
  it('ships valid presets', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'kommune-sachsen',
      'kommune-hessen',
      'kommune-thueringen',
      'unternehmen',
    ]);
    for (const p of PRESETS) expect(checkPolicy(p.definition)).toEqual([]);
  });

  it('adds the Amtsleitung step in Thüringen only above 10,000 €', () => {
    const th = presetById('kommune-thueringen')!.definition;
    expect(planApproval(th, facts({ gross: '10000.00' })).map((s) => s.key)).toEqual([
      'sachlich',
      'rechnerisch',
      'anordnung',
    ]);
    expect(planApproval(th, facts({ gross: '10000.01' })).map((s) => s.key)).toEqual([
      'sachlich',
      'rechnerisch',
      'amtsleitung',
      'anordnung',
    ]);
  });

  it('resolves assignees from the Leitweg-ID Feinadressierung, with the default otherwise', () => {
    const def: PolicyDefinition = {
      ...presetById('kommune-hessen')!.definition,
      steps: [
        {
          key: 'feststellung',
          kind: 'feststellung',
          label: { de: 'F', en: 'F' },
          assignees: { roles: ['approver'] },
          resolve: { source: 'leitweg-fein', map: { '66': { groups: ['Bauamt'] } } },
        },
      ],
    };
    expect(leitwegFein('04011000-66-12')).toBe('66');
    expect(leitwegFein('04011000-12')).toBeUndefined();
    expect(planApproval(def, facts({ buyerReference: '04011000-66-12' }))[0]).toMatchObject({
      groups: ['Bauamt'],
      roles: [],
    });
    expect(planApproval(def, facts({ buyerReference: '04011000-77-12' }))[0]).toMatchObject({
      groups: [],
      roles: ['approver'],
    });
  });

  it('compares net or gross as the policy says, and credit notes by their absolute amount', () => {
    const def: PolicyDefinition = {
      ...presetById('kommune-hessen')!.definition,
      amountBasis: 'net',
      steps: [
        ...presetById('kommune-hessen')!.definition.steps,
        {
          key: 'gross',
          kind: 'freigabe',
          label: { de: 'G', en: 'G' },
          assignees: { roles: ['admin'] },
          when: { minAmount: '1000' },
        },
      ],
    };
    expect(planApproval(def, facts({ gross: '1190.00', net: '1000.00' })).map((s) => s.key)).toContain(
      'gross',
    );
    expect(planApproval(def, facts({ gross: '1190.00', net: '999.99' })).map((s) => s.key)).not.toContain(
      'gross',
    );
    expect(
      planApproval(def, facts({ gross: '-1190.00', net: '-1000.00', creditNote: true })).map((s) => s.key),
    ).toContain('gross');
  });

  it('refuses policies that break the order of the Kassenrecht or name nobody', () => {
    const def = presetById('kommune-sachsen')!.definition;
    const reversed = { ...def, steps: [...def.steps].reverse() };
    expect(checkPolicy(reversed).map((p) => p.message)).toContain(
      'a Feststellung must come before the Anordnung',
    );
    const nobody = { ...def, steps: [{ ...def.steps[0], assignees: {} }] };
    expect(checkPolicy(nobody)[0]).toMatchObject({ path: 'steps[0].assignees' });
    expect(checkPolicy({ ...def, steps: [] })[0].path).toBe('steps');
    expect(checkPolicy({ ...def, separation: { feststellerMayOrder: 'sometimes' } })[0].path).toBe(
      'separation.feststellerMayOrder',
    );
    expect(checkPolicy({ ...def, steps: [def.steps[0], def.steps[0]] })[0].message).toBe('used twice');
    expect(checkPolicy(null)).toHaveLength(1);
  });
});
