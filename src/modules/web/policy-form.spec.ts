import { checkPolicy } from '../approval/policy/policy.js';
import { presetById } from '../approval/policy/presets.js';
import {
  applyOp,
  definitionOf,
  editorOpOf,
  fieldOf,
  formFromBody,
  formOf,
  parseAmount,
} from './policy-form.js';

const thueringen = presetById('kommune-thueringen')!.definition;

/** The form as a browser posts it (checked boxes repeat their name). */
function bodyOf(form: ReturnType<typeof formOf>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: form.name,
    stepCount: String(form.steps.length),
    separation: form.feststellerMayOrder,
    amountBasis: form.amountBasis,
    reminderDays: form.reminderDays,
    escalationDays: form.escalationDays,
  };
  form.steps.forEach((s, i) => {
    Object.assign(body, {
      [`s${i}-key`]: s.key,
      [`s${i}-kind`]: s.kind,
      [`s${i}-label-de`]: s.labelDe,
      [`s${i}-label-en`]: s.labelEn,
      [`s${i}-min`]: s.minAmount,
      [`s${i}-max`]: s.maxAmount,
      [`s${i}-credit`]: s.creditNote,
      ...(s.users.length ? { [`s${i}-users`]: s.users.length === 1 ? s.users[0] : [...s.users] } : {}),
      ...(s.groups.length ? { [`s${i}-groups`]: s.groups.length === 1 ? s.groups[0] : [...s.groups] } : {}),
      ...(s.roles.length ? { [`s${i}-roles`]: s.roles.length === 1 ? s.roles[0] : [...s.roles] } : {}),
      ...(s.bulk ? { [`s${i}-bulk`]: 'on' } : {}),
    });
  });
  return body;
}

describe('policy editor form', () => {
  it('reads amounts as people type them, in German or English', () => {
    expect(parseAmount('10.000,01')).toBe('10000.01');
    expect(parseAmount('10,000.01')).toBe('10000.01');
    expect(parseAmount('10000,5')).toBe('10000.50');
    expect(parseAmount('10000.50')).toBe('10000.50');
    expect(parseAmount('10.000')).toBe('10000.00');
    expect(parseAmount('1.000.000')).toBe('1000000.00');
    expect(parseAmount(' 5.000,00 € ')).toBe('5000.00');
    expect(parseAmount('0')).toBe('0.00');
    for (const bad of ['', 'abc', '-5', '1,2,3.456', '10.000,001', '1e5'])
      expect([bad, parseAmount(bad)]).toEqual([bad, undefined]);
  });

  it('turns a preset into the form and the posted form back into the same definition', () => {
    const form = formOf('Kommune Thüringen', thueringen);
    expect(form.steps.map((s) => s.key)).toEqual(['sachlich', 'rechnerisch', 'amtsleitung', 'anordnung']);
    expect(form.steps[2]).toMatchObject({ groups: ['Amtsleitung'], minAmount: '10000.01', kind: 'freigabe' });
    const { definition, problems } = definitionOf(formFromBody(bodyOf(form)), thueringen);
    expect(problems).toEqual([]);
    expect(checkPolicy(definition)).toEqual([]);
    expect(definition).toEqual(thueringen);
  });

  it('keeps what the form does not edit (assignee lookup, suppliers) by the step key', () => {
    const withExtras = {
      ...thueringen,
      steps: thueringen.steps.map((s, i) =>
        i === 0
          ? {
              ...s,
              resolve: { source: 'leitweg-fein' as const, map: { '12345': { users: ['a@stadt.example'] } } },
              when: { suppliers: ['DE123456789'] },
            }
          : s,
      ),
    };
    const form = formFromBody({ ...bodyOf(formOf('x', withExtras)), 's0-min': '500' });
    const { definition } = definitionOf(form, withExtras);
    const first = (definition as typeof withExtras).steps[0];
    expect(first.resolve).toEqual(withExtras.steps[0].resolve);
    expect(first.when).toEqual({ minAmount: '500.00', suppliers: ['DE123456789'] });
  });

  it('names problems only the form sees, at the field they belong to', () => {
    const body = {
      ...bodyOf(formOf('x', thueringen)),
      's2-min': 'zehntausend',
      's1-min': '900',
      's1-max': '800',
    };
    const { problems } = definitionOf(formFromBody(body), thueringen);
    expect(problems).toEqual([
      { path: 'steps[1].when.maxAmount', message: 'below minimum' },
      { path: 'steps[2].when.minAmount', message: 'not an amount' },
    ]);
    expect(problems.map((p) => fieldOf(p.path))).toEqual(['s1-max', 's2-min']);
    expect(fieldOf('steps[3].assignees.roles')).toBe('s3-assignees');
    expect(fieldOf('steps[0].label')).toBe('s0-label-de');
    expect(fieldOf('deadlines')).toBe('reminderDays');
    expect(fieldOf('separation.feststellerMayOrder')).toBe('separation-never');
  });

  it('adds, removes and moves steps; the buttons are read from the posted op', () => {
    const form = formOf('x', thueringen);
    expect(editorOpOf('up:2')).toEqual({ kind: 'up', index: 2 });
    expect(editorOpOf('remove:0')).toEqual({ kind: 'remove', index: 0 });
    expect(editorOpOf('dry-run')).toEqual({ kind: 'dry-run' });
    expect(editorOpOf('anything else')).toEqual({ kind: 'save' });
    const added = applyOp(form, { kind: 'add' });
    expect(added.steps).toHaveLength(5);
    expect(added.steps[4]).toMatchObject({ key: 'schritt-5', kind: 'freigabe', labelDe: '' });
    expect(applyOp(added, { kind: 'add' }).steps[5].key).toBe('schritt-6');
    expect(applyOp(form, { kind: 'up', index: 2 }).steps.map((s) => s.key)).toEqual([
      'sachlich',
      'amtsleitung',
      'rechnerisch',
      'anordnung',
    ]);
    // The first step cannot move up, the last not down.
    expect(applyOp(form, { kind: 'up', index: 0 }).steps).toEqual(form.steps);
    expect(applyOp(form, { kind: 'down', index: 3 }).steps).toEqual(form.steps);
    expect(applyOp(form, { kind: 'remove', index: 2 }).steps.map((s) => s.key)).toEqual([
      'sachlich',
      'rechnerisch',
      'anordnung',
    ]);
  });
});
