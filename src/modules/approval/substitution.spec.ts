import { closesCycle, representedBy } from './substitution.js';

describe('substitutes', () => {
  it('follows chains of absent people, nearest first, and stops at cycles', () => {
    const edges = [
      { userId: 'anna', substituteId: 'bea' },
      { userId: 'bea', substituteId: 'carl' },
      { userId: 'carl', substituteId: 'anna' },
    ];
    expect(representedBy('carl', edges)).toEqual(['bea', 'anna']);
    expect(representedBy('dora', edges)).toEqual([]);
  });

  it('refuses a substitution that would close a circle', () => {
    const edges = [
      { userId: 'anna', substituteId: 'bea' },
      { userId: 'bea', substituteId: 'carl' },
    ];
    expect(closesCycle({ userId: 'carl', substituteId: 'anna' }, edges)).toBe(true);
    expect(closesCycle({ userId: 'carl', substituteId: 'dora' }, edges)).toBe(false);
    expect(closesCycle({ userId: 'anna', substituteId: 'anna' }, [])).toBe(true);
  });
});
